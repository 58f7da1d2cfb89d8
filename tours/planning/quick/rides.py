"""One bus's day for regrouping: its group, interpreters and timed route on the booking sheet.

`Router.route` gives a group its best course that can still be timed beside the other buses:
courses are ranked by what the group gains from them less their least driving, the best few get
their cheapest stop orders, and the first order the sheet can time wins.
"""

from dataclasses import dataclass, replace

import numpy as np

from tours.planning.bound.patterns import PatternSpace
from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Bus, Interpreter, Problem, minutes
from tours.planning.routing.plan import bus_document, objective_parts
from tours.planning.routing.routes import Order, cheapest_orders
from tours.planning.routing.sheet import Sheet, sheet_timing
from tours.planning.routing.timing import TimedBus

COURSES_TRIED = 6  # best-ranked courses given stop orders per routing
ORDERS_TRIED = 4  # cheapest stop orders per course timed against the sheet


@dataclass(frozen=True)
class Ride:
    bus: Bus
    units: tuple[int, ...]  # sorted unit indexes; () when the bus stays in the depot
    interpreters: tuple[Interpreter, ...]
    entry: dict | None  # the bus as a kengaku.plan/1 bus entry
    value: int  # weighted interest less bus cost and driving (0 when idle)

    @property
    def bookings(self) -> list[tuple[str, int, int]]:
        if self.entry is None:
            return []
        return [
            (s["at"], minutes(s["start"]), minutes(s["end"]))
            for s in self.entry["stops"]
            if s["kind"] in ("visit", "lunch")
        ]

    @property
    def visited(self) -> frozenset[str]:
        if self.entry is None:
            return frozenset()
        return frozenset(s["at"] for s in self.entry["stops"] if s["kind"] == "visit")


def idle(bus: Bus) -> Ride:
    return Ride(bus, (), (), None, 0)


def ride_from_entry(problem: Problem, entry: dict, units: tuple[int, ...]) -> Ride:
    """A bus of an existing plan, kept exactly as it was timed there."""
    parts = objective_parts(problem, [entry])
    interpreters = tuple(problem.interpreter(k) for k in entry["interpreters"])
    return Ride(problem.bus(entry["bus"]), units, interpreters, entry, parts["score"])


def cover(languages: frozenset[str], pool: list[Interpreter], keep: tuple[Interpreter, ...]):
    """Interpreters from `pool` who speak every language (and Japanese with them), few and plain,
    those already aboard (`keep`) first; None when the pool cannot."""
    if not languages:
        return ()
    wanted = set(languages) | {NO_LANGUAGE_NEEDED}
    chosen: list[Interpreter] = []
    left = list(pool)
    while wanted:
        best = max(left, key=lambda person: _rank(person, wanted, keep), default=None)
        if best is None or not best.languages & wanted:
            return None
        chosen.append(best)
        left.remove(best)
        wanted -= best.languages
    return tuple(chosen)


def _rank(person: Interpreter, wanted: set[str], keep: tuple[Interpreter, ...]) -> tuple:
    hours = person.available[1] - person.available[0]
    return (len(person.languages & wanted), person in keep, -len(person.languages), hours)


class Router:
    def __init__(self, problem: Problem, space: PatternSpace, seen: set | None = None,
                 pinned=None, disruption=None):  # fmt: skip
        """`seen` (optional) collects (bus key, course, units) of every group routed and timed,
        for a master to recombine later; `pinned` (pinning.Pinned) restricts each bus's courses
        and visit times to its pins; `disruption` (disruption.Disruption) charges each ride
        what it changes against a published plan."""
        self.problem, self.space = problem, space
        self.pinned, self.disruption = pinned, disruption
        self.seen = seen if seen is not None else set()
        w = problem.weights
        self.gain = w.interest * space.values.astype(float)  # (courses, units)
        self.less = w.driving_minute * space.drive.astype(float)
        self.keys = [f.key for f in problem.facilities]
        self._orders: dict[tuple, list[Order]] = {}
        self._sequences: dict = {}  # stop sequences, kept by routes.cheapest_orders

    def people(self, units: tuple[int, ...], interpreters: int) -> int:
        size = sum(self.space.units[u].size for u in units)
        return size + interpreters + self.problem.staff_seats

    def course_mask(self, bus: Bus, units: tuple[int, ...], people: int, closed) -> np.ndarray:
        """Courses the whole group may take on this bus; `closed` (facilities) are left out."""
        space = self.space
        mask = space.allowed[:, list(units)].all(axis=1) & (space.room >= people)
        if any(space.units[u].wheelchair_users for u in units):
            mask &= space.accessible
        if closed.any():
            mask &= ~(space.member @ closed.astype(float) > 0)
        required = self.pinned.required(bus.key) if self.pinned else ()
        if required:
            need = np.array([k in required for k in self.keys], dtype=float)
            mask &= space.member @ need == len(required)
        return mask

    def idle(self, bus: Bus) -> Ride:
        """The bus in the depot, charged what that changes against a published plan."""
        charge = self.disruption.penalty(bus.key, None) if self.disruption else 0
        return Ride(bus, (), (), None, -charge)

    def route(self, sheet: Sheet, bus: Bus, units: tuple[int, ...], interpreters,
              tried: int = COURSES_TRIED, prefer: int | None = None) -> Ride | None:  # fmt: skip
        """The group's best course the sheet can still time (`prefer` first when the group may
        take it, then its `tried` best valued), as a timed ride (not booked)."""
        if not units:
            return self.idle(bus)
        groups = [self.space.units[u] for u in units]
        people = self.people(units, len(interpreters))
        wheel = sum(u.wheelchair_users for u in groups)
        if people > bus.seats or wheel > bus.wheelchair_spaces:
            return None
        hours = [bus.available, self.problem.day, *(i.available for i in interpreters)]
        window = (max(h[0] for h in hours), min(h[1] for h in hours))
        closed = np.array([sheet.full(k) for k in self.keys], dtype=bool)
        mask = self.course_mask(bus, units, people, closed)
        options = np.flatnonzero(mask)
        if options.size == 0:
            return None
        score = self.gain[options][:, list(units)].sum(axis=1) - self.less[options]
        ranked = [int(s) for s in options[np.argsort(-score, kind="stable")][:tried]]
        if prefer is not None and mask[prefer]:
            ranked = [prefer, *(s for s in ranked if s != prefer)]
        delegations = [d for g in groups for d in g.delegations]
        for s in ranked:
            for order in self._cheapest(s, units, delegations, replace(bus, available=window)):
                if self.pinned:
                    order = replace(order, stops=self.pinned.stops(bus.key, order.stops))
                timing = sheet_timing(sheet, order.stops, self.problem.travel.minutes, window,
                                      people)  # fmt: skip
                if timing is not None:
                    self.seen.add((bus.key, s, units))
                    timed = TimedBus(bus, delegations, order, timing.arrive, timing.start,
                                     timing.end, tuple(i.key for i in interpreters))  # fmt: skip
                    return self._ride(timed, units, interpreters, s)
        return None

    def _cheapest(self, course: int, units, delegations, bus: Bus) -> list[Order]:
        key = (course, units, bus.available)
        if key not in self._orders:
            facilities = [self.keys[i] for i in self.space.courses[course].facilities]
            found = cheapest_orders(self.problem, bus, delegations, facilities, count=ORDERS_TRIED,
                                    cache=self._sequences)  # fmt: skip
            self._orders[key] = [order for order, _ in found]
        return self._orders[key]

    def _ride(self, timed: TimedBus, units, interpreters, course: int) -> Ride:
        entry = bus_document(timed)
        entry["load"] += self.problem.staff_seats
        w = self.problem.weights
        interest = int(self.space.values[course, list(units)].sum())
        value = (
            w.interest * interest
            - w.bus_cost * timed.bus.cost
            - w.driving_minute * timed.order.driving
        )
        if self.disruption:
            value -= self.disruption.penalty(timed.bus.key, entry)
        return Ride(timed.bus, units, tuple(interpreters), entry, value)
