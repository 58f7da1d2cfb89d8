"""Regrouping's estimates: a group's worth on a bus by its best allowed course, time ignored.

Numpy values every unit joining a group at once (seats with the interpreters the languages need,
wheelchair spaces and access, must-visit and avoid, the room facilities and lunch places leave,
facilities already full on the booking sheet); regrouping ranks its moves by these and routes
only the most promising for real. Estimates are remembered: a step changes two buses only.
"""

import numpy as np

from tours.planning.bound.patterns import PatternSpace
from tours.planning.model.interpreters import fewest_interpreters
from tours.planning.model.problem import Bus, Problem

MAX_REMEMBERED = 50000  # estimates kept between steps


class Estimates:
    def __init__(self, problem: Problem, space: PatternSpace, router):
        """`router` (rides.Router) gives the weighted gains and driving floors per course."""
        self.problem, self.space, self.router = problem, space, router
        self._interpreters_needed: dict[frozenset, int] = {}
        self._needed_by_unit: dict[frozenset, np.ndarray] = {}
        self._open: dict[frozenset, np.ndarray] = {}
        self._estimates: dict[tuple, object] = {}

    def group(self, bus: Bus, units: tuple[int, ...], closed: frozenset) -> float:
        """The group's value on this bus by its best allowed course, time ignored."""
        if not units:
            return 0.0
        return float(self.with_each(bus, units[:-1], closed, only=units[-1]))

    def with_each(self, bus: Bus, units: tuple[int, ...], closed: frozenset,
                  only: int | None = None):  # fmt: skip
        """Estimated value of the group plus each unit (or plus `only`), -inf where none fits,
        with the `closed` facilities (full on the sheet) left out. Remembered per bus kind,
        group and closed facilities: a step changes two buses only."""
        key = (bus.seats, bus.wheelchair_spaces, bus.cost, units, closed, only)
        if key not in self._estimates:
            if len(self._estimates) > MAX_REMEMBERED:
                self._estimates.clear()
            self._estimates[key] = self._estimated(bus, units, closed, only)
        return self._estimates[key]

    def _estimated(self, bus: Bus, units: tuple[int, ...], closed: frozenset, only: int | None):
        space, router = self.space, self.router
        n = len(space.units)
        ok = space.allowed[:, list(units)].all(axis=1) if units else None
        if closed:
            open_ = self.open_courses(closed)
            ok = open_ if ok is None else ok & open_
        rows = np.flatnonzero(ok) if ok is not None else None
        if rows is not None and rows.size == 0:
            return np.full(n, -np.inf) if only is None else -np.inf
        size = sum(space.units[u].size for u in units)
        wheel = sum(space.units[u].wheelchair_users for u in units)
        languages = frozenset().union(*(space.units[u].languages for u in units))
        pick = np.arange(n) if only is None else np.array([only])
        people = size + space.sizes[pick] + self.needed_with(languages)[pick]
        people += self.problem.staff_seats
        wheels = wheel + space.wheelchair[pick]
        aboard = (people <= bus.seats) & (wheels <= bus.wheelchair_spaces)
        if only is None and units:
            aboard[list(units)] = False
        best = np.full(len(pick), -np.inf)
        every = only is None and aboard.all()  # then columns are taken whole, not gathered
        pick, people, wheels = pick[aboard], people[aboard], wheels[aboard]
        columns = slice(None) if every else pick
        if pick.size:

            def among(values: np.ndarray) -> np.ndarray:  # the open courses' rows (all: a view)
                return values if rows is None else values[rows]

            gain = among(router.gain)
            base = gain[:, list(units)].sum(axis=1) - among(router.less)
            room = among(space.room)[:, None] >= people[None, :]
            fits = among(space.allowed)[:, columns] & room  # a new array: `allowed` stays as is
            if (wheels > 0).any():
                fits &= among(space.accessible)[:, None] | (wheels == 0)[None, :]
            value = np.where(fits, gain[:, columns] + base[:, None], -np.inf)
            best[aboard] = value.max(axis=0)
        best -= self.problem.weights.bus_cost * bus.cost
        return best if only is None else float(best[0])

    def open_courses(self, closed: frozenset) -> np.ndarray:
        """Courses visiting none of the `closed` facilities (remembered: they change rarely)."""
        if closed not in self._open:
            if len(self._open) > MAX_REMEMBERED:
                self._open.clear()
            shut = np.array([k in closed for k in self.router.keys], dtype=float)
            self._open[closed] = ~(self.space.member @ shut > 0)
        return self._open[closed]

    def needed_with(self, languages: frozenset[str]) -> np.ndarray:
        """Per unit, the interpreters a bus needs for `languages` and the unit's own."""
        known = self._needed_by_unit
        if languages not in known:
            space = self.space
            per_category = np.array([self.needed(languages | c) for c in space.categories])
            known[languages] = per_category[space.category]
        return known[languages]

    def needed(self, languages: frozenset[str]) -> int:
        """The fewest interpreters a bus needs for these languages (huge when none can)."""
        known = self._interpreters_needed
        if languages not in known:
            count = fewest_interpreters(languages, self.problem.interpreters)
            known[languages] = 10**6 if count is None else count
        return known[languages]
