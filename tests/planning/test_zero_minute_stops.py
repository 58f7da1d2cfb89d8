"""Stops of no length: `boarding_minutes: 0` (a drive-by pickup point) and `lunch.minutes: 0` (a
lunch box on the bus) end when they start; a visit never may (docs/planning.md, plan times)."""

from bench.scenarios import generate
from tests.planning import tiny
from tests.planning.scenarios import base_scenario, delegation, with_delegations
from tests.planning.test_solver import solved


def _no_minutes(document: dict) -> dict:
    document["event"]["boarding_minutes"] = 0
    document["event"]["lunch"]["minutes"] = 0
    return document


def _shortened(plan: dict) -> dict:
    """tiny's valid plan with every pickup, lunch and drop-off ending when it starts."""
    for bus in plan["buses"]:
        for stop in bus["stops"]:
            if stop["kind"] != "visit":
                stop["end"] = stop["start"]
    return plan


def test_checker_accepts_pickups_lunch_and_dropoffs_of_no_minutes():
    result = tiny.judge(_no_minutes(tiny.scenario()), _shortened(tiny.valid_plan()))
    assert result.ok, [str(v) for v in result.violations]


def test_checker_still_wants_those_stops_to_last_when_they_have_minutes():
    result = tiny.judge(tiny.scenario(), _shortened(tiny.valid_plan()))
    assert tiny.rules(result) == {3}
    assert any("lasts 0 minutes, not 10" in v.message for v in result.violations)
    assert any("lasts 0 minutes, not 60" in v.message for v in result.violations)


def test_checker_rejects_a_visit_that_ends_when_it_starts():
    plan = _shortened(tiny.valid_plan())
    visit = plan["buses"][0]["stops"][2]
    assert visit["kind"] == "visit"
    visit["end"] = visit["start"]
    result = tiny.judge(_no_minutes(tiny.scenario()), plan)
    assert {(v.rule, v.where) for v in result.violations} == {(3, "buses[0].stops[2]")}
    assert any("not after it starts" in v.message for v in result.violations)


def test_checker_rejects_a_stop_of_no_minutes_that_ends_before_it_starts():
    plan = _shortened(tiny.valid_plan())
    pickup = plan["buses"][1]["stops"][0]
    pickup["end"] = "08:59"
    result = tiny.judge(_no_minutes(tiny.scenario()), plan)
    assert any(v.where == "buses[1].stops[0]" and v.rule == 3 for v in result.violations)


def test_a_day_of_drive_by_pickups_and_lunch_boxes_solves_with_a_checked_plan():
    plan, _ = solved(_no_minutes(tiny.scenario()))  # solved() checks it and its objective
    stops = [s for bus in plan["buses"] for s in bus["stops"]]
    assert {s["kind"] for s in stops} >= {"pickup", "lunch", "dropoff"}
    assert all(s["start"] == s["end"] for s in stops if s["kind"] != "visit")
    assert all(s["start"] < s["end"] for s in stops if s["kind"] == "visit")
    assert not plan["unassigned"]


def test_zero_minutes_on_a_solver_scenario_give_the_same_visits_and_one_lunch_each():
    document = with_delegations(
        _no_minutes(base_scenario(buses=1)), delegation("alpha", {"f1": 5, "f2": 1, "f3": 4})
    )
    plan, _ = solved(document)
    kinds = [s["kind"] for s in plan["buses"][0]["stops"]]
    assert kinds.count("lunch") == 1
    assert {s["at"] for s in plan["buses"][0]["stops"] if s["kind"] == "visit"} == {"f1", "f3"}


def test_a_bench_day_with_zero_minute_stops_solves_in_ten_seconds_with_a_checked_plan():
    document = _no_minutes(generate("ascc", 1))
    plan, _ = solved(document, time_limit_s=10)
    assert len(plan["unassigned"]) == 0
    assert all(
        s["start"] == s["end"]
        for bus in plan["buses"]
        for s in bus["stops"]
        if s["kind"] != "visit"
    )
