"""From patterns to timed buses.

Every pattern is checked for a route before the master may choose it; one that has none is
replaced by its best routable subgroups. When the chosen buses cannot be timed together (shared
facilities, lunch rooms, interpreters), that combination is cut off and the choice made again.
"""

import time

from tours.planning.bound.patterns import BusType, Pattern, PatternSpace
from tours.planning.master.choose import Choice, Seating, choose_patterns
from tours.planning.model.interpreters import fewest_interpreters
from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Problem
from tours.planning.routing.routes import Order, Timing, cheapest_orders, earliest_timing
from tours.planning.routing.timing import BusJob, TimedBus, time_buses

ORDERS_PER_BUS = 6
MIN_MASTER_SECONDS = 0.5
MAX_MASTER_SECONDS = 4.0
TIMING_SECONDS_ONE_WORKER = 5.0  # deterministic time: one worker's runs must not vary
MAX_ROUNDS = 8
MAX_TIMING_TRIES = 6
TIMING_RESERVE_S = 1.5
FILL_COURSES = 12
DROP_ORDERS = 2
REPAIR_CHECKS = 4  # route searches spent on one priced pattern


class Realizer:
    def __init__(self, problem: Problem, space: PatternSpace, types: list[BusType], *, seed: int,
                 workers: int):  # fmt: skip
        self.problem, self.space, self.types = problem, space, types
        self.seed, self.workers = seed, workers
        self.keys = [f.key for f in problem.facilities]
        self._routes: dict[tuple, list[Order]] = {}
        self._sequences: dict = {}  # stop sequences, kept by routes.cheapest_orders
        self._timings: dict[tuple, list[Timing]] = {}
        self._routable: dict[tuple, bool] = {}
        self.deadline = float("inf")
        self._course_lookup: dict[tuple, int] | None = None
        self.nogoods: list[set[tuple]] = []
        self.chosen: Choice | None = None

    def repair(self, pattern: Pattern) -> list[Pattern]:
        """The pattern if it can be routed, else its best routable subgroups (greedy descent)."""
        frontier, found, seen, checks = [pattern], [], set(), 0
        while frontier and len(found) < 2 and checks < REPAIR_CHECKS:
            p = frontier.pop(0)
            if p.units in seen or not p.units:
                continue
            seen.add(p.units)
            if not self._seats_ok(p):
                frontier += sorted(self._smaller(p), key=lambda q: -q.value)[:1]
                continue
            checks += 1
            if self.routable(p):
                found.append(p)
                continue
            frontier += sorted(self._smaller(p), key=lambda q: -q.value)[:2]
        return found

    def run(self, patterns: list[Pattern], deadline: float,
            hint: Choice | None = None) -> tuple[list[TimedBus], list[int]]:  # fmt: skip
        """Choose (from `hint`, a choice among `patterns`, when given), improve by neighbouring
        patterns while that pays, then time the buses."""
        self.pool, self.seatings = [], []
        self.deadline = deadline
        self._add(patterns)
        choice = self._choose(deadline, hint)
        for _ in range(MAX_ROUNDS):
            if not choice.patterns or time.monotonic() > deadline - TIMING_RESERVE_S:
                break
            if not self._add(self._neighbours(choice)):
                break
            better = self._choose(deadline, choice)
            if _worth(better) <= _worth(choice):
                break
            choice = better
        self.chosen = choice  # before timing: the choice itself is worth a try elsewhere
        return self._time(choice, deadline)

    def _add(self, patterns: list[Pattern]) -> int:
        """Adds the new patterns, in the order given, while the time allows (seating each one
        routes it); returns how many were added."""
        known = {(p.bus_type, p.course, p.units) for p in self.pool}
        fresh = [p for p in patterns if (p.bus_type, p.course, p.units) not in known]
        fresh = list({(p.bus_type, p.course, p.units): p for p in fresh}.values())
        cutoff = self.deadline - TIMING_RESERVE_S - MIN_MASTER_SECONDS
        added = 0
        for p in fresh:
            if added and self.workers > 1 and time.monotonic() > cutoff:
                break  # one worker stays reproducible: it adds them all
            self.pool.append(p)
            self.seatings.append(self.seating(p))
            added += 1
        return added

    def _choose(self, deadline: float, hint: Choice | None) -> Choice:
        left = deadline - time.monotonic()
        budget = min(MAX_MASTER_SECONDS, max(MIN_MASTER_SECONDS, left * 0.3))
        if self.workers == 1:  # reproducible: a budget that does not depend on the wall clock
            budget = MAX_MASTER_SECONDS
        choice = choose_patterns(
            self.pool, self.seatings, len(self.space.units), self.types, self.problem.interpreters,
            time_limit_s=budget, seed=self.seed, workers=self.workers, nogoods=self.nogoods,
            facility_limits=self.facility_limits, hint=hint,
        )  # fmt: skip
        if hint is not None and _worth(choice) < _worth(hint):
            return hint  # no better choice found in time: keep the one in hand
        return choice

    def _time(self, choice: Choice, deadline: float) -> tuple[list[TimedBus], list[int]]:
        """Time the chosen buses. A combination that cannot be timed, or only by giving visits
        up, is cut off and the choice made again while time allows; the best timed plan wins."""
        best: tuple[tuple, list[TimedBus], list[int]] | None = None
        for _ in range(MAX_TIMING_TRIES):
            if not choice.patterns:
                break
            budget = max(0.3, deadline - time.monotonic())
            if self.workers == 1:
                budget = TIMING_SECONDS_ONE_WORKER
            result = time_buses(self.problem, self.jobs(choice.patterns), time_limit_s=budget,
                                seed=self.seed, workers=self.workers)  # fmt: skip
            self.nogoods.append({(p.bus_type, p.course, p.units) for p in choice.patterns})
            if result is not None:
                worth = (-len(choice.left_out), self._realized(result))
                if best is None or worth > best[0]:
                    best = (worth, result, choice.left_out)
                if not self._gave_up(choice.patterns, result):
                    break  # timed as chosen
            if time.monotonic() > deadline - TIMING_RESERVE_S:
                break
            choice = self._choose(deadline + TIMING_RESERVE_S, None)
        if best is None:
            return [], list(range(len(self.space.units)))
        return best[1], best[2]

    def _gave_up(self, chosen: list[Pattern], timed: list[TimedBus]) -> bool:
        visits = sum(len(self.space.courses[p.course].facilities) for p in chosen)
        return visits > sum(1 for t in timed for s in t.order.stops if s.kind == "visit")

    def _realized(self, timed: list[TimedBus]) -> float:
        """The timed buses' value as the master counts it (gain, bus cost, driving)."""
        w = self.problem.weights
        return sum(
            t.order.gain - w.driving_minute * t.order.driving - w.bus_cost * t.bus.cost
            for t in timed
        )

    def _neighbours(self, choice: Choice) -> list[Pattern]:
        """Each chosen bus with one more unit (from the left-out or from another bus), or one
        fewer: the master then finds the best mix of such moves at once."""
        found = []
        home = {u: p for p in choice.patterns for u in p.units}
        for p in choice.patterns:
            if time.monotonic() > self.deadline - TIMING_RESERVE_S:
                break
            for u in [*choice.left_out, *sorted(home)]:
                if u in p.units:
                    smaller = tuple(x for x in p.units if x != u)
                    if smaller:
                        found.append(self._best_routable(p.bus_type, smaller, p.course))
                    continue
                grown = tuple(sorted((*p.units, u)))
                q = self._best_routable(p.bus_type, grown, p.course)
                if q is None and u in choice.left_out:
                    q = self._swap_in(p, u)
                found.append(q)
        return [q for q in found if q is not None]

    def _swap_in(self, p: Pattern, u: int) -> Pattern | None:
        """With u aboard, perhaps one other unit must give way."""
        for v in p.units:
            units = tuple(sorted(x for x in (*p.units, u) if x != v))
            q = self._best_routable(p.bus_type, units, p.course)
            if q is not None:
                return q
        return None

    def _best_routable(self, bus_type: int, units: tuple[int, ...], current: int):
        for course in self._courses_for(bus_type, units, current):
            value = self.space.pattern_value(self.types[bus_type], course, units)
            q = Pattern(bus_type, course, units, value)
            if self._seats_ok(q) and self.routable(q):
                return q
        return None

    def _courses_for(self, bus_type: int, units: tuple[int, ...], current: int) -> list[int]:
        """The current course, then the best-valued courses every unit may take."""
        mask = self.space.type_mask(self.types[bus_type])[:, list(units)].all(axis=1)
        values = self.space.values[:, list(units)].sum(axis=1)
        ranked = [int(s) for s in values.argsort()[::-1] if mask[s]][:FILL_COURSES]
        return [current, *[s for s in ranked if s != current]] if mask[current] else ranked

    def facility_limits(self, p: Pattern) -> dict[int, tuple[int, tuple[int, int]]]:
        """Per facility of the course: the bus's least load, and the facility's day totals."""
        units = [self.space.units[u] for u in p.units]
        load = sum(u.size for u in units) + self.problem.staff_seats
        load += int(any(u.languages for u in units))
        limits = {}
        for n in self.space.courses[p.course].facilities:
            f = self.problem.facilities[n]
            limits[n] = (load, (f.max_visits * f.max_buses_at_once, f.max_visits * f.max_people))
        return limits

    def seating(self, p: Pattern) -> Seating:
        """Languages, spare seats, and interpreters free for the whole of the pattern's route."""
        languages = frozenset().union(*(self.space.units[u].languages for u in p.units))
        people = sum(self.space.units[u].size for u in p.units)
        room = min(self.types[p.bus_type].seats, int(self.space.room[p.course]))
        spare = room - people - self.problem.staff_seats
        candidates = tuple(
            n
            for n, person in enumerate(self.problem.interpreters)
            if person.languages & (languages | {NO_LANGUAGE_NEEDED})
            and self._fits_day(p, person.available)
        )
        return Seating(languages, spare, candidates)

    def _fits_day(self, p: Pattern, available: tuple[int, int]) -> bool:
        """Some candidate order can be timed inside the interpreter's hours too."""
        bus = self.types[p.bus_type].buses[0]
        day = self.problem.day
        window = (
            max(day[0], bus.available[0], available[0]),
            min(day[1], bus.available[1], available[1]),
        )
        minutes = self.problem.travel.minutes
        return any(
            earliest_timing(order.stops, minutes, window) is not None for order in self.orders(p)
        )

    def jobs(self, chosen: list[Pattern]) -> list[BusJob]:
        jobs = []
        for p, bus in zip(chosen, self.buses_for(chosen), strict=True):
            delegations = [d for u in p.units for d in self.space.units[u].delegations]
            jobs.append(BusJob(bus, delegations, self._variants(p)))
        return jobs

    def buses_for(self, chosen: list[Pattern]) -> list:
        """A bus of each pattern's type, each bus once."""
        ranks: dict[int, int] = {}
        buses = []
        for p in chosen:
            rank = ranks.get(p.bus_type, 0)
            ranks[p.bus_type] = rank + 1
            buses.append(self.types[p.bus_type].buses[rank])
        return buses

    def _variants(self, p: Pattern) -> list[Order]:
        """The course's orders, and orders that leave out one visit nobody must make: when buses
        contend for a facility, timing them all may need one bus to give a visit up."""
        found = [self._with_gain(p, p.course, o) for o in self.orders(p)]
        course = self.space.courses[p.course].facilities
        must = frozenset().union(*(self.space.units[u].must_visit for u in p.units))
        if len(course) - 1 < self.problem.min_visits:
            return found
        for n in course:
            if self.keys[n] in must:
                continue
            smaller = self._course_index(tuple(i for i in course if i != n))
            if smaller is not None:
                q = Pattern(p.bus_type, smaller, p.units, 0)
                found += [self._with_gain(q, smaller, o) for o in self.orders(q)[:DROP_ORDERS]]
        return found

    def _with_gain(self, p: Pattern, course: int, order: Order) -> Order:
        w = self.problem.weights.interest
        gain = w * int(self.space.values[course, list(p.units)].sum())
        return Order(order.stops, order.driving, gain)

    def _course_index(self, facilities: tuple[int, ...]) -> int | None:
        if self._course_lookup is None:
            self._course_lookup = {c.facilities: i for i, c in enumerate(self.space.courses)}
        return self._course_lookup.get(facilities)

    def routable(self, p: Pattern) -> bool:
        """Whether some order can be timed: the Pareto front of (ready time, driving) keeps the
        earliest way to each stop (lunch at one of the places nearest the course)."""
        bus = self.types[p.bus_type].buses[0]
        key = (p.course, p.units, bus.available)
        if key not in self._routable:
            if key in self._routes:
                self._routable[key] = bool(self._routes[key])
            else:
                self._routable[key] = bool(self._search(p, bus, count=1, keep=1))
        return self._routable[key]

    def orders(self, p: Pattern) -> list[Order]:
        bus = self.types[p.bus_type].buses[0]
        key = (p.course, p.units, bus.available)
        if key not in self._routes:
            found = self._search(p, bus, count=ORDERS_PER_BUS)
            self._routes[key] = [order for order, _ in found]
            self._timings[key] = [timing for _, timing in found]
        return self._routes[key]

    def _search(self, p: Pattern, bus, **options):
        delegations = [d for u in p.units for d in self.space.units[u].delegations]
        facilities = [self.keys[i] for i in self.space.courses[p.course].facilities]
        return cheapest_orders(self.problem, bus, delegations, facilities, cache=self._sequences,
                               **options)  # fmt: skip

    def _smaller(self, p: Pattern) -> list[Pattern]:
        t = self.types[p.bus_type]
        return [
            Pattern(t.index, p.course, rest, self.space.pattern_value(t, p.course, rest))
            for u in p.units
            if (rest := tuple(x for x in p.units if x != u))
        ]

    def _seats_ok(self, p: Pattern) -> bool:
        """Rule 2 for the whole group: seats with the interpreters it needs, wheelchair spaces."""
        units = [self.space.units[u] for u in p.units]
        bus_type = self.types[p.bus_type]
        if sum(u.wheelchair_users for u in units) > bus_type.wheelchair_spaces:
            return False
        languages = frozenset().union(*(u.languages for u in units))
        interpreters = fewest_interpreters(languages, self.problem.interpreters)
        if interpreters is None:
            return False
        people = sum(u.size for u in units)
        room = min(bus_type.seats, int(self.space.room[p.course]))
        return people + interpreters + self.problem.staff_seats <= room


def _worth(choice: Choice) -> int:
    """Plans that place more delegations come first, then higher pattern value."""
    return -(10**12) * len(choice.left_out) + sum(p.value for p in choice.patterns)
