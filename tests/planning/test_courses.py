"""A course's driving floor is the shortest way in, through its facilities and a lunch place in any
order, and out: the vectorised search equals trying every order and lunch place one by one. When
there are too many facility sets to try them all, every facility stays on offer and the sets kept
are those most worth sharing."""

import itertools
import json

from tests.planning.test_solver import DEMO
from tours.planning.day import _placeable
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.courses import SHARED_SHARE, enumerate_courses, shared_courses


def _least_path(problem, facilities, pickups, dropoffs) -> int:
    minutes, least = problem.travel.minutes, problem.travel.least
    stops = [problem.facilities[i].key for i in facilities]
    best = None
    for lunch in [p.key for p in problem.lunch_places]:
        for order in itertools.permutations([*stops, lunch]):
            length = sum(minutes(a, b) for a, b in itertools.pairwise(order))
            length += min(least(p, order[0]) for p in pickups)
            length += min(least(order[-1], d) for d in dropoffs)
            best = length if best is None else min(best, length)
    return best


def test_every_course_floor_is_the_least_over_every_order_and_lunch_place():
    problem = problem_from_scenario(json.loads(DEMO.read_text(encoding="utf-8")))
    pickups = sorted({d.pickup for d in problem.delegations})
    dropoffs = sorted({d.dropoff for d in problem.delegations})
    for ends in ((pickups, dropoffs), (pickups[:1], dropoffs[-1:])):
        courses = enumerate_courses(problem, pickups=ends[0], dropoffs=ends[1])
        assert len(courses) > 200
        sizes = {len(c.facilities) for c in courses}
        assert sizes == set(range(problem.min_visits, problem.max_visits + 1))
        for course in courses:
            assert course.drive_floor == _least_path(problem, course.facilities, *ends)


def _shared_score(problem, units, facilities) -> float:
    """What shared_courses ranks by, computed plainly: each unit's value of the set beyond half
    its favourites' value, summed over the units that gain."""
    total = 0.0
    for u in units:
        allowed = [v for f, v in zip(problem.facilities, u.value, strict=True)
                   if f.key not in u.avoid]  # fmt: skip
        favourites = sum(sorted(allowed, reverse=True)[: problem.max_visits])
        total += max(0.0, sum(u.value[i] for i in facilities) - SHARED_SHARE * favourites)
    return total


def _ends(problem) -> dict:
    return {"pickups": sorted({d.pickup for d in problem.delegations}),
            "dropoffs": sorted({d.dropoff for d in problem.delegations})}  # fmt: skip


def test_too_many_sets_keep_every_facility_and_the_sets_most_worth_sharing():
    problem = problem_from_scenario(json.loads(DEMO.read_text(encoding="utf-8")))
    units, _ = _placeable(problem)
    ends = _ends(problem)
    every = {c.facilities: c for c in enumerate_courses(problem, **ends)}
    kept = shared_courses(problem, units, **ends, limit=40)
    assert len(kept) == 40
    alone = {c.facilities for c in kept if len(c.facilities) == 1}
    assert alone == {(i,) for i in range(len(problem.facilities))}  # the most wanted kept 5
    for course in kept:
        assert course == every[course.facilities]  # the same floor and access as enumerated
    shared = [c.facilities for c in kept if len(c.facilities) > 1]
    left = [s for s in every if len(s) > 1 and s not in set(shared)]
    least_kept = min(_shared_score(problem, units, s) for s in shared)
    assert least_kept >= max(_shared_score(problem, units, s) for s in left)
    assert [len(c.facilities) for c in kept] == sorted(len(c.facilities) for c in kept)


def test_sets_refused_by_the_fit_test_give_way_to_the_next_best():
    problem = problem_from_scenario(json.loads(DEMO.read_text(encoding="utf-8")))
    units, _ = _placeable(problem)
    ends = _ends(problem)
    first = shared_courses(problem, units, **ends, limit=40)
    refused = {c.facilities for c in first if len(c.facilities) == 3}
    kept = shared_courses(problem, units, **ends, limit=40,
                          fits=lambda c: c.facilities not in refused)  # fmt: skip
    assert len(kept) == 40
    assert not refused & {c.facilities for c in kept}
    assert {c.facilities for c in first} - refused <= {c.facilities for c in kept}


def test_a_day_that_allows_no_visit_keeps_the_empty_course_too():
    scenario = json.loads(DEMO.read_text(encoding="utf-8"))
    scenario["event"]["min_visits_per_bus"] = 0
    problem = problem_from_scenario(scenario)
    units, _ = _placeable(problem)
    ends = _ends(problem)
    every = {c.facilities: c for c in enumerate_courses(problem, **ends)}
    kept = shared_courses(problem, units, **ends, limit=30)
    assert kept[0] == every[()]  # no visit at all: only lunch, in and out
    assert {c.facilities for c in kept if len(c.facilities) == 1} == {
        (i,) for i in range(len(problem.facilities))
    }
