"""The one bridge between the database side and the pure planning core (`tours.planning`).

Everything else on the Django side reaches the core through here, and the core never sees Django:
an event goes out as its kengaku.scenario/1 document, a kengaku.plan/1 document comes back and is
stored as a Plan. The import contracts in pyproject.toml keep it that way.
"""

import logging

from delegations.errors import Problem as InputProblem
from delegations.errors import ValidationFailed
from tours.models import Event, Plan
from tours.planning.check.verdict import check
from tours.planning.cli import summary_line
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.errors import ScenarioError
from tours.planning.model.problem import Problem
from tours.planning.replan.disruption import DisruptionWeights
from tours.planning.replan.plan_diff import plan_diff
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
               user=None, baseline: Plan | None = None,
               disruption: dict | None = None) -> Plan:  # fmt: skip
    """Solve the event, check the plan with the core's independent checker, and store it with
    the scenario it was computed from. `progress(report)` (optional) hears of the best score and
    bound while the solver runs and may return True to stop it early (tours.planning.watch).
    With a `baseline` (the published plan) it is a least-change re-plan, charged `disruption`
    weights (tours.planning.replan.disruption; defaults where left out); the plan keeps what it
    changes against the baseline in planners' words (`disruption["changes"]`).

    A plan the checker rejects is a solver bug: it is still stored (so it can be looked at) with
    `checker_violations` counting what was found, and each violation is logged.
    """
    weights = disruption_weights(disruption) if baseline is not None else None
    scenario = scenario_export(event_key=event.key)
    problem = _problem(scenario, event)
    document = solve(
        problem, time_limit_s=time_limit_s, seed=seed, workers=workers, progress=progress,
        baseline=None if baseline is None else baseline.document, disruption=weights,
    )  # fmt: skip
    changes = None
    if baseline is not None:
        diff = plan_diff(baseline.document, document, tolerance_minutes=weights.tolerance_minutes)
        changes = {**document.get("disruption", {}), "changes": diff}
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
        based_on=baseline,
        disruption=changes,
    )


def disruption_weights(data: dict | None) -> DisruptionWeights:
    """The re-plan's disruption weights, the defaults filling what `data` leaves out."""
    try:
        return DisruptionWeights.from_dict(data)
    except ValueError as exc:
        raise ValidationFailed([InputProblem("replan.weights", str(exc))], "the re-plan") from None


def disruption_defaults() -> dict:
    return DisruptionWeights().as_dict()


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


def plan_check(plan: Plan, scenario: dict | None = None) -> list[dict]:
    """The checker's violations of the plan's document against `scenario` (by default the
    scenario the plan was computed from), each as {"rule", "where", "message"}."""
    problem = _problem(plan.scenario if scenario is None else scenario, plan.event)
    result = check(problem, plan.document)
    return [{"rule": v.rule, "where": v.where, "message": v.message} for v in result.violations]


def plan_explain(plan: Plan) -> dict:
    """The plan explained (tours.planning.explain.report) against the scenario it was computed
    from, so later edits to the event cannot change why this plan is what it is."""
    from tours.planning.explain.report import explain, guide_languages_of

    problem = _problem(plan.scenario, plan.event)
    return explain(problem, plan.document, guide_languages=guide_languages_of(plan.scenario))


def pin_conflicts_for(event: Event, extra_pin_doc: dict | None = None) -> list[dict]:
    """The event's pins (plus `extra_pin_doc`, a pin not yet stored) that cannot all hold, as the
    core's pre-check finds them: each with its rule, message and the pins involved (their ids,
    None for the extra pin, their scenario form and a description). Empty when they can."""
    from tours.planning.replan.pin_conflicts import pin_conflicts
    from tours.scenario.pins import pin_identity
    from tours.scenario.rows import pin_description
    from tours.selectors.pins import pin_ids

    document = scenario_export(event_key=event.key)
    pins = list(document.get("pins", []))
    if extra_pin_doc is not None:
        pins.append(extra_pin_doc)
    if not pins:
        return []
    document["pins"] = pins
    ids = pin_ids(event=event)

    def described(i: int) -> dict:
        doc = pins[i]
        return {"id": ids.get(pin_identity(doc)), **doc, "description": pin_description(doc)}

    return [
        {"rule": c.rule, "message": c.message, "pins": [described(i) for i in c.pins]}
        for c in pin_conflicts(_problem(document, event))
    ]
