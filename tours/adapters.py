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
    document = scenario_export(event_key=event.key)
    try:
        return problem_from_scenario(document)
    except ScenarioError as exc:
        problems = [InputProblem(path=path, message=message) for path, message in exc.problems]
        raise ValidationFailed(problems, f"event {event.key!r} as a scenario") from None


def plan_event(event: Event, *, time_limit_s: float, seed: int, workers: int) -> Plan:
    """Solve the event, check the plan with the core's independent checker, and store it.

    A plan the checker rejects is a solver bug: it is still stored (so it can be looked at) with
    `checker_violations` counting what was found, and each violation is logged.
    """
    problem = problem_for_event(event)
    document = solve(problem, time_limit_s=time_limit_s, seed=seed, workers=workers)
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
        document=document,
        checker_violations=len(result.violations),
    )


def plan_summary(plan: Plan) -> str:
    """The same one-line summary the core's command line prints."""
    return summary_line(plan.document)
