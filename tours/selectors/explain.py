"""Read a plan's explanation: what each delegation gets and misses and why, how full each bus and
facility is (the core's tours.planning.explain.report, reached through tours.adapters)."""

from delegations.errors import Conflict
from tours import adapters
from tours.selectors.plans import plan_get


def plan_explanation(*, plan_id: int) -> dict:
    """{plan, event, delegations, buses, facilities} for the stored plan, read against the
    scenario it was computed from. NotFound for an unknown plan; Conflict for a plan stored
    before plans kept their scenario (there is nothing true to explain it against)."""
    plan = plan_get(plan_id=plan_id)
    if plan.scenario is None:
        message = f"plan {plan_id} does not keep the scenario it was computed from; solve again"
        raise Conflict(message, code="plan_without_scenario")
    return {"plan": plan.pk, "event": plan.event.key, **adapters.plan_explain(plan)}
