"""The planner holds at every shape of day (issue 17): days that used to run away return a
checked plan, a day that anyone can ride alone places everyone even at one second, the bound is
never below a plan found by other means, and the deadline reaches the stages that enumerate.
Wall-clock and memory figures belong to bench/shapes.py, not here."""

import random
import time

import pytest

from bench.scenarios import generate
from tests.planning.brute import best_brute_force_score
from tests.planning.scenarios import base_scenario, delegation, random_travel, with_delegations
from tests.planning.walking import walking_day
from tours.planning.check.verdict import check
from tours.planning.day import _placeable
from tours.planning.held import Held
from tours.planning.model import clock
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.clock import OutOfTime
from tours.planning.model.courses import enumerate_courses
from tours.planning.quick.greedy import greedy_plan
from tours.planning.solver import solve


def assert_checked(problem, plan: dict) -> None:
    result = check(problem, plan)
    assert result.ok, [str(v) for v in result.violations]
    assert plan["objective"]["score"] == result.objective.score
    bound = plan["objective"]["bound"]
    assert bound is None or bound >= plan["objective"]["score"]


def tiny_day(seed: int, *, max_visits: int) -> dict:
    """Two buses, three delegations speaking Japanese (no interpreter), four short visits with
    travel between them: small enough to search by brute force."""
    rng = random.Random(seed)
    document = base_scenario(facilities=4, buses=2, max_visits=max_visits)
    random_travel(document, rng, 5, 45)
    document["event"]["min_visits_per_bus"] = 0
    for f in document["facilities"]:
        f["visit_minutes"] = rng.choice([30, 45, 60, 90])
        f["windows"] = rng.choice([[["09:00", "17:00"]], [["09:00", "12:00"], ["14:00", "16:00"]]])
        f["max_buses_at_once"] = 1
        f["max_visits"] = rng.randint(1, 2)
    for bus in document["buses"]:
        bus["cost"] = rng.choice([100, 300])
    people = [
        delegation(
            f"d{n}",
            {f"f{i}": rng.randint(0, 5) for i in range(1, 5)},
            language="ja",
            size=rng.randint(2, 9),
        )
        for n in range(3)
    ]
    return with_delegations(document, *people)


@pytest.mark.parametrize("max_visits", [2, 3, 4])
@pytest.mark.parametrize("seed", range(4))
def test_the_bound_is_never_below_a_plan_found_by_brute_force(seed: int, max_visits: int) -> None:
    problem = problem_from_scenario(tiny_day(seed, max_visits=max_visits))
    best = best_brute_force_score(problem)
    plan = solve(problem, time_limit_s=1, seed=0, workers=1)
    assert_checked(problem, plan)
    bound = plan["objective"]["bound"]
    assert best is not None
    assert bound is None or bound >= best, (bound, best)
    assert not any(w.startswith("internal") for w in plan["warnings"])


def anyone_alone_day(delegations: int, *, max_visits: int) -> dict:
    """As many buses as delegations, no visit required: each delegation can ride alone with its
    pickup, lunch and drop-off, so a plan carrying everyone is trivial."""
    document = base_scenario(facilities=6, buses=delegations, max_visits=max_visits)
    document["event"]["min_visits_per_bus"] = 0
    people = [
        delegation(
            f"d{n}", {f"f{1 + n % 6}": 3, f"f{1 + (n + 1) % 6}": 2}, language="ja", size=1 + n % 8
        )
        for n in range(delegations)
    ]
    return with_delegations(document, *people)


@pytest.mark.parametrize("max_visits", [3, 8])
def test_a_day_anyone_can_ride_alone_places_everyone_at_one_second(max_visits: int) -> None:
    problem = problem_from_scenario(anyone_alone_day(40, max_visits=max_visits))
    plan = solve(problem, time_limit_s=1, seed=0, workers=2)
    assert_checked(problem, plan)
    assert plan["unassigned"] == []


def test_the_quick_plan_hurried_still_places_everyone_it_can() -> None:
    """Past its time the quick plan tries only each bus's shortest courses: fewer visits, but
    every delegation of a large day still rides."""
    problem = problem_from_scenario(generate("summit", 2))
    hurried = greedy_plan(problem, attempt_s=0.1, joint=False, until=0)
    unhurried = greedy_plan(problem, attempt_s=0.1, joint=False)
    assert_checked(problem, hurried)
    assert len(hurried["unassigned"]) <= len(unhurried["unassigned"])


@pytest.mark.parametrize("visits", [5, 8])
def test_a_day_of_many_visits_per_bus_returns_a_checked_plan_carrying_everyone(visits) -> None:
    """It ran away before (8 visits: 18.6 GB after 120 s); now it is the 3-visit day, lengthened."""
    document = generate("ascc", 1)
    document["event"]["max_visits_per_bus"] = visits
    problem = problem_from_scenario(document)
    plan = solve(problem, time_limit_s=4, seed=0, workers=2)
    assert_checked(problem, plan)
    assert plan["unassigned"] == []
    assert any("visits per bus" in w for w in plan["warnings"])


def test_a_deadline_stops_enumerating_facility_combinations() -> None:
    """Enumeration ticks: under a deadline already past it raises OutOfTime, naming its stage;
    outside any deadline the same call runs to the end."""
    problem = problem_from_scenario(generate("ascc", 1))
    with pytest.raises(OutOfTime) as raised, clock.within(time.monotonic() - 1):
        enumerate_courses(problem, limit=10**6)
    assert raised.value.stage  # the warning says where (here: the travel times it needs first)
    assert enumerate_courses(problem, limit=10**6)


def test_out_of_time_returns_the_best_plan_held_with_a_true_bound_and_says_so() -> None:
    problem = problem_from_scenario(generate("ascc", 2))
    quick = greedy_plan(problem, attempt_s=1, joint=False)
    units, _ = _placeable(problem)
    held = Held(problem, quick, units, time.monotonic())
    plan = held.timed_out(OutOfTime("measuring travel times"))
    assert_checked(problem, plan)
    assert plan["buses"] == quick["buses"]
    assert any("ran out while measuring travel times" in w for w in plan["warnings"])
    assert plan["objective"]["bound"] is not None


@pytest.mark.parametrize("max_visits", [3, 6])
def test_a_day_whose_every_delegation_is_set_aside_returns_a_plan_saying_why(max_visits) -> None:
    """Every delegation fails a pre-check (larger than any bus): no pickup is left to plan from,
    and the plan lists them all with the rule, instead of failing."""
    document = base_scenario(facilities=3, buses=1, max_visits=max_visits)
    document = with_delegations(document, delegation("big", {"f1": 5}, language="ja", size=40))
    problem = problem_from_scenario(document)
    plan = solve(problem, time_limit_s=2, seed=0, workers=2)
    assert_checked(problem, plan)
    assert [u["delegation"] for u in plan["unassigned"]] == ["big"]
    assert plan["unassigned"][0]["reason"].startswith("rule 2")


@pytest.mark.parametrize("seed", range(3))
def test_allowing_more_visits_per_bus_never_lowers_the_score(seed: int) -> None:
    """The tighter day's plan is the looser day's start: with one worker (step counts, not the
    clock) the 5-visit day scores at least what the 3-visit day does, and routes grow."""
    tight = problem_from_scenario(tiny_day(seed, max_visits=3))
    loose = problem_from_scenario(tiny_day(seed, max_visits=5))
    tight_plan = solve(tight, time_limit_s=2, seed=0, workers=1)
    loose_plan = solve(loose, time_limit_s=2, seed=0, workers=1)
    assert_checked(loose, loose_plan)
    assert loose_plan["objective"]["score"] >= tight_plan["objective"]["score"]


def test_a_walking_day_of_thirty_stops_gets_long_routes() -> None:
    """A walking tour: 30 short stops, one bus, any number of visits: the route goes far beyond
    the three visits the enumerating pipeline can hold."""
    problem = problem_from_scenario(walking_day(facilities=30, buses=1))
    plan = solve(problem, time_limit_s=4, seed=0, workers=2)
    assert_checked(problem, plan)
    visits = [sum(s["kind"] == "visit" for s in bus["stops"]) for bus in plan["buses"]]
    assert visits and min(visits) > 6, visits


def test_a_cancelled_solve_stops_inside_a_ticking_stage() -> None:
    """A caller that asks to stop is heard inside the stages that tick (here: enumerating the
    day's facility combinations), which then return the best plan held, saying it stopped."""
    problem = problem_from_scenario(walking_day(facilities=60, buses=2, max_visits=3))
    plan = solve(problem, time_limit_s=30, seed=0, workers=1, progress=lambda report: True)
    assert_checked(problem, plan)
    stopped = [w for w in plan["warnings"] if w.startswith("stopped on request")]
    assert stopped and "facility combinations" in stopped[0], plan["warnings"]


def test_a_day_of_long_routes_is_re_planned_from_its_published_routes() -> None:
    """Unchanged, the re-plan is the published plan (nothing moves); after a bus is withdrawn
    the other keeps its delegation, its route stays long, and the disruption is counted."""
    document = walking_day(facilities=24, buses=2)
    problem = problem_from_scenario(document)
    published = solve(problem, time_limit_s=4, seed=0, workers=2)
    assert_checked(problem, published)
    again = solve(problem, time_limit_s=3, seed=0, workers=2, baseline=published)
    assert_checked(problem, again)
    assert again["buses"] == published["buses"]
    assert again["disruption"]["penalty"] == 0
    withdrawn = published["buses"][0]["bus"]
    document["buses"] = [b for b in document["buses"] if b["key"] != withdrawn]
    fewer = problem_from_scenario(document)
    replanned = solve(fewer, time_limit_s=3, seed=0, workers=2, baseline=published)
    assert_checked(fewer, replanned)
    stays = published["buses"][1]
    [bus] = replanned["buses"]
    assert bus["bus"] == stays["bus"] and bus["delegations"] == stays["delegations"]
    assert sum(s["kind"] == "visit" for s in bus["stops"]) > 3
    moved = set(published["buses"][0]["delegations"])
    assert {u["delegation"] for u in replanned["unassigned"]} == moved
    assert replanned["disruption"]["delegations_moved"] == len(moved)
