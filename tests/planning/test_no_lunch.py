"""A day without lunch (`event.lunch: null`, a half-day tour): routes have no lunch stop, and a
plan with one breaks rule 7 (docs/scenario-format.md, Kengaku's reading)."""

from bench.long_days import long_day
from bench.scenarios import generate
from tests.planning import tiny
from tests.planning.scenarios import base_scenario, delegation, with_delegations
from tests.planning.test_reach import demo_with_tight_times
from tests.planning.test_solver import solved
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.courses import enumerate_courses
from tours.planning.model.reach import Reach
from tours.planning.model.units import make_units


def _no_lunch(document: dict) -> dict:
    document["event"]["lunch"] = None
    return document


def _lunches(plan: dict) -> list[dict]:
    return [s for bus in plan["buses"] for s in bus["stops"] if s["kind"] == "lunch"]


def test_the_problem_knows_the_day_has_no_lunch_but_still_lists_lunch_places():
    problem = problem_from_scenario(_no_lunch(tiny.scenario()))
    assert not problem.has_lunch and problem.lunch_minutes is None
    assert [p.key for p in problem.lunch_places] == ["lunch-1"]
    assert problem.lunch_stops == ()
    assert problem_from_scenario(tiny.scenario()).has_lunch


def test_without_lunch_every_course_at_once_agrees_with_one_at_a_time():
    document = _no_lunch(demo_with_tight_times())
    document["event"].update(min_visits_per_bus=0, max_visits_per_bus=2)  # the empty course too
    problem = problem_from_scenario(document)
    units = make_units(problem, problem.delegations)
    courses = enumerate_courses(problem)
    assert courses[0].facilities == ()
    one, many = Reach(problem, units), Reach(problem, units)
    answers = set()
    for unit in units:
        one_by_one = [one.unit_fits(unit, course) for course in courses]
        assert list(many.unit_fits_all(unit, courses)) == one_by_one, unit.keys
        assert one_by_one[0]  # nothing between pickups and drop-offs is taken to fit
        answers |= set(one_by_one)
    assert answers == {True, False}
    assert all(one.course_fits(course) for course in courses[:1])


def test_checker_flags_a_lunch_stop_on_a_day_without_lunch():
    result = tiny.judge(_no_lunch(tiny.scenario()), tiny.valid_plan())
    assert tiny.rules(result) == {7}
    assert {v.where for v in result.violations} == {"buses[0].stops[4]", "buses[1].stops[2]"}
    assert all("day without lunch" in v.message for v in result.violations)


def test_checker_accepts_routes_without_lunch_only_on_a_day_without_lunch():
    plan = tiny.valid_plan()
    for bus in plan["buses"]:
        bus["stops"] = [s for s in bus["stops"] if s["kind"] != "lunch"]
    assert tiny.judge(_no_lunch(tiny.scenario()), plan).ok
    missing = tiny.judge(tiny.scenario(), tiny.valid_plan() | {"buses": plan["buses"]})
    assert tiny.rules(missing) == {3}
    assert all("0 lunch stops" in v.message for v in missing.violations)


def test_the_tiny_day_without_lunch_solves_with_no_lunch_stop_and_everyone_placed():
    plan, _ = solved(_no_lunch(tiny.scenario()))  # solved() checks it and its objective
    assert _lunches(plan) == []
    assert not plan["unassigned"]
    assert sorted(d for bus in plan["buses"] for d in bus["delegations"]) == [
        "d-bkk", "d-hn", "d-kl"
    ]  # fmt: skip


def test_every_delegation_is_placed_and_gets_its_favourites_without_lunch():
    document = with_delegations(
        _no_lunch(base_scenario(buses=2)),
        delegation("alpha", {"f1": 5, "f2": 4}),
        delegation("beta", {"f3": 5, "f4": 4}, language="th"),
        delegation("gamma", {"f1": 5, "f2": 4}, language="vi"),
    )
    plan, _ = solved(document)
    assert _lunches(plan) == [] and not plan["unassigned"]
    for bus in plan["buses"]:
        stops = bus["stops"]
        assert [s["kind"] for s in stops] == ["pickup", "visit", "visit", "dropoff"]


def test_a_flight_too_early_for_lunch_is_no_trouble_without_lunch():
    riders = (
        delegation("alpha", {"f1": 5, "f2": 4}, latest_dropoff="10:30"),
        delegation("beta", {"f3": 5}, language="th"),
    )
    with_lunch, _ = solved(with_delegations(base_scenario(buses=2), *riders))
    assert [u["delegation"] for u in with_lunch["unassigned"]] == ["alpha"]
    plan, _ = solved(with_delegations(_no_lunch(base_scenario(buses=2)), *riders))
    assert not plan["unassigned"]
    bus = next(b for b in plan["buses"] if "alpha" in b["delegations"])
    assert [s["kind"] for s in bus["stops"]] == ["pickup", "visit", "dropoff"]
    assert bus["stops"][-1]["end"] <= "10:30"


def test_a_route_of_only_pickups_and_dropoffs_when_no_visit_is_wanted_or_possible():
    document = base_scenario(buses=1, facilities=2)
    document["event"]["min_visits_per_bus"] = 0
    rider = delegation("alpha", {"f1": 5}, avoid=["f1", "f2"])
    plan, _ = solved(with_delegations(_no_lunch(document), rider))
    assert not plan["unassigned"]
    assert [s["kind"] for s in plan["buses"][0]["stops"]] == ["pickup", "dropoff"]


def test_a_bench_day_without_lunch_solves_in_ten_seconds_with_a_checked_plan():
    document = _no_lunch(generate("ascc", 1))
    plan, problem = solved(document, time_limit_s=10)
    assert _lunches(plan) == []
    placed = {d for bus in plan["buses"] for d in bus["delegations"]}
    assert placed == {d.key for d in problem.delegations}


def test_a_long_walking_day_without_lunch_is_lengthened_with_no_lunch_stop():
    document = _no_lunch(long_day(1, buses=1, facilities=50))
    plan, _ = solved(document, time_limit_s=10)
    stops = plan["buses"][0]["stops"]
    assert _lunches(plan) == [] and not plan["unassigned"]
    assert sum(s["kind"] == "visit" for s in stops) > 3  # lengthened past the core's visits
