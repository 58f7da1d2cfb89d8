"""Which courses a bus can fit into the day, and which delegations each course can serve in time.

Both tests time a relaxation of every real route: the middle part (visits and lunch, every order,
every lunch place) starts no earlier than any pickup allows and is followed by the shortest trip to
a drop-off, using shortest-path travel times. A course or a (unit, course) pair failing here fails
in every plan, so dropping it keeps the bound true and spares the solver routes that cannot work.
"""

import itertools

from tours.planning.courses import Course
from tours.planning.problem import Problem
from tours.planning.units import Unit


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

    def orders(self, course: Course) -> list[list[tuple[str, int, tuple | None, int | None]]]:
        """Every middle order: (stop key, duration, windows or None, latest start or None)."""
        if course.facilities not in self._orders:
            p = self.problem
            visits = [
                (p.facilities[i].key, p.facilities[i].visit_minutes, p.facilities[i].windows, None)
                for i in course.facilities
            ]
            found = []
            for lunch in p.lunch_places:
                stop = (
                    lunch.key,
                    p.lunch_minutes,
                    ((p.lunch_earliest, p.lunch_latest + p.lunch_minutes),),
                    p.lunch_latest,
                )
                found += [list(order) for order in itertools.permutations([*visits, stop])]
            self._orders[course.facilities] = found
        return self._orders[course.facilities]

    def course_fits(self, course: Course) -> bool:
        board = self.problem.boarding_minutes
        for order in self.orders(course):
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
        room for the course. Units sharing those ends share the answer; a unit with neither an
        earliest pickup nor a latest drop-off is taken to fit (a weaker relaxation, still true)."""
        if not self._constrained(unit):
            return True
        key = (self._ends(unit), course.facilities)
        if key not in self._fits:
            self._fits[key] = self._unit_fits(unit, course)
        return self._fits[key]

    def _unit_fits(self, unit: Unit, course: Course) -> bool:
        board = self.problem.boarding_minutes
        boarded = max(max(self.open, d.earliest_pickup or 0) + board for d in unit.delegations)
        for order in self.orders(course):
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


def _first_start(ready: int, duration: int, windows) -> int | None:
    if windows is None:
        return ready
    for low, high in sorted(windows):
        start = max(ready, low)
        if start + duration <= high:
            return start
    return None
