"""Courses: the facility sets a bus can visit, with what they cost in driving at the least.

A course is a set of facilities; its middle part (visits and the one lunch, in any order) is
scheduled later. `drive_floor` is a lower bound on the driving between the first and the last
of those stops, valid for every order and lunch place, which is what keeps the bound honest.
"""

import itertools
from dataclasses import dataclass

import numpy as np

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
    paths = LeastPaths(problem, pickups or [], dropoffs or [])
    courses = []
    for k in range(max(0, low), high + 1):
        combos = list(itertools.combinations(pool, k))
        floors = paths.through(np.array(combos, dtype=np.int64).reshape(len(combos), k))
        for combo, floor in zip(combos, floors.tolist(), strict=True):
            accessible = all(problem.facilities[i].wheelchair for i in combo)
            courses.append(Course(combo, floor, accessible))
    return courses


class LeastPaths:
    """The shortest way in from any pickup place, through a set of facilities and one lunch place
    in any order, and out to any drop-off place, for many facility sets at once (numpy). The
    lunch place is chosen per gap it fills (a gap's cheapest lunch does not depend on the rest
    of the order), so every order of the facilities and every place of lunch in it is tried."""

    def __init__(self, problem: Problem, pickups: list[str], dropoffs: list[str]):
        minutes, least = problem.travel.minutes, problem.travel.least
        keys = [f.key for f in problem.facilities] + [p.key for p in problem.lunch_places]
        n = len(problem.facilities)
        travel = np.array([[minutes(a, b) for b in keys] for a in keys], dtype=np.int64)
        entry = np.array([min((least(p, k) for p in pickups), default=0) for k in keys], np.int64)
        leave = np.array([min((least(k, d) for d in dropoffs), default=0) for k in keys], np.int64)
        self.travel, self.entry, self.leave = travel[:n, :n], entry[:n], leave[:n]
        self.lunches = len(keys) - n
        if self.lunches:
            to, back = travel[:n, n:], travel[n:, :n]  # facility -> lunch, lunch -> facility
            self.via = (to[:, :, None] + back[None, :, :]).min(axis=1)  # a -> lunch -> b
            self.lunch_first = (entry[n:, None] + back).min(axis=0)  # in, lunch, then b
            self.lunch_last = (to + leave[None, n:]).min(axis=1)  # a, lunch, then out
            self.lunch_only = int((entry[n:] + leave[n:]).min())

    def through(self, combos: np.ndarray) -> np.ndarray:
        """Per row of facility indexes, the least driving in, through them and lunch, and out."""
        m, k = combos.shape
        if k == 0:
            return np.full(m, self.lunch_only if self.lunches else 0, dtype=np.int64)
        best = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
        gaps = range(k + 1) if self.lunches else [None]
        for order in itertools.permutations(range(k)):
            seq = combos[:, list(order)]
            edges = [self.travel[seq[:, i], seq[:, i + 1]] for i in range(k - 1)]
            for gap in gaps:  # lunch before stop `gap` (k: after the last; None: no lunch)
                first = self.lunch_first if gap == 0 else self.entry
                last = self.lunch_last if gap == k else self.leave
                total = first[seq[:, 0]] + last[seq[:, -1]]
                for i, edge in enumerate(edges):
                    total = total + (self.via[seq[:, i], seq[:, i + 1]] if gap == i + 1 else edge)
                best = np.minimum(best, total)
        return best


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
