"""Routes: explain a plan (`GET /plans/{plan_id}/explain`).

The answer is keyed by delegation, bus and facility key, in the scenario's (and plan's) order;
its schemas live here because nothing else returns them.
"""

from django.http import HttpRequest
from ninja import Router, Schema

from tours.selectors.explain import plan_explanation


class BindingOut(Schema):
    rule: str  # accessibility | avoid | route length | window | capacity | language | score
    rules: list[int]  # the contract's hard rules involved (none for language and score)
    reason: str


class GetOut(Schema):
    facility: str
    name: str
    interest: int  # interest(d, f) as the contract defines it
    weighted_interest: int  # times the delegation's priority
    start: str


class MissOut(Schema):
    facility: str
    name: str
    interest: int
    weighted_interest: int
    binding: BindingOut


class DelegationExplainOut(Schema):
    bus: str | None
    unassigned: str | None  # the plan's reason when it rides no bus
    priority: int
    gets: list[GetOut]
    interest: int
    weighted_interest: int
    misses: MissOut | None  # its most-wanted facility not visited (None: nothing wanted missed)


class BusPeopleOut(Schema):
    delegates: int
    interpreters: int
    staff: int


class BusExplainOut(Schema):
    seats: int
    load: int
    free_seats: int
    people: BusPeopleOut
    wheelchair_spaces: int
    wheelchair_users: int
    start: str
    end: str
    driving_minutes: int
    idle_minutes: int  # neither driving, boarding, visiting nor lunch, from start to end
    visits: int
    delegations: list[str]
    interpreters: list[str]


class FacilityVisitOut(Schema):
    bus: str
    start: str
    end: str
    people: int


class FacilityExplainOut(Schema):
    name: str
    visits: list[FacilityVisitOut]
    visit_count: int  # buses starting together count once, as rule 5 counts
    max_visits: int
    peak_people: int
    max_people: int
    peak_buses: int
    max_buses_at_once: int
    people_over_day: int


class PlanExplainOut(Schema):
    plan: int
    event: str
    delegations: dict[str, DelegationExplainOut]
    buses: dict[str, BusExplainOut]
    facilities: dict[str, FacilityExplainOut]


def add_explain_routes(router: Router) -> None:
    """Adds the explain routes to the tours router."""

    @router.get("/plans/{plan_id}/explain", response=PlanExplainOut, tags=["plans"])
    def explain_plan(request: HttpRequest, plan_id: int):
        """Per delegation, the facilities it gets with their interest and the most-wanted one it
        misses with the rule that binds; per bus, seats used and idle minutes; per facility,
        visits and occupancy against its limits."""
        return plan_explanation(plan_id=plan_id)
