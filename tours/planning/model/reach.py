"""Which courses a bus can fit into the day, and which delegations each course can serve in time.

Both tests time a relaxation of every real route: the middle part (visits and lunch, every order,
every lunch place) starts no earlier than any pickup allows and is followed by the shortest trip to
a drop-off, using shortest-path travel times. A course or a (unit, course) pair failing here fails
in every plan, so dropping it keeps the bound true and spares the solver routes that cannot work.
"""

import itertools

import numpy as np

from tours.planning.model.clock import tick
from tours.planning.model.courses import Course
from tours.planning.model.problem import Problem
from tours.planning.model.units import Unit


class Reach:
    def __init__(self, problem: Problem, units: list[Unit]):
        self.problem = problem
        self.least = problem.travel.least
        delegations = [d for u in units for d in u.delegations]
        self.pickups = sorted({d.pickup for d in delegations})
        self.dropoffs = sorted({d.dropoff for d in delegations})
        self.open = max(problem.day[0], min((b.available[0] for b in problem.buses), default=0))
        self.close = min(problem.day[1], max((b.available[1] for b in problem.buses), default=0))
        self._orders: dict[tuple[int, ...], list] = {}
        self._fits: dict[tuple, bool] = {}
        self._table: _OrderTable | None = None
        self._rows: dict[tuple, np.ndarray] = {}

    def orders(self, course: Course) -> list[list[tuple[str, int, tuple | None, int | None]]]:
        """Every middle order: (stop key, duration, windows or None, latest start or None)."""
        if course.facilities not in self._orders:
            self._orders[course.facilities] = [list(o) for o in self._each_order(course)]
        return self._orders[course.facilities]

    def _each_order(self, course: Course):
        p = self.problem
        visits = [
            (p.facilities[i].key, p.facilities[i].visit_minutes, p.facilities[i].windows, None)
            for i in course.facilities
        ]
        if not p.has_lunch:  # a day without lunch: the visits alone (none, on an empty course)
            yield from itertools.permutations(visits)
            return
        window, latest = _lunch_times(p)
        for lunch in p.lunch_places:
            stop = (lunch.key, p.lunch_minutes, (window,), latest)
            yield from itertools.permutations([*visits, stop])

    def course_fits(self, course: Course) -> bool:
        if not self.pickups or not self.dropoffs:
            return False  # nobody left to carry (the pre-checks set everyone aside)
        board = self.problem.boarding_minutes
        for order in self._each_order(course):  # one at a time: the first that fits will do
            tick("checking which facility combinations fit in the day")
            if not order:
                return True  # nothing between pickups and drop-offs: taken to fit (still true)
            ready = self.open + board + min(self.least(p, order[0][0]) for p in self.pickups)
            end = self.middle_end(order, ready)
            if end is None:
                continue
            if end + min(self.least(order[-1][0], d) for d in self.dropoffs) + board <= self.close:
                return True
        return False

    def checks_needed(self, units: list[Unit], courses: list[Course]) -> int:
        """How many (ends, course) timings unit_fits would run: the caller may skip them all."""
        constrained = {self._ends(u) for u in units if self._constrained(u)}
        return len(constrained) * len(courses)

    @staticmethod
    def _constrained(unit: Unit) -> bool:
        return any(
            d.earliest_pickup is not None or d.latest_dropoff is not None for d in unit.delegations
        )

    @staticmethod
    def _ends(unit: Unit) -> tuple:
        return tuple(
            sorted((d.pickup, d.earliest_pickup or 0, d.dropoff, d.latest_dropoff or 10**6)
                   for d in unit.delegations)
        )  # fmt: skip

    def unit_fits(self, unit: Unit, course: Course) -> bool:
        """Whether the unit's own pickups, drop-offs, earliest pickup and latest drop-off leave
        room for the course (the plain statement of what unit_fits_all runs for every course at
        once, and the reference its test checks it against). Units sharing those ends share the
        answer; a unit with neither an earliest pickup nor a latest drop-off is taken to fit (a
        weaker relaxation, still true)."""
        if not self._constrained(unit):
            return True
        key = (self._ends(unit), course.facilities)
        if key not in self._fits:
            self._fits[key] = self._unit_fits(unit, course)
        return self._fits[key]

    def unit_fits_all(self, unit: Unit, courses: list[Course]) -> np.ndarray:
        """unit_fits for every course of the list at once (the same timing, vectorised over
        every middle order of every course); the list must be the same on every call."""
        if not self._constrained(unit):
            return np.ones(len(courses), dtype=bool)
        if self._table is None:
            self._table = _OrderTable(self, courses)
        key = self._ends(unit)
        if key not in self._rows:
            self._rows[key] = self._table.fits(self, unit)
        return self._rows[key]

    def _unit_fits(self, unit: Unit, course: Course) -> bool:
        board = self.problem.boarding_minutes
        boarded = max(max(self.open, d.earliest_pickup or 0) + board for d in unit.delegations)
        for order in self.orders(course):
            if not order:
                return True  # nothing between pickups and drop-offs: taken to fit (still true)
            ready = boarded + min(self.least(d.pickup, order[0][0]) for d in unit.delegations)
            end = self.middle_end(order, ready)
            if end is not None and self._dropoffs_ok(unit, order[-1][0], end):
                return True
        return False

    def _dropoffs_ok(self, unit: Unit, last: str, end: int) -> bool:
        board = self.problem.boarding_minutes
        for d in unit.delegations:
            done = end + self.least(last, d.dropoff) + board
            if done > self.close or (d.latest_dropoff is not None and done > d.latest_dropoff):
                return False
        return True

    def middle_end(self, order, ready: int) -> int | None:
        clock, previous = ready, None
        for key, duration, windows, latest in order:
            if previous is not None:
                clock += self.least(previous, key)
            start = _first_start(clock, duration, windows)
            if start is None or (latest is not None and start > latest):
                return None
            clock, previous = start + duration, key
        return clock


def _lunch_times(problem: Problem) -> tuple[tuple[int, int], int]:
    """Lunch as a stop: the window it lies in, and its latest start."""
    window = (problem.lunch_earliest, problem.lunch_latest + problem.lunch_minutes)
    return window, problem.lunch_latest


def _first_start(ready: int, duration: int, windows) -> int | None:
    if windows is None:
        return ready
    for low, high in sorted(windows):
        start = max(ready, low)
        if start + duration <= high:
            return start
    return None


class _OrderTable:
    """Every middle order of every course as rows of numpy arrays (stops padded to one length:
    a pad repeats the last stop, takes no time and has no window)."""

    BIG = 10**7

    def __init__(self, reach: Reach, courses: list[Course]):
        problem = reach.problem
        keys = sorted({*(f.key for f in problem.facilities), *(p.key for p in problem.lunch_stops),
                       *reach.pickups, *reach.dropoffs})  # fmt: skip
        self.index = {k: n for n, k in enumerate(keys)}
        least = reach.least
        self.travel = np.array([[least(a, b) for b in keys] for a in keys], dtype=np.int64)
        stops = self._stops(problem)  # per stop id: key, duration, lows, highs, latest
        n_f = len(problem.facilities)
        lunch = int(problem.has_lunch)  # every middle holds one lunch stop, if the day has lunch
        length = max(1, lunch + max((len(c.facilities) for c in courses), default=0))
        # a course with no stop at all in its middle is taken to fit (a weaker relaxation)
        self.no_middle = [n for n, c in enumerate(courses) if not c.facilities and not lunch]
        ids, course, sizes = [], [], []
        for size in sorted({len(c.facilities) for c in courses} - ({0} if not lunch else set())):
            chosen = [n for n, c in enumerate(courses) if len(c.facilities) == size]
            visits = np.array([courses[n].facilities for n in chosen], dtype=np.int64)
            visits = visits.reshape(len(chosen), size)
            orders = np.array(list(itertools.permutations(range(size + lunch))), dtype=np.int64)
            for place in range(len(problem.lunch_places)) if lunch else [None]:
                middle = visits
                if place is not None:
                    middle = np.hstack([visits, np.full((len(chosen), 1), n_f + place)])
                rows = middle[:, orders].reshape(-1, size + lunch)  # (course, order) rows
                pad = np.repeat(rows[:, -1:], length - size - lunch, axis=1)
                ids.append(np.hstack([rows, pad]))
                course.append(np.repeat(np.array(chosen, dtype=np.int64), len(orders)))
                sizes.append(np.full(len(rows), size + lunch - 1))  # the last real stop
        empty = np.zeros(0, dtype=np.int64)
        ids = np.vstack(ids) if ids else np.zeros((0, length), dtype=np.int64)
        padded = np.arange(length)[None, :] > np.concatenate(sizes or [empty])[:, None]
        self.course = np.concatenate(course or [empty])
        self.n_courses = len(courses)
        key, duration, low, high, latest = stops
        self.key = key[ids]
        self.duration = np.where(padded, 0, duration[ids])
        self.low = np.where(padded[:, :, None], -self.BIG, low[ids])
        self.high = np.where(padded[:, :, None], -self.BIG, high[ids])
        self.high[:, :, 0] = np.where(padded, self.BIG, self.high[:, :, 0])
        self.latest = np.where(padded, self.BIG, latest[ids])

    def _stops(self, problem) -> tuple[np.ndarray, ...]:
        """Per stop id (facilities, then lunch places): travel key, duration, window starts and
        ends (sorted; -BIG where none; one window from -BIG to BIG when any start will do) and
        latest start (BIG where none)."""
        facilities, lunches = problem.facilities, problem.lunch_stops
        width = max([len(f.windows) for f in facilities] + [1])
        n = len(facilities) + len(lunches)
        key = np.zeros(n, dtype=np.int64)
        duration = np.zeros(n, dtype=np.int64)
        low = np.full((n, width), -self.BIG, dtype=np.int64)
        high = np.full((n, width), -self.BIG, dtype=np.int64)
        latest = np.full(n, self.BIG, dtype=np.int64)
        for i, f in enumerate(facilities):
            key[i], duration[i] = self.index[f.key], f.visit_minutes
            for w, (a, z) in enumerate(sorted(f.windows)):
                low[i, w], high[i, w] = a, z
        for j, place in enumerate(lunches):
            i = len(facilities) + j
            key[i], duration[i] = self.index[place.key], problem.lunch_minutes
            (low[i, 0], high[i, 0]), latest[i] = _lunch_times(problem)
        return key, duration, low, high, latest

    def fits(self, reach: Reach, unit: Unit) -> np.ndarray:
        board = reach.problem.boarding_minutes
        boarded = max(max(reach.open, d.earliest_pickup or 0) + board for d in unit.delegations)
        pickups = [self.index[d.pickup] for d in unit.delegations]
        clock = boarded + self.travel[pickups][:, self.key[:, 0]].min(axis=0)
        for i in range(self.key.shape[1]):
            if i:
                clock = clock + self.travel[self.key[:, i - 1], self.key[:, i]]
            start = np.full(len(clock), self.BIG)
            for w in range(self.low.shape[2]):  # the first window (by start) the stop fits
                begin = np.maximum(clock, self.low[:, i, w])
                fits = (begin + self.duration[:, i] <= self.high[:, i, w]) & (start >= self.BIG)
                start = np.where(fits, begin, start)
            start = np.where(start > self.latest[:, i], self.BIG, start)
            clock = start + self.duration[:, i]
        ok = clock < self.BIG
        last = self.key[:, -1]
        for d in unit.delegations:
            done = clock + self.travel[last, self.index[d.dropoff]] + board
            ok &= done <= reach.close
            if d.latest_dropoff is not None:
                ok &= done <= d.latest_dropoff
        found = np.zeros(self.n_courses, dtype=bool)
        np.logical_or.at(found, self.course, ok)
        found[self.no_middle] = True
        return found
