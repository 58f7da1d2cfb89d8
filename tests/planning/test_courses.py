"""A course's driving floor is the shortest way in, through its facilities and a lunch place in any
order, and out: the vectorised search equals trying every order and lunch place one by one."""

import itertools
import json

from tests.planning.test_solver import DEMO
from tours.planning.build import problem_from_scenario
from tours.planning.courses import enumerate_courses


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
