"""Regrouping: who rides together is changed for the better, and every result is a valid plan."""

import time

from tests.planning.scenarios import base_scenario, delegation, with_delegations
from tours.planning.bound.patterns import PatternSpace
from tours.planning.check.verdict import check
from tours.planning.day import _courses, _placeable
from tours.planning.model.build import problem_from_scenario
from tours.planning.quick.greedy import greedy_plan
from tours.planning.quick.regroup import Regrouper, regroup

KEYS = ["hotel", "lunch", "fac-x", "fac-y"]
MINUTES = [[0, 20, 20, 20], [20, 0, 15, 15], [20, 15, 0, 25], [20, 15, 25, 0]]


def _scenario(delegations: list[dict], buses: list[dict], interpreters: list[dict]) -> dict:
    facility = {"visit_minutes": 60, "windows": [["09:00", "17:00"]], "max_people": 50,
                "max_buses_at_once": 2, "max_visits": 2, "wheelchair": True, "themes": [],
                "lat": 35.5, "lon": 139.6}  # fmt: skip
    return {
        "format": "kengaku.scenario/1",
        "event": {"key": "pairs", "name": "Pairs", "date": "2025-11-27", "day_start": "08:00",
                  "day_end": "18:00", "lunch": {"earliest": "11:30", "latest": "13:30",
                  "minutes": 60}, "staff_seats_per_bus": 1, "max_visits_per_bus": 1,
                  "min_visits_per_bus": 1, "boarding_minutes": 10},
        "travel": {"matrix": {"keys": KEYS, "minutes": MINUTES}},
        "places": [{"key": "hotel", "name": "Hotel", "lat": 35.4, "lon": 139.6, "kind": "hotel"},
                   {"key": "lunch", "name": "Lunch", "lat": 35.5, "lon": 139.7, "kind": "lunch"}],
        "facilities": [{"key": "fac-x", "name": "X", **facility},
                       {"key": "fac-y", "name": "Y", **facility}],
        "buses": [{"seats": 12, "wheelchair_spaces": 0, "cost": 100,
                   "available": ["07:30", "19:00"], **bus} for bus in buses],
        "interpreters": interpreters,
        "delegations": [{"city": d["key"], "country": "XX", "pickup": "hotel",
                         "dropoff": "hotel", **d} for d in delegations],
    }  # fmt: skip


def _space(problem):
    units, _ = _placeable(problem)
    courses, _ = _courses(problem, units)
    return PatternSpace(problem, units, courses)


def _nobody_placed(problem) -> dict:
    """A plan with no buses yet: every delegation unassigned."""
    return {"format": "kengaku.plan/1", "scenario": problem.event,
            "scenario_sha256": problem.scenario_sha256, "status": "feasible",
            "solve_seconds": 0, "buses": [], "warnings": [], "objective": {},
            "unassigned": [{"delegation": d.key, "reason": "not yet"}
                           for d in problem.delegations]}  # fmt: skip


def _groups(plan: dict) -> set[frozenset]:
    return {frozenset(bus["delegations"]) for bus in plan["buses"]}


def _assert_valid(problem, plan: dict) -> None:
    result = check(problem, plan)
    assert result.violations == ()
    assert result.objective.score == plan["objective"]["score"]


def test_delegations_that_want_the_same_facility_end_up_on_the_same_bus():
    """The spreadsheet way fills buses by language (Thai with Thai): each bus then pleases one
    of its two delegations. Regrouping pairs them by what they want to see instead."""
    wants = {"d1": ("th", "fac-x"), "d2": ("th", "fac-y"), "d3": ("vi", "fac-x"),
             "d4": ("vi", "fac-y")}  # fmt: skip
    document = _scenario(
        [{"key": k, "language": lang, "size": 5, "interests": {f: 5}}
         for k, (lang, f) in wants.items()],
        [{"key": "bus-1"}, {"key": "bus-2"}],
        [{"key": f"i{n}", "name": f"I{n}", "languages": ["ja", "th", "vi"],
          "available": ["07:00", "19:00"]} for n in (1, 2)],
    )  # fmt: skip
    problem = problem_from_scenario(document)
    start = greedy_plan(problem, joint=False)
    assert _groups(start) == {frozenset({"d1", "d2"}), frozenset({"d3", "d4"})}
    plan = regroup(problem, _space(problem), start, deadline=time.monotonic() + 60, seed=0,
                   max_steps=100)  # fmt: skip
    assert _groups(plan) == {frozenset({"d1", "d3"}), frozenset({"d2", "d4"})}
    assert plan["objective"]["interest"] == 4 * 5
    assert plan["objective"]["score"] > start["objective"]["score"]
    _assert_valid(problem, plan)


def test_a_delegation_no_bus_carries_gets_a_seat_when_another_moves_to_make_room():
    document = _scenario(
        [{"key": "d1", "language": "ja", "size": 6, "interests": {"fac-x": 5}},
         {"key": "d2", "language": "ja", "size": 4, "interests": {"fac-x": 5}},
         {"key": "d3", "language": "ja", "size": 8, "interests": {"fac-y": 5}}],
        [{"key": "bus-1"}, {"key": "bus-2"}], [],
    )  # fmt: skip
    problem = problem_from_scenario(document)
    space = _space(problem)
    search = Regrouper(problem, space, _nobody_placed(problem), seed=0)
    index = {u.keys[0]: u.index for u in space.units}
    assert search._attempt({"bus-1": (index["d1"],), "bus-2": (index["d2"],)}, placing=2)
    search.nowhere -= {index["d1"], index["d2"]}
    start = search.document()  # d3 fits neither bus beside the delegation already on it
    assert [e["delegation"] for e in start["unassigned"]] == ["d3"]
    _assert_valid(problem, start)
    plan = regroup(problem, space, start, deadline=time.monotonic() + 60, seed=0, max_steps=100)
    assert plan["unassigned"] == []
    assert _groups(plan) == {frozenset({"d1", "d2"}), frozenset({"d3"})}
    _assert_valid(problem, plan)


def test_a_large_delegation_no_bus_carries_gets_a_bus_cleared_for_it():
    """d3 needs the large bus, where d1 and d2 sit; moving one of them is not enough (d3 fits
    beside neither), so a kick clears the large bus for d3 and the climb seats d1 and d2 on the
    small buses."""
    document = _scenario(
        [{"key": "d1", "language": "ja", "size": 5, "interests": {"fac-x": 5}},
         {"key": "d2", "language": "ja", "size": 5, "interests": {"fac-x": 4}},
         {"key": "d3", "language": "ja", "size": 15, "interests": {"fac-y": 5}}],
        [{"key": "bus-1", "seats": 20}, {"key": "bus-2", "seats": 8},
         {"key": "bus-3", "seats": 8}], [],
    )  # fmt: skip
    problem = problem_from_scenario(document)
    space = _space(problem)
    search = Regrouper(problem, space, _nobody_placed(problem), seed=0)
    index = {u.keys[0]: u.index for u in space.units}
    assert search._attempt({"bus-1": (index["d1"], index["d2"])}, placing=2)
    search.nowhere -= {index["d1"], index["d2"]}
    start = search.document()
    assert [e["delegation"] for e in start["unassigned"]] == ["d3"]
    _assert_valid(problem, start)
    plan = regroup(problem, space, start, deadline=time.monotonic() + 60, seed=0, max_steps=200)
    assert plan["unassigned"] == []
    assert _groups(plan) == {frozenset({"d1"}), frozenset({"d2"}), frozenset({"d3"})}
    _assert_valid(problem, plan)


def test_a_delegation_whose_only_course_is_worth_least_is_found_it_by_routing_more_courses():
    """'late' is picked up at 12:40, when eight of nine facilities no longer take a visit: its
    one course is f9 alone, which it values least of all 129 courses (it wants f1-f8). Clearing a
    bus for it routes its 60 best courses, then 120, then 240, which reach that course."""
    document = base_scenario(facilities=9, buses=2, max_visits=3)
    document["event"]["lunch"] = {"earliest": "11:30", "latest": "14:00", "minutes": 60}
    for facility in document["facilities"][:8]:
        facility["windows"] = [["09:00", "13:30"]]
    wants = {f"f{i}": 5 for i in range(1, 9)}
    document = with_delegations(
        document,
        delegation("d1", {"f1": 5}, size=5, language="ja"),
        delegation("d2", {"f2": 5}, size=5, language="ja"),
        delegation("late", {**wants, "f9": 1}, size=15, language="ja", earliest_pickup="12:40"),
    )
    problem = problem_from_scenario(document)
    space = _space(problem)
    assert len(space.courses) == 129
    search = Regrouper(problem, space, _nobody_placed(problem), seed=0)
    index = {u.keys[0]: u.index for u in space.units}
    assert search._attempt({"bus-1": (index["d1"],), "bus-2": (index["d2"],)}, placing=2)
    search.nowhere -= {index["d1"], index["d2"]}
    evictions = 0
    while index["late"] in search.nowhere and evictions < 5:
        search._evict()
        evictions += 1
    assert evictions == 3
    start = search.document()
    _assert_valid(problem, start)
    plan = regroup(problem, space, start, deadline=time.monotonic() + 60, seed=0, max_steps=200)
    assert plan["unassigned"] == []
    late = next(bus for bus in plan["buses"] if "late" in bus["delegations"])
    assert [s["at"] for s in late["stops"] if s["kind"] == "visit"] == ["f9"]
    _assert_valid(problem, plan)


def test_two_buses_deal_their_delegations_out_afresh_where_no_single_move_or_swap_can():
    """Both buses are full: no delegation fits beside another bus's, and no one-for-one swap
    fits either. Only trading the large Busan for Hanoi and Hue together puts everyone beside
    those who want the same facility: recombination finds that split."""
    sizes = {"a1": 5, "a2": 3, "a3": 2, "a4": 2, "b1": 4, "b2": 4, "b3": 4}
    wants = {"a1": ("fac-x", 5), "a2": ("fac-x", 5), "a3": ("fac-x", 4), "a4": ("fac-x", 4),
             "b1": ("fac-y", 5), "b2": ("fac-y", 5), "b3": ("fac-y", 5)}  # fmt: skip
    document = _scenario(
        [{"key": k, "language": "ja", "size": sizes[k], "interests": {f: v}}
         for k, (f, v) in wants.items()],
        [{"key": "bus-1", "seats": 13}, {"key": "bus-2", "seats": 13}], [],
    )  # fmt: skip
    problem = problem_from_scenario(document)
    space = _space(problem)
    search = Regrouper(problem, space, _nobody_placed(problem), seed=0)
    index = {u.keys[0]: u.index for u in space.units}
    start = {"bus-1": ("a1", "a2", "b1"), "bus-2": ("a3", "a4", "b2", "b3")}
    move = {bus: tuple(sorted(index[k] for k in keys)) for bus, keys in start.items()}
    assert search._attempt(move, placing=len(index))
    search.nowhere.clear()
    assert _groups(search.document()) == {frozenset(keys) for keys in start.values()}
    deadline = time.monotonic() + 60
    assert not search._improve(deadline)  # a local optimum for moves and swaps
    assert search._recombine(deadline)
    plan = search.document()
    assert _groups(plan) == {frozenset({"a1", "a2", "a3", "a4"}), frozenset({"b1", "b2", "b3"})}
    assert plan["objective"]["interest"] == 5 + 5 + 4 + 4 + 3 * 5
    _assert_valid(problem, plan)
