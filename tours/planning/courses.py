"""Courses: the facility sets a bus can visit, with what they cost in driving at the least.

A course is a set of facilities; its middle part (visits and the one lunch, in any order) is
scheduled later. `drive_floor` is a lower bound on the driving between the first and the last
of those stops, valid for every order and lunch place, which is what keeps the bound honest.
"""

import itertools
from dataclasses import dataclass

from tours.planning.problem import Problem


@dataclass(frozen=True)
class Course:
    facilities: tuple[int, ...]  # facility indexes, sorted
    drive_floor: int  # least driving through the visits and a lunch place, any order
    accessible: bool  # every facility is wheelchair-accessible


def course_count(n_facilities: int, low: int, high: int) -> int:
    return sum(_comb(n_facilities, k) for k in range(max(0, low), min(high, n_facilities) + 1))


def _comb(n: int, k: int) -> int:
    from math import comb

    return comb(n, k)


def enumerate_courses(
    problem: Problem,
    *,
    pickups: list[str] | None = None,
    dropoffs: list[str] | None = None,
    limit: int = 60000,
    only: list[int] | None = None,
) -> list[Course] | None:
    """Every facility set a bus may visit (sizes min..max visits), or None past `limit`.

    The driving floor includes the shortest way in from any pickup place and out to any drop-off
    place when those are given (every route has both legs).
    """
    pool = list(range(len(problem.facilities))) if only is None else sorted(only)
    n = len(pool)
    low, high = problem.min_visits, min(problem.max_visits, n)
    if course_count(n, low, high) > limit:
        return None
    keys = [f.key for f in problem.facilities]
    lunches = [p.key for p in problem.lunch_places]
    minutes = problem.travel.minutes
    least = problem.travel.least
    entry = {k: min((least(p, k) for p in pickups), default=0) for k in [*keys, *lunches]}
    leave = {k: min((least(k, d) for d in dropoffs), default=0) for k in [*keys, *lunches]}
    courses = []
    for k in range(max(0, low), high + 1):
        for combo in itertools.combinations(pool, k):
            floor = _least_path([keys[i] for i in combo], lunches, minutes, entry, leave)
            accessible = all(problem.facilities[i].wheelchair for i in combo)
            courses.append(Course(combo, floor, accessible))
    return courses


def _least_path(stops: list[str], lunches: list[str], minutes, entry, leave) -> int:
    """Shortest way in, through all stops and one lunch place in any order, and out."""
    if not lunches:
        lunches = [None]
    best = None
    for lunch in lunches:
        nodes = [*stops, lunch] if lunch is not None else list(stops)
        for order in itertools.permutations(nodes):
            length = sum(minutes(a, b) for a, b in itertools.pairwise(order))
            if order:
                length += entry[order[0]] + leave[order[-1]]
            if best is None or length < best:
                best = length
    return best or 0


def most_wanted(problem: Problem, units, *, limit: int = 60000) -> list[int]:
    """The facilities most wanted over all delegations, as many as keep the courses under limit."""
    totals = [sum(u.value[i] for u in units) for i in range(len(problem.facilities))]
    ranked = sorted(range(len(totals)), key=lambda i: (-totals[i], i))
    low = problem.min_visits
    keep = len(ranked)
    while keep > 1 and course_count(keep, low, min(problem.max_visits, keep)) > limit:
        keep -= 1
    return ranked[:keep]


def favourites_bound(problem: Problem, units) -> float:
    """Each unit visiting its favourite facilities, free of charge: true for every plan."""
    k = problem.max_visits
    total = 0
    for u in units:
        keys = [f.key for f in problem.facilities]
        values = [v for key, v in zip(keys, u.value, strict=True) if key not in u.avoid]
        total += sum(sorted(values, reverse=True)[:k])
    return float(problem.weights.interest * total)
