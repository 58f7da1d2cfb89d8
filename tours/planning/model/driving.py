"""Floors on a group's driving through a course, from its own pickup and drop-off places.

A bus drives through its group's pickup places (each once, any order), then the course's visits
and one lunch (any order, any lunch place), then its drop-off places (each once, any order). For
pickup places P and drop-off places D the least such driving is

    floor(c, P, D) = min over p in P, q in D of  to(P, p) + through(c, p, q) + from(D, q)

where to(P, p) is the shortest path through all of P ending at p, from(D, q) the shortest through
all of D starting at q (Held-Karp over shortest-path times), and through(c, p, q) the least way
from p through the course to q (courses.LeastPaths with one place at each end). Time windows are
ignored, so every route of the group is at least this long: a floor for the bound.

Shortest-path times obey the triangle inequality, so adding a place never lowers the floor
(a route through more places, cut short, is a route through fewer). Column generation relies on
this when it splits a row of the pricing (bound.py): groups that use every place of a set pay at
least that set's floor.
"""

import numpy as np

from tours.planning.model.courses import Course, LeastPaths, travel_matrix
from tours.planning.model.ends import place_bits
from tours.planning.model.problem import Problem
from tours.planning.model.units import Unit


class DrivingFloors:
    def __init__(self, problem: Problem, units: list[Unit], courses: list[Course]):
        self.problem, self.courses = problem, courses
        self.pickups = sorted({d.pickup for u in units for d in u.delegations})
        self.dropoffs = sorted({d.dropoff for u in units for d in u.delegations})
        self.unit_pickups = np.array([place_bits(self.pickups, {d.pickup for d in u.delegations})
                                      for u in units], dtype=np.int64)  # fmt: skip
        self.unit_dropoffs = np.array([place_bits(self.dropoffs, {d.dropoff for d in u.delegations})
                                       for u in units], dtype=np.int64)  # fmt: skip
        self._by_size: dict[int, list[int]] = {}
        for n, course in enumerate(courses):
            self._by_size.setdefault(len(course.facilities), []).append(n)
        self._matrix = None
        self._through: dict[tuple[int, int], np.ndarray] = {}
        self._paths: dict[tuple[bool, int, int], int] = {}  # (outward, places, end) -> minutes

    def through(self, p: int, q: int) -> np.ndarray:
        """Per course, the least driving from pickup place p through it to drop-off place q."""
        found = self._through.get((p, q))
        if found is None:
            if self._matrix is None:
                self._matrix = travel_matrix(self.problem)
            paths = LeastPaths(self.problem, [self.pickups[p]], [self.dropoffs[q]], self._matrix)
            found = np.zeros(len(self.courses), dtype=np.int64)
            for k, members in self._by_size.items():
                combos = np.array([self.courses[n].facilities for n in members], np.int64)
                found[members] = paths.through(combos.reshape(len(members), k))
            self._through[(p, q)] = found
        return found

    def group_places(self, units: tuple[int, ...]) -> tuple[int, int]:
        """The pickup and drop-off places of a group, as bit sets."""
        chosen = list(units)
        pick = int(np.bitwise_or.reduce(self.unit_pickups[chosen])) if chosen else 0
        drop = int(np.bitwise_or.reduce(self.unit_dropoffs[chosen])) if chosen else 0
        return pick, drop

    def floor(self, course: int, pick: int, drop: int, ends: tuple[int, int] | None = None) -> int:
        """The least driving of a bus through the course that stops at every place of `pick` and
        `drop`; with `ends`, its last pickup and first drop-off lie among those bit sets (the
        places the group may add to `pick` and `drop`)."""
        last_pickups, first_dropoffs = ends or (pick, drop)
        best = None
        for p in _members(last_pickups):
            into = self._to(pick | 1 << p, p)
            for q in _members(first_dropoffs):
                total = into + int(self.through(p, q)[course]) + self._from(drop | 1 << q, q)
                best = total if best is None or total < best else best
        return 0 if best is None else best

    def row_floors(self, course: np.ndarray, mask: np.ndarray, drive: np.ndarray) -> np.ndarray:
        """Per row (a course and the units allowed on it): the least driving of any group of
        those units, at the least one pickup and one drop-off place each; a row allowing every
        unit gets the course's own floor `drive[course]`, which is that already."""
        floors = drive[course].astype(np.int64)
        some = np.flatnonzero(~mask.all(axis=1))
        picks = _places_of(mask[some], self.unit_pickups, len(self.pickups))  # (rows, P)
        drops = _places_of(mask[some], self.unit_dropoffs, len(self.dropoffs))  # (rows, D)
        least = np.full(len(some), np.iinfo(np.int64).max, dtype=np.int64)
        for p in range(len(self.pickups)):
            for q in range(len(self.dropoffs)):
                both = picks[:, p] & drops[:, q]
                if both.any():
                    least = np.where(both, np.minimum(least, self.through(p, q)[course[some]]),
                                     least)  # fmt: skip
        floors[some] = np.maximum(floors[some], np.where(least == np.iinfo(np.int64).max, 0, least))
        return floors

    def allowed_places(self, mask: np.ndarray) -> tuple[int, int]:
        """The pickup and drop-off places of the units a row allows, as bit sets."""
        return self.group_places(tuple(np.flatnonzero(mask)))

    def _to(self, places: int, end: int) -> int:
        """The shortest path through every pickup place of `places`, ending at `end`."""
        return self._path(True, places, end)

    def _from(self, places: int, start: int) -> int:
        """The shortest path through every drop-off place of `places`, starting at `start`."""
        return self._path(False, places, start)

    def _path(self, outward: bool, places: int, end: int) -> int:
        """Held-Karp: through every place of `places` (pickups when outward, else drop-offs),
        ending at `end` when outward, else starting there."""
        key = (outward, places, end)
        found = self._paths.get(key)
        if found is None:
            rest = places & ~(1 << end)
            keys, least = (self.pickups if outward else self.dropoffs), self.problem.travel.least
            leg = (lambda a, b: least(keys[a], keys[b])) if outward else (
                lambda a, b: least(keys[b], keys[a]))  # fmt: skip
            found = min((self._path(outward, rest, other) + leg(other, end)
                         for other in _members(rest)), default=0)  # fmt: skip
            self._paths[key] = found
        return found


def _members(bits: int) -> list[int]:
    return [i for i in range(bits.bit_length()) if bits >> i & 1]


def _places_of(mask: np.ndarray, unit_bits: np.ndarray, n_places: int) -> np.ndarray:
    """(rows, places): whether any unit a row allows uses the place."""
    uses = (unit_bits[:, None] >> np.arange(n_places)[None, :]) & 1  # (units, places)
    return (mask.astype(np.int64) @ uses) > 0
