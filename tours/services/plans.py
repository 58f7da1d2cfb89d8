"""Plan a tour day: solve it with the planning core (through tours.adapters) and store the plan."""

from delegations.errors import Conflict, Problem, ValidationFailed
from tours import adapters
from tours.models import Plan
from tours.scenario.document import scenario_sha256
from tours.selectors.events import event_get
from tours.selectors.plans import event_now, plan_get
from tours.selectors.scenario import scenario_of
from tours.services.pins import pins_ensure_compatible


def plan_create(*, event_key: str, time_limit_s: float, seed: int = 0, workers: int = 2,
                progress=None, user=None, replan: dict | None = None) -> Plan:  # fmt: skip
    """Solve the event's day within `time_limit_s` seconds and store the plan (a new one each run).
    `progress` as in tours.adapters.plan_event (reports while it runs; True stops it early).
    `replan` (a dict, optional: `{"weights": {...}}`) makes it a least-change re-plan from the
    event's published plan (Conflict when nothing is published). Pins that cannot all hold are
    a PinConflict (409) before any solve starts.

    Raises NotFound for an unknown event and ValidationFailed for bad settings or an event the
    core cannot read. The stored plan counts what the independent checker found wrong with it
    (`checker_violations`, zero unless the solver has a bug).
    """
    problems = []
    if not time_limit_s > 0:
        problems.append(Problem("time_limit_s", "must be a positive number of seconds"))
    if workers < 1:
        problems.append(Problem("workers", "must be at least 1"))
    if problems:
        raise ValidationFailed(problems, "the planning settings")
    event = event_get(key=event_key)
    baseline = plan_inputs_ensure_ready(event=event, replan=replan)
    weights = None if replan is None else replan.get("weights")
    return adapters.plan_event(event, time_limit_s=time_limit_s, seed=seed, workers=workers,
                               progress=progress, user=user, baseline=baseline,
                               disruption=weights)  # fmt: skip


def plan_inputs_ensure_ready(*, event, replan: dict | None) -> Plan | None:
    """Before any solve starts (here, and when a background solve is asked for): the pins can
    all hold (else PinConflict, 409), and a re-plan has a published plan to start from and
    valid weights. The published plan for a re-plan, else None."""
    pins_ensure_compatible(event=event)
    if replan is None:
        return None
    if not isinstance(replan, dict):
        raise ValidationFailed([Problem("replan", "must be an object")], "the re-plan")
    unknown = sorted(set(replan) - {"weights"})
    if unknown:
        raise ValidationFailed(
            [Problem(f"replan.{k}", "unknown field (allowed: weights)") for k in unknown],
            "the re-plan",
        )
    adapters.disruption_weights(replan.get("weights"))
    return _published_plan(event)


def _published_plan(event) -> Plan:
    publication = event.publications.select_related("plan").order_by("-sequence").first()
    if publication is None:
        raise Conflict(
            f"nothing is published for event {event.key!r}: a re-plan starts from the published "
            "plan (publish one, or solve afresh)",
            code="nothing_published",
        )
    return publication.plan


def plan_summary(plan: Plan) -> str:
    """One line: event, status, score, bound, gap, solve time, buses, unassigned."""
    return adapters.plan_summary(plan)


def plan_check(*, plan_id: int, against: str = "own") -> dict:
    """Check a stored plan with the core's independent checker, against the scenario it was
    computed from (`against="own"`) or the event's current data (`against="current"`).

    A read, but it lives here because only services may reach the core (through adapters).
    """
    if against not in ("own", "current"):
        raise ValidationFailed([Problem("against", "must be 'own' or 'current'")], "the request")
    plan = plan_get(plan_id=plan_id)
    scenario = plan.scenario
    if against == "current":
        scenario = scenario_of(event_now(plan))
    elif scenario is None:
        raise Conflict(
            f"plan {plan.pk} does not keep the scenario it was computed from: "
            "check it with against=current",
            code="plan_without_scenario",
        )
    violations = adapters.plan_check(plan, scenario)
    return {
        "plan": plan.pk,
        "against": against,
        "scenario_sha256": scenario_sha256(scenario),
        "ok": not violations,
        "violations": violations,
    }
