"""The one bridge between the database side and the pure planning core (`tours.planning`).

Everything else on the Django side reaches the core through here, and the core never sees Django:
an event goes out as its kengaku.scenario/1 document, a kengaku.plan/1 document comes back and is
stored as a Plan. The import contracts in pyproject.toml keep it that way.
"""

import logging

from delegations.errors import Problem as InputProblem
from delegations.errors import ValidationFailed
from tours.models import Event, Plan
from tours.planning.build import problem_from_scenario
from tours.planning.check import check
from tours.planning.cli import summary_line
from tours.planning.errors import ScenarioError
from tours.planning.problem import Problem
from tours.planning.solver import solve
from tours.selectors.scenario import scenario_export

logger = logging.getLogger(__name__)

__all__ = ["plan_event", "plan_summary", "problem_for_event"]


def problem_for_event(event: Event) -> Problem:
    """The event as the core's Problem; what the core cannot read is a ValidationFailed."""
    return _problem(scenario_export(event_key=event.key), event)


def _problem(document: dict, event: Event) -> Problem:
    try:
        return problem_from_scenario(document)
    except ScenarioError as exc:
        problems = [InputProblem(path=path, message=message) for path, message in exc.problems]
        raise ValidationFailed(problems, f"event {event.key!r} as a scenario") from None


def plan_event(event: Event, *, time_limit_s: float, seed: int, workers: int, progress=None,
               user=None) -> Plan:  # fmt: skip
    """Solve the event, check the plan with the core's independent checker, and store it with
    the scenario it was computed from. `progress(report)` (optional) hears of the best score and
    bound while the solver runs and may return True to stop it early (tours.planning.watch).

    A plan the checker rejects is a solver bug: it is still stored (so it can be looked at) with
    `checker_violations` counting what was found, and each violation is logged.
    """
    scenario = scenario_export(event_key=event.key)
    problem = _problem(scenario, event)
    document = solve(
        problem, time_limit_s=time_limit_s, seed=seed, workers=workers, progress=progress
    )
    result = check(problem, document)
    for v in result.violations:
        logger.error("plan for %s breaks rule %s at %s: %s", event.key, v.rule, v.where, v.message)
    objective = document["objective"]
    bound = objective.get("bound")
    return Plan.objects.create(
        event=event,
        scenario_sha256=document["scenario_sha256"],
        status=document["status"],
        score=objective["score"],
        bound=None if bound is None else int(bound),
        solve_seconds=document["solve_seconds"],
        seed=seed,
        time_limit_s=time_limit_s,
        workers=workers,
        scenario=scenario,
        stats=_stats(document),
        document=document,
        checker_violations=len(result.violations),
        created_by=user,
    )


def _stats(document: dict) -> dict:
    """The solver's figures worth listing beside a plan (the document holds the rest)."""
    objective = document["objective"]
    return {
        "solve_seconds": document["solve_seconds"],
        "score": objective["score"],
        "bound": objective.get("bound"),
        "gap": _gap(objective["score"], objective.get("bound")),
        "buses": len(document["buses"]),
        "unassigned": len(document["unassigned"]),
        "warnings": list(document.get("warnings") or []),
    }


def _gap(score: int, bound: int | None) -> float | None:
    if bound is None or bound == 0:
        return None
    return round((bound - score) / abs(bound), 6)


def plan_summary(plan: Plan) -> str:
    """The same one-line summary the core's command line prints."""
    return summary_line(plan.document)
