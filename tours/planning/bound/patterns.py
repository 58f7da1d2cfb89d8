"""Patterns: one bus type, one course, a group of units; and the vectorised search for the best.

For every course at once, a 0/1 knapsack over units (numpy: ortools already depends on it) finds the
group with the highest reduced value. Its relaxation of a bus is exact on seats, wheelchair spaces,
must_visit and avoid, and counts at least the interpreter seats a group needs (one with a foreign
language, one per seated category it holds); it ignores time and counts driving by floors, so
every bus of every valid plan is one of its patterns and bounds built on it are true.
"""

from dataclasses import dataclass

import numpy as np

from tours.planning.bound.pricing import NEG, Prices, best_by_course, best_group, fractional_bound
from tours.planning.model.courses import Course
from tours.planning.model.driving import DrivingFloors
from tours.planning.model.ends import EndsRows
from tours.planning.model.problem import Bus, Problem
from tours.planning.model.units import Unit

SEARCH_CHUNK = 256  # courses priced together, most promising first


@dataclass(frozen=True)
class BusType:
    index: int
    buses: tuple[Bus, ...]
    seats: int
    wheelchair_spaces: int
    cost: int

    @property
    def count(self) -> int:
        return len(self.buses)


@dataclass(frozen=True)
class Pattern:
    bus_type: int
    course: int
    units: tuple[int, ...]
    value: int  # weights applied: interest - bus cost - driving floor


def bus_types(problem: Problem) -> list[BusType]:
    groups: dict[tuple, list[Bus]] = {}
    for bus in problem.buses:
        groups.setdefault((bus.seats, bus.wheelchair_spaces, bus.cost, bus.available), []).append(
            bus
        )
    return [
        BusType(i, tuple(bs), bs[0].seats, bs[0].wheelchair_spaces, bs[0].cost)
        for i, bs in enumerate(groups.values())
    ]


class PatternSpace:
    """Values of every (course, unit) pair and which pairs a bus type allows."""

    def __init__(self, problem: Problem, units: list[Unit], courses: list[Course], reachable=None,
                 own_places: bool = True):  # fmt: skip
        """`reachable(unit)` (optional) is, per course, False where no route serves the unit;
        `own_places` counts in a pattern's value the driving through all its group's own pickup
        and drop-off places (driving.py), which column generation matches in its pricing only
        by splitting rows (bound.py): without that, a column worth less than its pricing said
        leaves the bound looser than the plain floors do."""
        self.problem, self.units, self.courses = problem, units, courses
        keys = [f.key for f in problem.facilities]
        member = np.zeros((len(courses), len(keys)), dtype=np.int64)
        for s, course in enumerate(courses):
            member[s, list(course.facilities)] = 1
        unit_values = np.array([u.value for u in units], dtype=np.int64).reshape(len(units), -1)
        self.values = member @ unit_values.T  # (courses, units)
        self.float_values = self.values.astype(float)
        self.allowed = np.ones_like(self.values, dtype=bool)
        for j, unit in enumerate(units):
            need = [keys.index(k) for k in unit.must_visit]
            shun = [keys.index(k) for k in unit.avoid]
            if need:
                self.allowed[:, j] &= member[:, need].all(axis=1).astype(bool)
            if shun:
                self.allowed[:, j] &= ~member[:, shun].any(axis=1).astype(bool)
        if reachable is not None:
            for j, unit in enumerate(units):
                self.allowed[:, j] &= reachable(unit)
        self.accessible = np.array([c.accessible for c in courses], dtype=bool)
        self.drive = np.array([c.drive_floor for c in courses], dtype=np.int64)
        self.middle = np.array([c.middle_floor for c in courses], dtype=np.int64)
        self.first_leg, self.last_leg = _legs(problem, units, courses, member)
        self.floors = DrivingFloors(problem, units, courses)
        self.own_places = own_places
        self.room = np.array([_room(problem, c) for c in courses], dtype=np.int64)
        self.member = member.astype(float)  # (courses, facilities)
        self.sizes = np.array([u.size for u in units], dtype=np.int64)
        self.languages = sorted(set().union(*(u.languages for u in units)))
        sets = sorted(
            {u.languages for u in units if u.languages}, key=lambda s: (len(s), sorted(s))
        )
        self.categories = [frozenset(), *sets]
        self.category = np.array([self.categories.index(u.languages) for u in units], np.int64)
        self.charged: list[list[int]] = [[] for _ in self.categories]  # language indexes
        claimed: set[str] = set()
        for k, languages in enumerate(self.categories):
            for language in sorted(languages - claimed):
                self.charged[k].append(1 + self.languages.index(language))
            claimed |= languages
        self.seated = seated_categories(self.categories, problem.interpreters)
        self.foreign = np.array([bool(u.languages) for u in units], dtype=bool)
        self.wheelchair = np.array([u.wheelchair_users for u in units], dtype=np.int64)

    def interpreter_seats(self, units: tuple[int, ...]) -> int:
        """The fewest interpreters a group needs as pricing counts them: one when any language
        needs one, or one per seated category it holds (see seated_categories)."""
        held = {int(self.category[u]) for u in units}
        if held <= {0}:
            return 0
        return max(1, len(held & self.seated))

    def charges(self, prices: Prices) -> np.ndarray:
        """What a group pays for each language category it brings aboard."""
        return np.array(
            [float(prices.language[self.charged[k]].sum()) for k in range(len(self.categories))]
        )

    def type_mask(self, bus_type: BusType) -> np.ndarray:
        fits = (self.wheelchair <= bus_type.wheelchair_spaces)[None, :]
        needs_access = (self.wheelchair > 0)[None, :]
        return self.allowed & fits & (~needs_access | self.accessible[:, None])

    def pattern_value(self, bus_type: BusType, course: int, units: tuple[int, ...]) -> int:
        w = self.problem.weights
        interest = int(self.values[course, list(units)].sum()) if units else 0
        return (
            w.interest * interest
            - w.bus_cost * bus_type.cost
            - w.driving_minute * self.driving_floor(course, units)
        )

    def driving_floor(self, course: int, units: tuple[int, ...]) -> int:
        """Least driving of any route of the group through the course: through all its own
        pickup places, the course and all its drop-off places (driving.py), and never less than
        the course's floor (in from the nearest pickup place of all, out to the nearest
        drop-off) or its middle and the group's own ways in and out."""
        least = int(self.middle[course]) + self.legs(course, units)
        places = self.floors.group_places(units) if units and self.own_places else None
        own = self.floors.floor(course, *places) if places else 0
        return max(int(self.drive[course]), least, own)

    def legs(self, course: int, units: tuple[int, ...]) -> int:
        """Least driving from the group's pickups into the course and out to its drop-offs."""
        if not units:
            return 0
        chosen = list(units)
        return int(self.first_leg[course, chosen].min() + self.last_leg[course, chosen].min())


def seated_categories(categories: list[frozenset[str]], interpreters) -> frozenset[int]:
    """Language categories no interpreter speaks for two of (a greedy independent set, those
    in conflict with fewest others first): a bus holding k of them needs k interpreters, each
    taking a seat (rule 2), which the pricing may then count."""
    speaks = [frozenset(i.languages) for i in interpreters]
    foreign = range(1, len(categories))
    conflict = {
        k: {m for m in foreign if m != k and any(s & categories[k] and s & categories[m]
                                                 for s in speaks)}
        for k in foreign
    }  # fmt: skip
    chosen: set[int] = set()
    for k in sorted(foreign, key=lambda k: (len(conflict[k]), k)):
        if not conflict[k] & chosen:
            chosen.add(k)
    return frozenset(chosen)


def _legs(problem: Problem, units: list[Unit], courses: list[Course],
          member: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(courses, units): least driving from any of the unit's pickups to any stop of the course's
    middle (its facilities, any lunch place), and from any such stop to any of its drop-offs.
    Every route drives both legs besides the middle (drive_floor), so they add to its floor."""
    least = problem.travel.least
    facilities = [f.key for f in problem.facilities]
    lunches = [p.key for p in problem.lunch_stops]
    legs = []
    for outward in (True, False):
        places = sorted({d.pickup if outward else d.dropoff for u in units for d in u.delegations})

        def trip(place: str, stop: str, outward: bool = outward) -> int:
            return least(place, stop) if outward else least(stop, place)

        to_facility = np.array([[trip(p, f) for f in facilities] for p in places], float)
        to_lunch = np.array([min((trip(p, x) for x in lunches), default=np.inf) for p in places])
        into = np.column_stack(
            [np.where(member > 0, row[None, :], np.inf).min(axis=1) for row in to_facility]
        ).reshape(len(courses), len(places))
        into = np.minimum(into, to_lunch[None, :])  # (courses, places)
        index = {p: n for n, p in enumerate(places)}
        per_unit = np.zeros((len(courses), len(units)))
        for j, u in enumerate(units):
            mine = sorted({index[d.pickup if outward else d.dropoff] for d in u.delegations})
            per_unit[:, j] = into[:, mine].min(axis=1)
        legs.append(np.where(np.isfinite(per_unit), per_unit, 0).astype(np.int64))
    return legs[0], legs[1]


def _room(problem: Problem, course: Course) -> int:
    """Most people a bus on this course may carry: each facility's and the best lunch room's limit
    apply to the whole bus load (rules 5 and 7)."""
    limits = [problem.facilities[i].max_people for i in course.facilities]
    rooms = [p.max_people for p in problem.lunch_stops]
    if rooms and None not in rooms:
        limits.append(max(rooms))
    return min(limits, default=10**6)


def _profit(space: "PatternSpace", bus_type: BusType, prices: Prices) -> np.ndarray:
    w = space.problem.weights
    per_person = space.member @ prices.person  # (courses,)
    profit = w.interest * space.float_values - prices.unit[None, :]
    profit = profit - space.sizes[None, :] * per_person[:, None]
    return np.where(space.type_mask(bus_type), profit, NEG)


def _fixed(space: "PatternSpace", bus_type: BusType, prices: Prices, mixed) -> np.ndarray:
    w = space.problem.weights
    per_person = space.member @ prices.person
    staff = space.problem.staff_seats
    fixed = w.bus_cost * bus_type.cost
    return fixed + space.member @ prices.visit + (staff + mixed) * per_person


def best_groups(
    space: PatternSpace, bus_type: BusType, prices: Prices, keep: int = 1,
    rows: EndsRows | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Per row (a course and the units its ends allow, see ends.py; by default each course over
    all units): the highest reduced pattern value, whether its group needs an interpreter, and
    the unit profits it was built from (for `group_for`).

    Exact for the courses that matter: the `keep` best and the maximum. Courses are searched in
    order of an optimistic value (every unit with a positive profit aboard, no seats or language
    charges), and once the `keep`-th best exact value found is at least the optimistic value of
    every course left, those are left at NEG: none of them can rank among the best."""
    rows = rows or EndsRows.plain(len(space.courses), len(space.units))
    course = rows.course
    capacity = (np.minimum(bus_type.seats, space.room) - space.problem.staff_seats)[course]
    profit = np.where(rows.mask, _profit(space, bus_type, prices)[course], NEG)
    charges = space.charges(prices)
    fixed = _fixed(space, bus_type, prices, 0)[course]  # an interpreter seat adds its price
    legs = _row_legs(space, course, profit)
    driving = np.maximum(space.drive[course], space.middle[course] + legs)
    if rows.floor is not None:
        driving = np.maximum(driving, rows.floor)
    fixed = fixed + space.problem.weights.driving_minute * driving
    per_person = (space.member @ prices.person)[course]
    optimistic = np.where(profit > 0, profit, 0).sum(axis=1) - fixed
    order = np.argsort(-optimistic, kind="stable")
    best = np.full(len(order), NEG)
    mixed = np.zeros(len(order), dtype=bool)
    for done in range(0, len(order), SEARCH_CHUNK):
        rows = order[done : done + SEARCH_CHUNK]
        if done:
            ranks = np.partition(best, -keep)[-keep]  # what a row must reach to rank
            if ranks >= optimistic[rows[0]]:
                break
            relaxed = fractional_bound(profit[rows], space.sizes, space.category,
                                       capacity[rows], prices.japanese)  # fmt: skip
            rows = rows[relaxed - fixed[rows] >= ranks]  # the others cannot rank either
            if not len(rows):
                continue
        found, needs = best_by_course(profit[rows], space.sizes, space.category, capacity[rows],
                                      prices, charges, space.seated)  # fmt: skip
        best[rows] = found - fixed[rows] - needs * per_person[rows]
        mixed[rows] = needs
    return best, mixed, profit


def _row_legs(space: PatternSpace, course: np.ndarray, profit: np.ndarray) -> np.ndarray:
    """Per row, the least legs (PatternSpace.legs) any group it allows drives."""
    allowed = profit > NEG / 2
    first = np.where(allowed, space.first_leg[course], np.inf).min(axis=1, initial=np.inf)
    last = np.where(allowed, space.last_leg[course], np.inf).min(axis=1, initial=np.inf)
    legs = first + last
    return np.where(np.isfinite(legs), legs, 0.0)


def group_for(space: PatternSpace, bus_type: BusType, course: int, prices: Prices, mixed: bool,
              row: np.ndarray) -> tuple[int, ...]:  # fmt: skip
    """The units of the best group for one course, given the unit profits of its row (the same
    search, with its choices kept)."""
    room = min(bus_type.seats, int(space.room[course])) - space.problem.staff_seats
    items = [
        (j, int(space.sizes[j]), float(row[j]), int(space.category[j]))
        for j in map(int, np.flatnonzero(row > NEG / 2))
    ]
    return best_group(items, room, space.charges(prices), mixed, space.seated)


def singletons(space: PatternSpace, types: list[BusType]) -> list[Pattern]:
    """Each unit alone on each bus type with its best allowed course: a start the LP can use."""
    found = []
    for t in types:
        mask = space.type_mask(t)
        for j in range(len(space.units)):
            options = np.flatnonzero(mask[:, j])
            if options.size == 0:
                continue
            gains = space.values[options, j] * space.problem.weights.interest - space.drive[options]
            s = int(options[int(np.argmax(gains))])
            found.append(Pattern(t.index, s, (j,), space.pattern_value(t, s, (j,))))
    return found
