"""explain(): each binding rule where it truly binds, bus idle minutes and facility occupancy by
hand, and the demo solved and explained. Every hand-made plan passes the checker first."""

import json
from pathlib import Path

import pytest

from tests.planning.scenarios import base_scenario, delegation, with_delegations
from tests.planning.tiny import scenario as tiny_scenario
from tests.planning.tiny import stop
from tests.planning.tiny import valid_plan as tiny_plan
from tours.planning.check.verdict import check, objective_of
from tours.planning.explain.report import explain, guide_languages_of
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.problem import hhmm, minutes
from tours.planning.solver import solve

DEMO = Path(__file__).resolve().parents[2] / "tours" / "fixtures" / "ascc-2025.json"
RULES = {"accessibility", "avoid", "route length", "window", "capacity", "language", "score"}


def _ja(key: str, interests: dict, **extra) -> dict:
    return delegation(key, interests, language="ja", **extra)


def _route(bus: str, riders: list[str], middle: list[tuple], pickup="09:00", interpreters=()):
    """A route from and to the hotel: pickup, `middle` (kind, at, arrive, start, end), drop-off."""
    board_end, last = hhmm(minutes(pickup) + 10), middle[-1][4]
    drop_end = hhmm(minutes(last) + 10)
    return {
        "bus": bus,
        "interpreters": list(interpreters),
        "delegations": riders,
        "stops": [
            stop("pickup", "hotel", pickup, pickup, board_end, board=riders),
            *(stop(*item) for item in middle),
            stop("dropoff", "hotel", last, last, drop_end, alight=riders),
        ],
    }


def _explained(document: dict, routes: list[dict], unassigned=()) -> dict:
    problem = problem_from_scenario(document)
    for route in routes:
        size = sum(d["size"] for d in document["delegations"] if d["key"] in route["delegations"])
        route["load"] = size + len(route["interpreters"]) + 1
    plan = {"format": "kengaku.plan/1", "scenario": problem.event, "status": "feasible",
            "buses": routes, "unassigned": list(unassigned), "warnings": []}  # fmt: skip
    score = objective_of(problem, plan)
    plan["objective"] = {**score.__dict__, "bound": None}
    result = check(problem, plan)
    assert result.ok, [str(v) for v in result.violations]
    return explain(problem, plan, guide_languages=guide_languages_of(document))


MORNING = [
    ("visit", "f1", "09:10", "09:10", "10:10"),
    ("lunch", "lunch", "10:10", "11:30", "12:30"),
]


def _binding(explained: dict, key: str) -> dict:
    return explained["delegations"][key]["misses"]["binding"]


def test_a_wheelchair_user_aboard_keeps_out_a_facility_without_access():
    document = tiny_scenario()
    explained = explain(problem_from_scenario(document), tiny_plan())
    bkk = explained["delegations"]["d-bkk"]
    assert bkk["gets"] == [
        {"facility": "fac-x", "name": "fac-x", "interest": 5, "weighted_interest": 10,
         "start": "09:30"},
        {"facility": "fac-z", "name": "fac-z", "interest": 4, "weighted_interest": 8,
         "start": "10:55"},
    ]  # fmt: skip
    assert (bkk["priority"], bkk["interest"], bkk["weighted_interest"]) == (2, 9, 18)
    assert bkk["misses"]["facility"] == "fac-y" and bkk["misses"]["interest"] == 3  # theme energy
    assert _binding(explained, "d-bkk")["rule"] == "accessibility"
    assert _binding(explained, "d-bkk")["rules"] == [6]
    assert explained["delegations"]["d-kl"]["misses"] is None  # fac-y is avoided, not wanted


def test_a_fourth_visit_is_beyond_the_route_length():
    document = with_delegations(
        base_scenario(max_visits=3), _ja("alpha", {"f1": 1, "f2": 1, "f3": 1, "f4": 5})
    )
    middle = [*MORNING, ("visit", "f2", "12:30", "12:30", "13:30"),
              ("visit", "f3", "13:30", "13:30", "14:30")]  # fmt: skip
    explained = _explained(document, [_route("bus-1", ["alpha"], middle)])
    misses = explained["delegations"]["alpha"]["misses"]
    assert (misses["facility"], misses["interest"]) == ("f4", 5)
    assert misses["binding"]["rule"] == "route length"
    assert "3 visits (f1, f2, f3)" in misses["binding"]["reason"]


def test_a_window_that_closed_before_the_bus_could_arrive():
    document = with_delegations(
        base_scenario(max_visits=3), _ja("alpha", {"f1": 1, "f4": 5}, earliest_pickup="09:00")
    )
    document["facilities"][3]["windows"] = [["08:00", "09:30"]]
    explained = _explained(document, [_route("bus-1", ["alpha"], MORNING)])
    binding = _binding(explained, "alpha")
    assert binding["rule"] == "window" and binding["rules"] == [4, 5]
    assert "it could arrive at 09:10, when no window of 'f4' is left" in binding["reason"]


def test_a_visit_that_would_push_the_drop_off_past_the_latest_is_route_length():
    alpha = _ja("alpha", {"f1": 1, "f2": 5}, earliest_pickup="10:00", latest_dropoff="12:40")
    document = with_delegations(base_scenario(max_visits=3), alpha)
    middle = [
        ("visit", "f1", "10:10", "10:10", "11:10"),
        ("lunch", "lunch", "11:10", "11:30", "12:30"),
    ]
    explained = _explained(document, [_route("bus-1", ["alpha"], middle, pickup="10:00")])
    binding = _binding(explained, "alpha")
    assert binding["rule"] == "route length", binding
    assert "after 'alpha''s latest drop-off 12:40" in binding["reason"]


def test_a_facility_full_with_another_bus_binds_by_capacity():
    document = with_delegations(
        base_scenario(max_visits=3), _ja("alpha", {"f1": 1, "f4": 5}), _ja("beta", {"f4": 5})
    )
    document["facilities"][3].update(max_visits=1, max_buses_at_once=1)
    beta_middle = [("visit", "f4", "09:10", "09:10", "10:10"), MORNING[1]]
    routes = [_route("bus-1", ["alpha"], MORNING), _route("bus-2", ["beta"], beta_middle)]
    explained = _explained(document, routes)
    binding = _binding(explained, "alpha")
    assert binding["rule"] == "capacity" and binding["rules"] == [5]
    assert "bus 'bus-2' 09:10-10:10" in binding["reason"]  # joining it: one bus at once
    assert "already has its 1 visit(s) of the day (09:10)" in binding["reason"]
    assert explained["delegations"]["beta"]["misses"] is None


def test_a_bus_larger_than_the_facility_admits_binds_by_capacity():
    document = with_delegations(base_scenario(max_visits=3), _ja("alpha", {"f1": 1, "f4": 5}))
    document["facilities"][3]["max_people"] = 4  # 3 delegates and the staff seat fit
    explained = _explained(document, [_route("bus-1", ["alpha"], MORNING)])
    assert _binding(explained, "alpha")["rule"] == "score"
    document["facilities"][3]["max_people"] = 3
    binding = _binding(_explained(document, [_route("bus-1", ["alpha"], MORNING)]), "alpha")
    assert binding["rule"] == "capacity"
    assert binding["reason"] == "the bus carries 4 people; 'f4' admits 3"


def test_another_rider_avoiding_the_facility_binds():
    document = with_delegations(
        base_scenario(max_visits=3), _ja("alpha", {"f1": 1, "f2": 5}), _ja("beta", {}, avoid=["f2"])
    )
    explained = _explained(document, [_route("bus-1", ["alpha", "beta"], MORNING)])
    binding = _binding(explained, "alpha")
    assert binding["rule"] == "avoid" and "'beta'" in binding["reason"]


def test_a_visit_that_fits_and_is_free_is_left_out_by_the_score():
    document = with_delegations(base_scenario(max_visits=3), _ja("alpha", {"f1": 3, "f2": 1}))
    explained = _explained(document, [_route("bus-1", ["alpha"], MORNING)])
    binding = _binding(explained, "alpha")
    assert binding["rule"] == "score" and binding["rules"] == []
    # before f1 (pushing it and lunch as far as 13:00), before lunch, and after it to 17:00
    assert "starting 09:10-12:00, 12:30-16:00" in binding["reason"]


def test_guides_without_the_delegation_s_language_are_noted_when_nothing_else_binds():
    document = with_delegations(
        base_scenario(max_visits=3), delegation("alpha", {"f1": 3, "f2": 1}, language="th")
    )
    explained = _explained(document, [_route("bus-1", ["alpha"], MORNING, interpreters=["int-th"])])
    binding = _binding(explained, "alpha")
    assert binding["rule"] == "language" and "guides speak ja, not th" in binding["reason"]
    document["facilities"][1]["guide_languages"] = ["ja", "th"]
    explained = _explained(document, [_route("bus-1", ["alpha"], MORNING, interpreters=["int-th"])])
    assert _binding(explained, "alpha")["rule"] == "score"


def test_idle_minutes_are_what_is_neither_driving_boarding_visiting_nor_lunch():
    explained = explain(problem_from_scenario(tiny_scenario()), tiny_plan())
    bus_2 = explained["buses"]["bus-2"]
    # 09:00-14:40 is 340 minutes: 2 x 10 boarding, 90 + 60 visits, 60 lunch, 90 driving, and
    # waiting 11:25-11:30 for lunch and 12:45-13:00 for fac-x's afternoon window
    assert (bus_2["driving_minutes"], bus_2["idle_minutes"]) == (90, 5 + 15)
    assert explained["buses"]["bus-1"]["idle_minutes"] == 0
    assert bus_2 | {"people": None} == bus_2 | {
        "seats": 15, "load": 12, "free_seats": 3, "wheelchair_spaces": 0, "wheelchair_users": 0,
        "start": "09:00", "end": "14:40", "visits": 2, "delegations": ["d-hn"],
        "interpreters": ["int-2"], "people": None,
    }  # fmt: skip
    assert bus_2["people"] == {"delegates": 10, "interpreters": 1, "staff": 1}
    assert explained["buses"]["bus-1"]["wheelchair_users"] == 1


def test_waiting_before_a_window_and_for_lunch_is_idle():
    document = with_delegations(base_scenario(max_visits=3), _ja("alpha", {"f1": 1}))
    middle = [
        ("visit", "f1", "09:10", "09:30", "10:30"),
        ("lunch", "lunch", "10:30", "11:30", "12:30"),
    ]
    explained = _explained(document, [_route("bus-1", ["alpha"], middle)])
    assert explained["buses"]["bus-1"]["idle_minutes"] == 20 + 60  # zero travel: all waiting


def test_facility_occupancy_counts_buses_arriving_together_as_one_visit():
    document = with_delegations(
        base_scenario(max_visits=3),
        _ja("alpha", {"f1": 1}, size=5),
        _ja("beta", {"f1": 1}, size=7),
    )
    beta = [("visit", "f1", "09:10", "09:10", "10:10"), ("visit", "f2", "10:10", "10:10", "11:10"),
            ("lunch", "lunch", "11:10", "11:30", "12:30")]  # fmt: skip
    routes = [_route("bus-1", ["alpha"], MORNING), _route("bus-2", ["beta"], beta)]
    facilities = _explained(document, routes)["facilities"]
    assert facilities["f1"] == {
        "name": "Facility 1",
        "visits": [{"bus": "bus-1", "start": "09:10", "end": "10:10", "people": 6},
                   {"bus": "bus-2", "start": "09:10", "end": "10:10", "people": 8}],
        "visit_count": 1, "max_visits": 3,
        "peak_people": 14, "max_people": 60,
        "peak_buses": 2, "max_buses_at_once": 2,
        "people_over_day": 14,
    }  # fmt: skip
    assert facilities["f2"]["visit_count"] == 1 and facilities["f2"]["peak_people"] == 8
    assert facilities["f3"]["visits"] == [] and facilities["f3"]["peak_buses"] == 0


def test_an_unassigned_delegation_has_no_bus_and_its_reason():
    document = with_delegations(
        base_scenario(max_visits=3), _ja("alpha", {"f1": 1}), _ja("omega", {"f1": 5}, size=30)
    )
    unassigned = [{"delegation": "omega", "reason": "larger than any bus (rule 2)"}]
    explained = _explained(document, [_route("bus-1", ["alpha"], MORNING)], unassigned)
    assert explained["delegations"]["omega"] == {
        "bus": None, "unassigned": "larger than any bus (rule 2)", "priority": 1, "gets": [],
        "interest": 0, "weighted_interest": 0, "misses": None,
    }  # fmt: skip


@pytest.fixture(scope="module")
def demo() -> tuple[dict, dict, dict]:
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    problem = problem_from_scenario(document)
    plan = solve(problem, time_limit_s=3, seed=0, workers=1)
    explained = explain(problem, plan, guide_languages=guide_languages_of(document))
    return document, plan, explained


def test_the_demo_explains_every_delegation_bus_and_facility(demo):
    document, plan, explained = demo
    assert list(explained["delegations"]) == [d["key"] for d in document["delegations"]]
    assert list(explained["buses"]) == [b["bus"] for b in plan["buses"]]
    assert list(explained["facilities"]) == [f["key"] for f in document["facilities"]]
    for bus in plan["buses"]:
        mine = explained["buses"][bus["bus"]]
        assert mine["load"] == bus["load"] and mine["free_seats"] >= 0
        assert mine["idle_minutes"] >= 0 and mine["delegations"] == bus["delegations"]
        for key in bus["delegations"]:
            d = explained["delegations"][key]
            assert d["bus"] == bus["bus"]
            visits = [s["at"] for s in bus["stops"] if s["kind"] == "visit"]
            assert [g["facility"] for g in d["gets"]] == visits
            assert d["misses"] is None or d["misses"]["binding"]["rule"] in RULES
    interest = sum(d["weighted_interest"] for d in explained["delegations"].values())
    assert interest == plan["objective"]["interest"]
    driving = sum(b["driving_minutes"] for b in explained["buses"].values())
    assert driving == plan["objective"]["driving_minutes"]
    visits = sum(len(f["visits"]) for f in explained["facilities"].values())
    assert visits == sum(s["kind"] == "visit" for b in plan["buses"] for s in b["stops"])
    for f in explained["facilities"].values():
        assert f["visit_count"] <= f["max_visits"] and f["peak_people"] <= f["max_people"]
        assert f["peak_buses"] <= f["max_buses_at_once"]
    for item in plan["unassigned"]:
        assert explained["delegations"][item["delegation"]]["unassigned"] == item["reason"]


def test_a_visit_pinned_to_its_time_is_not_pushed_to_make_room():
    document = with_delegations(base_scenario(max_visits=3), _ja("alpha", {"f1": 3, "f2": 1}))
    document["pins"] = [{"kind": "visit_time", "bus": "bus-1", "facility": "f1", "start": "09:10"}]
    binding = _binding(_explained(document, [_route("bus-1", ["alpha"], MORNING)]), "alpha")
    assert binding["rule"] == "score"
    assert "starting 10:10-12:00, 12:30-16:00" in binding["reason"]  # not before f1 any more
