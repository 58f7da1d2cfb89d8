"""A walking-tour day built in code: many short facilities on a grid, one or two buses, and a
short first plan (at most three visits per bus) for lengthening to start from."""

import copy
import math
from dataclasses import replace

from tours.planning.model.build import problem_from_scenario
from tours.planning.model.problem import Problem
from tours.planning.routing.long_routes import Group, long_route
from tours.planning.routing.plan import plan_document
from tours.planning.routing.sheet import Sheet

WINDOWS = ([["09:00", "12:00"], ["13:30", "17:00"]], [["08:30", "17:30"]], [["10:00", "15:00"]])


def _grid(i: int) -> tuple[float, float]:
    return (i % 6, i // 6)


def walking_day(*, facilities: int = 30, buses: int = 1, max_visits: int | None = None,
                min_visits: int = 1, lunch_seats: int = 12) -> dict:  # fmt: skip
    """A scenario: `facilities` short visits (15-25 minutes, a few minutes' drive apart, windows
    of three kinds), a hotel and a lunch place (seating one bus at a time by default), and per
    bus one delegation of ten."""
    keys = ["hotel", "lunch", *(f"f{i}" for i in range(facilities))]
    points = [(2.5, -1.0), (2.5, 2.0), *(_grid(i) for i in range(facilities))]
    matrix = [[0 if a is b else math.ceil(4 * math.dist(a, b)) + 2 for b in points]
              for a in points]  # fmt: skip
    return {
        "format": "kengaku.scenario/1",
        "event": {
            "key": "walking-day", "name": "Walking day", "date": "2025-11-27",
            "day_start": "08:00", "day_end": "18:00",
            "lunch": {"earliest": "11:30", "latest": "13:30", "minutes": 60},
            "staff_seats_per_bus": 1, "max_visits_per_bus": max_visits or facilities,
            "min_visits_per_bus": min_visits, "boarding_minutes": 10,
        },
        "travel": {"matrix": {"keys": keys, "minutes": matrix}},
        "places": [
            {"key": "hotel", "name": "Hotel", "lat": 35.44, "lon": 139.63, "kind": "hotel"},
            {"key": "lunch", "name": "Lunch", "lat": 35.45, "lon": 139.63, "kind": "lunch",
             "max_people": lunch_seats},
        ],
        "facilities": [_facility(i) for i in range(facilities)],
        "buses": [{"key": f"bus-{n}", "seats": 20, "cost": 100} for n in range(1, buses + 1)],
        "interpreters": [],
        "delegations": [_delegation(n, facilities) for n in range(1, buses + 1)],
        "weights": {"interest": 100, "bus_cost": 1, "driving_minute": 1},
    }  # fmt: skip


def _facility(i: int) -> dict:
    return {
        "key": f"f{i}", "name": f"Facility {i}", "lat": 35.4, "lon": 139.6,
        "visit_minutes": 15 + 5 * (i % 3), "windows": copy.deepcopy(WINDOWS[i % 3]),
        "max_people": 40, "max_buses_at_once": 1, "max_visits": 2, "wheelchair": i % 4 != 0,
        "themes": [],
    }  # fmt: skip


def _delegation(n: int, facilities: int) -> dict:
    return {
        "key": f"group-{n}", "city": f"City {n}", "country": "JP", "language": "ja",
        "size": 10, "pickup": "hotel", "earliest_pickup": "08:00", "dropoff": "hotel",
        "latest_dropoff": "17:30",
        "interests": {f"f{i}": (i * 7 + n) % 5 + 1 for i in range(facilities)},
    }  # fmt: skip


def short_plan(problem: Problem, *, most: int = 3, seconds: float = 0.3) -> dict:
    """A plan of `problem` whose buses (one per delegation, in order) make at most `most` visits,
    routed one after the other on a booking sheet."""
    short = replace(problem, max_visits=most, min_visits=min(problem.min_visits, most))
    sheet, timed = Sheet(problem), []
    for bus, delegation in zip(problem.buses, problem.delegations, strict=False):
        people = delegation.size + problem.staff_seats
        group = Group(bus, (delegation,), (), (delegation.pickup,), (delegation.dropoff,), people)
        found = long_route(short, group, sheet, time_limit_s=seconds)
        assert found is not None
        stays = [(s.at, found.start[i], found.end[i]) for i, s in enumerate(found.order.stops)
                 if s.kind in ("visit", "lunch")]  # fmt: skip
        sheet.book(bus.key, stays, people)
        timed.append(found)
    return plan_document(problem, timed, unassigned=[], bound=None, seconds=0.0, warnings=[])


def day_problem(**changes) -> Problem:
    return problem_from_scenario(walking_day(**changes))
