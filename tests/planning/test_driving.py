"""A group's driving floor through a course is the least driving of any route of it (every order
of its pickups, the course's stops with each lunch place, its drop-offs), and the pricing's row
splits by driving leave every group priced at no more than its own floor, so the bound stays
true while it counts hotel-to-hotel driving."""

import itertools
import json
import random
import time
from pathlib import Path

import numpy as np

from tests.planning.test_regroup import _scenario
from tours.planning.bound.generation import ColumnGeneration
from tours.planning.bound.patterns import PatternSpace, bus_types
from tours.planning.check.verdict import check
from tours.planning.day import _courses, _placeable
from tours.planning.master.plan import _rounded_plan
from tours.planning.master.realize import Realizer
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.ends import ends_rows
from tours.planning.solver import solve

DEMO = Path(__file__).resolve().parents[2] / "tours" / "fixtures" / "ascc-2025.json"


def _demo_space() -> PatternSpace:
    problem = problem_from_scenario(json.loads(DEMO.read_text(encoding="utf-8")))
    units, _ = _placeable(problem)
    courses, _ = _courses(problem, units)
    return PatternSpace(problem, units, courses)


def _every_route(space: PatternSpace, course: int, units: tuple[int, ...]) -> int:
    """Brute force: the least driving over every order of the group's places and the course."""
    problem = space.problem
    least, minutes = problem.travel.least, problem.travel.minutes
    delegations = [d for u in units for d in space.units[u].delegations]
    pickups = sorted({d.pickup for d in delegations})
    dropoffs = sorted({d.dropoff for d in delegations})
    stops = [problem.facilities[i].key for i in space.courses[course].facilities] + [None]
    best = None
    for ins in itertools.permutations(pickups):
        gathering = sum(least(a, b) for a, b in itertools.pairwise(ins))
        for middle in itertools.permutations(stops):
            for lunch in problem.lunch_places:
                seq = [lunch.key if s is None else s for s in middle]
                through = sum(minutes(a, b) for a, b in itertools.pairwise(seq))
                for outs in itertools.permutations(dropoffs):
                    scattering = sum(least(a, b) for a, b in itertools.pairwise(outs))
                    total = (gathering + least(ins[-1], seq[0]) + through
                             + least(seq[-1], outs[0]) + scattering)  # fmt: skip
                    best = total if best is None or total < best else best
    return best


def test_a_groups_floor_is_its_least_route_over_every_order():
    space = _demo_space()
    rng = random.Random(5)
    touring = 0
    for _ in range(60):
        course = rng.randrange(len(space.courses))
        units = tuple(sorted(rng.sample(range(len(space.units)), rng.randint(1, 4))))
        floor = space.floors.floor(course, *space.floors.group_places(units))
        assert floor == _every_route(space, course, units), (course, units)
        assert space.driving_floor(course, units) == floor
        touring += floor > space.drive[course]
    assert touring > 30  # most groups drive more than the course's floor from the nearest hotel


def test_every_group_of_a_split_row_is_priced_at_most_at_its_own_floor():
    """Split rows by driving three times over; every group of the first row must then lie in a
    row that allows all its units, requires none of the places it skips and charges no more
    driving than the group's own floor."""
    space = _demo_space()
    problem = space.problem
    generation = ColumnGeneration(space, bus_types(problem),
                                  rows=ends_rows(problem, space.units, space.courses))  # fmt: skip
    rng = random.Random(11)
    splits = 0
    for _ in range(3):
        r = int(np.flatnonzero(generation.rows.course == generation.rows.course[-1])[0])
        course = int(generation.rows.course[r])
        allowed = list(map(int, np.flatnonzero(generation.rows.mask[r])))
        family = [tuple(sorted(rng.sample(allowed, rng.randint(1, min(4, len(allowed))))))
                  for _ in range(150)]  # fmt: skip
        group = max(family, key=lambda g: space.driving_floor(course, g))
        split = generation._driving_split(r, group)
        if split is None:
            continue
        splits += 1
        generation.rows = generation.rows.replaced(r, split)
        rows = generation.rows
        for g in family:
            pick, drop = space.floors.group_places(g)
            own = space.driving_floor(course, g)
            holding = [i for i in np.flatnonzero(rows.course == course)
                       if rows.mask[i][list(g)].all() and rows.required[i][0] & ~pick == 0
                       and rows.required[i][1] & ~drop == 0]  # fmt: skip
            assert holding, g
            assert min(int(rows.floor[i]) for i in holding) <= own, g
    assert splits >= 1


def test_a_lone_bus_fetching_from_two_hotels_is_proven_optimal():
    """One delegation at each of two hotels 30 minutes apart, one bus: the route must drive
    between the hotels, which the bound now counts, so the plan is proven optimal."""
    document = _scenario(
        [{"key": "d1", "language": "ja", "size": 4, "interests": {"fac-x": 5}},
         {"key": "d2", "language": "ja", "size": 4, "interests": {"fac-x": 4},
          "pickup": "hotel-2", "dropoff": "hotel-2"}],
        [{"key": "bus-1"}], [])  # fmt: skip
    keys = ["hotel", "hotel-2", "lunch", "fac-x", "fac-y"]
    minutes = [[0, 30, 20, 20, 20], [30, 0, 35, 35, 35], [20, 35, 0, 15, 15],
               [20, 35, 15, 0, 25], [20, 35, 15, 25, 0]]  # fmt: skip
    document["travel"] = {"matrix": {"keys": keys, "minutes": minutes}}
    document["places"].append({"key": "hotel-2", "name": "Hotel 2", "lat": 35.41, "lon": 139.61,
                               "kind": "hotel"})  # fmt: skip
    plan = solve(problem_from_scenario(document), time_limit_s=5, workers=1)
    assert sorted(plan["buses"][0]["delegations"]) == ["d1", "d2"]
    # hotel-2, hotel (30), fac-x (20), lunch (15), hotel (20), hotel-2 (30)
    assert plan["objective"]["driving_minutes"] == 115
    assert plan["objective"]["bound"] == plan["objective"]["score"] == 900 - 100 - 115
    assert plan["status"] == "optimal"


def test_the_lps_rounded_solution_is_a_set_of_buses_and_times_into_a_valid_plan():
    """What the LP uses more than half: each unit at most once, no bus type beyond its count;
    timed jointly it is a plan the checker accepts (on ascc:5 it beat every plan regrouping
    found)."""
    space = _demo_space()
    problem, types = space.problem, bus_types(space.problem)
    generation = ColumnGeneration(space, types,
                                  rows=ends_rows(problem, space.units, space.courses))  # fmt: skip
    generation.run(time.monotonic() + 30)
    rounded = generation.rounded()
    assert rounded
    units = [u for p in rounded for u in p.units]
    assert len(units) == len(set(units))
    for t in types:
        assert sum(1 for p in rounded if p.bus_type == t.index) <= t.count
    realizer = Realizer(problem, space, types, seed=0, workers=1)
    plan = _rounded_plan(problem, realizer, rounded, [], time.monotonic() + 20)
    assert plan is not None
    result = check(problem, plan)
    assert result.ok, [str(v) for v in result.violations]
    assert len(plan["buses"]) == len([p for p in rounded if realizer.routable(p)])
