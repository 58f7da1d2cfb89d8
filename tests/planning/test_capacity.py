"""The capacity bound: what the facilities and the buses can hold in a day bounds every plan."""

from tests.planning.scenarios import base_scenario, delegation, with_delegations
from tests.planning.test_solver import solved
from tours.planning.bound.capacity import capacity_bound
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.courses import favourites_bound
from tours.planning.model.units import make_units


def one_small_room() -> dict:
    """Three Japanese-speaking delegations of 12 (no interpreter, no staff) all want f1 most (5)
    and f2 next (1); f1 receives 12 people a day (one visit), so only one of them can see it.
    Each fills a bus of 12. Driving is free; a bus costs 0."""
    document = base_scenario(facilities=2, buses=3, max_visits=1)
    document["event"]["staff_seats_per_bus"] = 0
    document["facilities"][0].update(max_people=12, max_visits=1)
    document["weights"].update(driving_minute=0, bus_cost=0)
    for bus in document["buses"]:
        bus["seats"] = 12
    return with_delegations(
        document,
        *(
            delegation(key, {"f1": 5, "f2": 1}, size=12, language="ja")
            for key in ("alpha", "beta", "gamma")
        ),
    )


def test_a_facility_that_holds_one_delegation_a_day_counts_once():
    problem = problem_from_scenario(one_small_room())
    units = make_units(problem, problem.delegations)
    everyone = frozenset(u.index for u in units)
    assert favourites_bound(problem, units) == 1500  # each sees f1: 3 x 5 x 100
    assert capacity_bound(problem, units, everyone) == 700  # f1 once (500), f2 twice (200)
    plan, _ = solved(one_small_room())
    assert plan["objective"]["score"] == 700
    assert plan["objective"]["bound"] == 700
    assert plan["status"] == "optimal"


def test_buses_that_must_ride_are_paid_for():
    document = one_small_room()
    document["weights"]["bus_cost"] = 1
    problem = problem_from_scenario(document)
    units = make_units(problem, problem.delegations)
    cost = sum(b["cost"] for b in document["buses"])  # every bus is full
    everyone = frozenset(u.index for u in units)
    assert capacity_bound(problem, units, everyone) == 700 - cost
    # with nobody bound to ride, one bus takes one delegation to f1: the others are not worth a bus
    cheapest = min(b["cost"] for b in document["buses"])
    assert capacity_bound(problem, units, frozenset()) == 500 - cheapest
