"""Lengthening (quick/lengthen.py): a plan made with few visits per bus, its routes lengthened
bus by bus, kept only when the whole plan passes the checker and scores more."""

import copy
import time

import pytest

from tours.planning.check.verdict import check
from tours.planning.model.build import problem_from_scenario
from tours.planning.quick.lengthen import NotLengthened, lengthen, route_alone
from tours.planning.routing.long_routes import route_entry
from tours.planning.routing.plan import objective_parts
from tours.planning.routing.sheet import Sheet

from .walking import day_problem, short_plan, walking_day

SECONDS = 1.5


def _visits(plan: dict) -> list[int]:
    return [sum(1 for s in b["stops"] if s["kind"] == "visit") for b in plan["buses"]]


def _assert_checked(problem, plan: dict) -> None:
    result = check(problem, plan)
    assert result.ok, [f"{v.where}: {v.message}" for v in result.violations]
    assert plan["objective"]["score"] == result.objective.score


def test_a_short_walking_day_is_lengthened_into_a_long_route_that_scores_more():
    problem = day_problem()  # 30 facilities of 15-25 minutes, one bus
    start = short_plan(problem)
    assert _visits(start) == [3]
    longer = lengthen(problem, start, deadline=time.monotonic() + SECONDS)
    _assert_checked(problem, longer)
    assert _visits(longer)[0] >= 8
    assert longer["objective"]["score"] > start["objective"]["score"]


def test_buses_below_min_visits_reach_it_and_none_passes_max():
    problem = day_problem(buses=2, min_visits=5, max_visits=6)
    start = short_plan(problem)  # three visits each: short of five
    assert not check(problem, start).ok
    longer = lengthen(problem, start, deadline=time.monotonic() + SECONDS)
    _assert_checked(problem, longer)
    assert all(5 <= n <= 6 for n in _visits(longer))


def test_facility_and_lunch_room_limits_hold_against_the_other_bus():
    document = walking_day(buses=2)  # one bus at once per facility; the lunch room seats 12
    for facility in document["facilities"]:
        facility["max_visits"] = 1  # the buses want the same ones: each may have it once
    problem = problem_from_scenario(document)
    start = short_plan(problem)
    longer = lengthen(problem, start, deadline=time.monotonic() + 2 * SECONDS)
    _assert_checked(problem, longer)
    assert min(_visits(longer)) >= 8
    visited = [s["at"] for b in longer["buses"] for s in b["stops"] if s["kind"] == "visit"]
    assert len(visited) == len(set(visited))
    lunches = [next(s for s in b["stops"] if s["kind"] == "lunch") for b in longer["buses"]]
    first, second = sorted(lunches, key=lambda s: s["start"])
    assert first["end"] <= second["start"]  # eleven aboard each: never at lunch together


def test_the_plan_returned_is_never_worse_than_the_one_given():
    problem = day_problem()
    good = lengthen(problem, short_plan(problem), deadline=time.monotonic() + SECONDS)
    again = lengthen(problem, good, deadline=time.monotonic() + 0.3)
    _assert_checked(problem, again)
    assert again["objective"]["score"] >= good["objective"]["score"]


def test_a_bus_routed_from_its_own_route_is_never_worse_than_it():
    problem = day_problem()
    entry = short_plan(problem, most=6)["buses"][0]
    routed = route_entry(problem, entry, Sheet(problem), time_limit_s=0.2)
    score = objective_parts(problem, [routed])["score"]
    assert score >= objective_parts(problem, [entry])["score"]


def test_lengthening_stops_by_its_deadline_with_a_checked_plan():
    problem = day_problem(buses=2)
    start = short_plan(problem)
    assert lengthen(problem, start, deadline=time.monotonic() - 1) == start  # already past
    quick = lengthen(problem, start, deadline=time.monotonic() + 0.2)
    _assert_checked(problem, quick)


def test_route_alone_gives_a_checked_plan():
    problem = day_problem()
    alone = route_alone(problem, short_plan(problem), time_limit_s=SECONDS)
    _assert_checked(problem, alone)
    assert _visits(alone)[0] >= 8


def test_a_refused_plan_gains_no_violation_and_one_that_cannot_be_scored_is_refused():
    problem = day_problem()
    broken = copy.deepcopy(short_plan(problem))
    broken["buses"][0]["stops"][-1]["end"] = "17:55"  # after the latest drop-off, 17:30
    before = len(check(problem, broken).violations)
    after = lengthen(problem, broken, deadline=time.monotonic() + SECONDS)
    assert len(check(problem, after).violations) <= before
    broken["buses"][0]["stops"][1]["at"] = "nowhere"  # no travel time: no score
    with pytest.raises(NotLengthened):
        lengthen(problem, broken, deadline=time.monotonic() + SECONDS)
