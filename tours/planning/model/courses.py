"""Courses: the facility sets a bus can visit, with what they cost in driving at the least.

A course is a set of facilities; its middle part (visits and the one lunch, in any order) is
scheduled later. `drive_floor` is a lower bound on the driving between the first and the last
of those stops, valid for every order and lunch place, which is what keeps the bound honest.
"""

import itertools
from dataclasses import dataclass

import numpy as np

from tours.planning.model.clock import tick
from tours.planning.model.problem import Problem

ENUMERATE_AT_MOST = 250_000  # facility sets scored when choosing some (beyond: the most wanted)
SCORE_CHUNK = 4096  # facility sets scored (or given floors) at a time
SHARED_SHARE = 0.5  # a unit gains from a set only beyond this share of its favourites' value


@dataclass(frozen=True)
class Course:
    facilities: tuple[int, ...]  # facility indexes, sorted
    drive_floor: int  # least driving through the visits and a lunch place, any order
    accessible: bool  # every facility is wheelchair-accessible
    middle_floor: int  # the same without the ways in and out (equal when none are given)


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
) -> list[Course] | None:
    """Every facility set a bus may visit (sizes min..max visits), or None past `limit`.

    The driving floor includes the shortest way in from any pickup place and out to any drop-off
    place when those are given (every route has both legs); the middle floor leaves them out, for
    adding a group's own ways in and out instead (patterns.py).
    """
    pool = list(range(len(problem.facilities)))
    n = len(pool)
    low, high = problem.min_visits, min(problem.max_visits, n)
    if course_count(n, low, high) > limit:
        return None
    paths = LeastPaths(problem, pickups or [], dropoffs or [])
    middle = LeastPaths(problem, [], [])
    courses = []
    for k in range(max(0, low), high + 1):
        combos = list(itertools.combinations(pool, k))
        rows = np.array(combos, dtype=np.int64).reshape(len(combos), k)
        floors, middles = paths.through(rows).tolist(), middle.through(rows).tolist()
        for combo, floor, least in zip(combos, floors, middles, strict=True):
            accessible = all(problem.facilities[i].wheelchair for i in combo)
            courses.append(Course(combo, floor, accessible, least))
    return courses


class LeastPaths:
    """The shortest way in from any pickup place, through a set of facilities and one lunch place
    in any order, and out to any drop-off place, for many facility sets at once (numpy). The
    lunch place is chosen per gap it fills (a gap's cheapest lunch does not depend on the rest
    of the order), so every order of the facilities and every place of lunch in it is tried."""

    def __init__(self, problem: Problem, pickups: list[str], dropoffs: list[str],
                 travel: np.ndarray | None = None):  # fmt: skip
        """`travel` (optional) is travel_matrix(problem), when the caller already has it."""
        least = problem.travel.least
        keys = [f.key for f in problem.facilities] + [p.key for p in problem.lunch_stops]
        n = len(problem.facilities)
        travel = travel_matrix(problem) if travel is None else travel
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
            tick("finding the least driving through facility combinations")
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


def travel_matrix(problem: Problem) -> np.ndarray:
    """Minutes between the facilities and lunch places (in that order; none on a day without
    lunch), for LeastPaths."""
    minutes = problem.travel.minutes
    keys = [f.key for f in problem.facilities] + [p.key for p in problem.lunch_stops]
    rows = []
    for a in keys:
        tick("measuring travel times between facilities")
        rows.append([minutes(a, b) for b in keys])
    return np.array(rows, dtype=np.int64).reshape(len(keys), len(keys))


def most_wanted(problem: Problem, units, *, limit: int = 60000) -> list[int]:
    """The facilities most wanted over all delegations, as many as keep the courses under limit."""
    totals = [sum(u.value[i] for u in units) for i in range(len(problem.facilities))]
    ranked = sorted(range(len(totals)), key=lambda i: (-totals[i], i))
    low = problem.min_visits
    keep = len(ranked)
    while keep > 1 and course_count(keep, low, min(problem.max_visits, keep)) > limit:
        keep -= 1
    return ranked[:keep]


def shared_courses(problem: Problem, units, *, pickups: list[str], dropoffs: list[str],
                   limit: int, fits=None) -> list[Course]:  # fmt: skip
    """When there are too many facility sets to try them all: every single facility, then the
    sets most worth sharing, up to `limit` in all (those `fits(course)` accepts, when given).

    A set is worth sharing when many delegations would gladly see it together: it scores, over
    the units, what each would gain from it beyond SHARED_SHARE of its favourites' value. Keeping
    the sets of the most wanted facilities instead left the others out altogether, and at summit
    size those hold a third of the day's visits (the buses then made one or two visits, not
    three). Sets are scored over the facilities of `most_wanted` (all, below ENUMERATE_AT_MOST)."""
    pool = np.array(sorted(most_wanted(problem, units, limit=ENUMERATE_AT_MOST)), dtype=np.int64)
    low, high = problem.min_visits, min(problem.max_visits, len(pool))
    values = np.array([u.value for u in units], dtype=float).reshape(len(units), -1)
    favourites = _favourite_values(problem, units)
    scored = []  # (score, size, combination as a row of facility indexes)
    for k in range(max(0, low), high + 1):
        picks = list(itertools.combinations(range(len(pool)), k))
        combos = pool[np.array(picks, dtype=np.int64).reshape(len(picks), k)]
        for start in range(0, len(combos), SCORE_CHUNK):
            tick("choosing the facility combinations most worth sharing")
            chunk = combos[start : start + SCORE_CHUNK]
            if k <= 1:  # every facility on its own (and the empty course) is always offered
                score = np.full(len(chunk), np.inf)
            else:
                gain = values[:, chunk].sum(axis=2) - SHARED_SHARE * favourites[:, None]
                score = np.maximum(gain, 0.0).sum(axis=0)
            scored += [(float(s), k, row) for s, row in zip(score, chunk, strict=True)]
    scored.sort(key=lambda entry: (-entry[0], entry[1], tuple(entry[2])))
    paths = (LeastPaths(problem, pickups, dropoffs), LeastPaths(problem, [], []))
    courses = (
        course
        for start in range(0, len(scored), SCORE_CHUNK)
        for course in _with_floors(problem, paths, scored[start : start + SCORE_CHUNK])
    )  # floors only for the sets reached
    kept = itertools.islice((c for c in courses if fits is None or fits(c)), limit)
    return sorted(kept, key=lambda c: (len(c.facilities), c.facilities))


def _with_floors(problem: Problem, paths: tuple, scored: list) -> list[Course]:
    """The scored sets as courses, in the same order, their floors (with the ways in and out,
    and without) found a size at a time."""
    floors: dict[int, tuple[int, int]] = {}
    for k in sorted({k for _, k, _ in scored}):
        rows = [n for n, (_, size, _) in enumerate(scored) if size == k]
        combos = np.array([scored[n][2] for n in rows], dtype=np.int64).reshape(len(rows), k)
        both = zip(paths[0].through(combos).tolist(), paths[1].through(combos).tolist(),
                   strict=True)  # fmt: skip
        floors.update(zip(rows, both, strict=True))
    courses = []
    for n, (_, _, row) in enumerate(scored):
        combo = tuple(int(i) for i in row)
        accessible = all(problem.facilities[i].wheelchair for i in combo)
        courses.append(Course(combo, floors[n][0], accessible, floors[n][1]))
    return courses


def _favourite_values(problem: Problem, units) -> np.ndarray:
    """Per unit, the value of its favourite facilities (as many as a bus visits)."""
    keys = [f.key for f in problem.facilities]
    best = []
    for u in units:
        values = [v for key, v in zip(keys, u.value, strict=True) if key not in u.avoid]
        best.append(sum(sorted(values, reverse=True)[: problem.max_visits]))
    return np.array(best, dtype=float)


def favourites_bound(problem: Problem, units) -> float:
    """Each unit visiting its favourite facilities, free of charge: true for every plan."""
    return float(problem.weights.interest * _favourite_values(problem, units).sum())
