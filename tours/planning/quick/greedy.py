"""The spreadsheet baseline: what a planner does by hand, as a plan to compare the solver against.

1. Fill buses first-fit (largest first) with delegations sorted by language (rarest first), each
   where there is room for it and an interpreter per new language, the same pickup area if can be.
2. Give each bus its most-wanted facilities it may visit (summed interest), booked on a sheet with
   lunch rooms at their earliest times; else other combinations, else take delegations off it.
3. Time all buses jointly; if that fails, drop a contested facility from the bus that values it
   least and retry a few times, then let the last buses filled give way.
"""

import itertools
import math
import time
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field, replace
from functools import partial

from tours.planning.model.precheck import excluded_units
from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Bus, Delegation, Interpreter, Problem
from tours.planning.model.units import Unit, make_units
from tours.planning.routing.plan import plan_document
from tours.planning.routing.routes import Order, Timing, cheapest_orders
from tours.planning.routing.timing import BusJob, TimedBus, time_buses

AREA_MINUTES = 10  # pickups this close count as the same area
TOP_FACILITIES = 8  # combinations are drawn from this many best facilities
MAX_COURSES = 30  # combinations tried per bus before it gives up a delegation
HURRIED_COURSES = 12  # ... once its time is up: the shortest first (the likeliest to fit)
ORDERS = 3  # candidate stop orders per bus handed to the joint timing
RETRIES = 6  # joint-timing attempts that drop a contested facility
NO_ROOM = "greedy: no bus with room, interpreters and a route for it"
NO_TIMING = "greedy: its bus could not be timed with the others"


@dataclass
class Load:
    bus: Bus
    units: list[Unit] = field(default_factory=list)
    interpreters: list[Interpreter] = field(default_factory=list)
    course: tuple[str, ...] = ()
    banned: set[str] = field(default_factory=set)  # facilities taken off in joint timing
    orders: list[Order] = field(default_factory=list)
    slots: list[tuple] = field(default_factory=list)  # booked (at, start, end, people)
    timing: Timing | None = None  # the booked times of orders[0]

    @property
    def delegations(self) -> list[Delegation]:
        return [d for u in self.units for d in u.delegations]

    def union(self, name: str) -> frozenset[str]:
        return frozenset().union(*(getattr(u, name) for u in self.units))

    def people(self, staff: int) -> int:
        return sum(u.size for u in self.units) + len(self.interpreters) + staff


class Greedy:
    def __init__(self, problem: Problem, *, attempt_s: float, seed: int, workers: int,
                 until: float = math.inf, stop_by: float = math.inf):  # fmt: skip
        self.problem, self.attempt_s, self.seed, self.workers = problem, attempt_s, seed, workers
        self.until = until  # past it, each bus tries only its shortest courses
        self.stop_by = stop_by  # past it, left-over delegations are not tried on other buses
        self.free = sorted(problem.interpreters, key=_plainest)
        self.idle = sorted(problem.buses, key=lambda b: (-b.seats, b.key))
        self.loads: list[Load] = []
        self.facilities = {f.key: f for f in problem.facilities}
        self.sheet: dict[str, list[tuple]] = {}  # stop -> booked (start, end, people)
        self._sequences: dict = {}  # stop sequences, kept by routes.cheapest_orders
        self.unassigned: list[dict] = []

    def pack(self, units: list[Unit], *, fresh: bool = False) -> list[Unit]:
        """Places each unit on a bus (only on unused ones if `fresh`); returns those left over."""
        left = []
        for unit in sorted(units, key=self._language_order):
            if not ((not fresh and self._open_with_room(unit)) or self._new_bus(unit)):
                left.append(unit)
        return left

    def _language_order(self, unit: Unit) -> tuple:
        language = min(unit.languages, default=NO_LANGUAGE_NEEDED)
        speakers = sum(language in i.languages for i in self.problem.interpreters)
        return (speakers, language, unit.delegations[0].pickup)

    def _open_with_room(self, unit: Unit) -> bool:
        minutes, pickup = self.problem.travel.minutes, unit.delegations[0].pickup
        fitting = [load for load in self.loads if self._join(load, unit, dry=True)]
        near = [
            load
            for load in fitting
            if any(minutes(d.pickup, pickup) <= AREA_MINUTES for d in load.delegations)
        ]
        return bool(near or fitting) and self._join((near or fitting)[0], unit)

    def _new_bus(self, unit: Unit) -> bool:
        for bus in self.idle:
            load = Load(bus)
            if self._join(load, unit):
                self.idle.remove(bus)
                self.loads.append(load)
                return True
        return False

    def _join(self, load: Load, unit: Unit, dry: bool = False) -> bool:
        seated = sum(u.size for u in load.units) + unit.size + len(load.interpreters)
        if seated + self.problem.staff_seats > load.bus.seats:
            return False  # no room even before any interpreter it needs (the cheap test first)
        extra = self._interpreters_for(load.union("languages") | unit.languages, load.interpreters)
        if extra is None:
            return False
        people = sum(u.size for u in load.units) + unit.size + len(extra)
        seats = people + len(load.interpreters) + self.problem.staff_seats
        wheel = sum(u.wheelchair_users for u in load.units) + unit.wheelchair_users
        must, avoid = load.union("must_visit") | unit.must_visit, load.union("avoid") | unit.avoid
        closed = any(
            (wheel and not f.wheelchair) or f.max_people < seats
            for f in map(self.problem.facility, must)
        )
        room = seats <= load.bus.seats and wheel <= load.bus.wheelchair_spaces
        if not room or must & avoid or closed or len(must) > self.problem.max_visits:
            return False
        if not dry:
            load.units.append(unit)
            load.interpreters += extra
            self.free = [i for i in self.free if i not in extra]
        return True

    def _interpreters_for(self, languages, seated: list[Interpreter]) -> list[Interpreter] | None:
        """Free interpreters to add so that the bus's languages are covered (greedy set cover)."""
        spoken = frozenset().union(*(i.languages for i in seated))
        wanted = (set(languages) | ({NO_LANGUAGE_NEEDED} if languages else set())) - spoken
        chosen, pool = [], list(self.free)
        while wanted:
            best = max(pool, key=lambda i: len(i.languages & wanted), default=None)
            if best is None or not best.languages & wanted:
                return None
            chosen.append(best)
            pool.remove(best)
            wanted -= best.languages
        return chosen

    def _release(self, load: Load, unit: Unit) -> None:
        load.units.remove(unit)
        self.free = sorted([*self.free, *load.interpreters], key=_plainest)
        load.interpreters = self._interpreters_for(load.union("languages"), []) or []
        self.free = [i for i in self.free if i not in load.interpreters]

    def squeeze(self, units: list[Unit]) -> list[Unit]:
        """Tries each left-over unit on every routed bus; returns those that fit nowhere."""
        left = []
        for n, unit in enumerate(units):
            if time.monotonic() > self.stop_by:  # out of its time: the rest stay unplaced
                return left + units[n:]
            joined = partial(lambda load, u: self._join(load, u) and self._route(load), u=unit)
            if not any(self._tentatively(load, joined) for load in self.loads):
                left.append(unit)
        return left

    def _tentatively(self, load: Load, change: Callable[[Load], bool]) -> bool:
        """Applies change(load); when it fails, puts the load and its bookings back as they were."""
        saved, free = {k: copy(v) for k, v in vars(load).items()}, self.free
        if change(load):
            return True
        self._book(load, -1)
        vars(load).update(saved)
        self.free = free
        self._book(load, +1)
        return False

    def route_all(self) -> list[Unit]:
        """Routes every bus, taking delegations off a bus until it has a route."""
        dropped = []
        for load in list(self.loads):
            while load.units and not self._route(load):
                unit = max(load.units, key=lambda u: (_time_bound(u), load.units.index(u)))
                self._release(load, unit)
                dropped.append(unit)
            if not load.units:
                self.loads.remove(load)
                self.idle.append(load.bus)
        return dropped

    def _route(self, load: Load) -> bool:
        """Books the best course whose earliest times fit the sheet and everyone's hours."""
        self._book(load, -1)
        load.course, load.orders, load.slots, load.timing = (), [], [], None
        hours = [load.bus.available, *(i.available for i in load.interpreters)]
        bus = replace(load.bus, available=(max(h[0] for h in hours), min(h[1] for h in hours)))
        people = load.people(self.problem.staff_seats)
        for course in self._courses(load):
            found = cheapest_orders(self.problem, bus, load.delegations, list(course), count=ORDERS,
                                    cache=self._sequences)  # fmt: skip
            for order, timing in found:
                slots = [
                    (stop.at, timing.start[i], timing.end[i], people)
                    for i, stop in enumerate(order.stops)
                    if stop.kind in ("visit", "lunch")
                ]
                if all(self._free(*slot) for slot in slots):
                    others = [o for o, _ in found if o is not order]
                    load.course, load.orders, load.slots = course, [order, *others], slots
                    load.timing = timing
                    self._book(load, +1)
                    return True
        return False

    def _free(self, at: str, start: int, end: int, people: int) -> bool:
        """Room on the sheet: visits in the day, buses and people at once (lunch: people)."""
        taken = self.sheet.get(at, [])
        overlap = [n for s, e, n in taken if s < end and start < e]
        f = self.facilities.get(at)
        if f is None:
            room = self.problem.place(at).max_people
            return room is None or people + sum(overlap) <= room
        fits = len(overlap) < f.max_buses_at_once and people + sum(overlap) <= f.max_people
        return fits and len(taken) < f.max_visits

    def _book(self, load: Load, step: int) -> None:
        for at, *slot in load.slots:
            taken = self.sheet.setdefault(at, [])
            (taken.append if step > 0 else taken.remove)(tuple(slot))

    def _courses(self, load: Load):
        """Must-visits plus the most-wanted facilities still bookable, most visits first."""
        p = self.problem
        must = sorted(load.union("must_visit"))
        value = self._values(load)
        full = {f.key for f in p.facilities if len(self.sheet.get(f.key, ())) >= f.max_visits}
        skip = full | load.banned | set(must)
        others = [k for k in sorted(value, key=lambda k: -value[k]) if k not in skip]
        wanted = [k for k in others if value[k] > 0][:TOP_FACILITIES]
        spare = [k for k in others if value[k] == 0][: max(0, p.min_visits - len(must))]
        sizes = range(p.max_visits, max(p.min_visits, len(must)) - 1, -1)
        tried = MAX_COURSES
        if time.monotonic() > self.until:  # hurried: the shortest courses, likeliest to fit
            sizes, tried = reversed(sizes), HURRIED_COURSES
        combos = (
            itertools.combinations(wanted if k - len(must) <= len(wanted) else wanted + spare,
                                   k - len(must))
            for k in sizes
        )  # fmt: skip
        for extra in itertools.islice(itertools.chain.from_iterable(combos), tried):
            yield (*must, *extra)

    def _values(self, load: Load) -> dict[str, int]:
        """Summed interest of the bus's delegations per facility the bus may visit."""
        people = load.people(self.problem.staff_seats)
        avoid, wheel = load.union("avoid"), any(u.wheelchair_users for u in load.units)
        return {
            f.key: sum(u.value[n] for u in load.units)
            for n, f in enumerate(self.problem.facilities)
            if f.key not in avoid and f.max_people >= people and (f.wheelchair or not wheel)
        }

    def time_all(self) -> list[TimedBus]:
        """Drops contested facilities a few times, then the last buses filled (it may time out)."""
        for attempt in itertools.count():
            timed = self._try() if self.loads else []
            if timed is not None:
                return timed
            if attempt >= RETRIES or not self._drop_contested():
                self.unassign(self.loads.pop().units, NO_TIMING)

    def as_booked(self) -> list[TimedBus]:
        """Every bus at the times the sheet booked for it: valid as it stands (the sheet kept
        facility and lunch limits, each bus's hours include its interpreters')."""
        return [
            TimedBus(load.bus, load.delegations, load.orders[0], load.timing.arrive,
                     load.timing.start, load.timing.end, tuple(i.key for i in load.interpreters))
            for load in self.loads
            if load.timing is not None
        ]  # fmt: skip

    def _drop_contested(self) -> bool:
        """Takes the most contested facility off the bus that values it least (if it can)."""
        keys = {key for load in self.loads for key in load.course}
        users = {key: [load for load in self.loads if key in load.course] for key in keys}
        contested = sorted(
            (k for k in users if len(users[k]) > 1),
            key=lambda k: -len(users[k]) / self.problem.facility(k).max_visits,
        )
        for key in contested:
            for load in sorted(users[key], key=lambda b: self._values(b).get(key, 0)):
                banning = partial(lambda b, k: b.banned.add(k) or self._route(b), k=key)
                if key not in load.union("must_visit") and self._tentatively(load, banning):
                    return True
        return False

    def _try(self) -> list[TimedBus] | None:
        jobs = [BusJob(load.bus, load.delegations, load.orders) for load in self.loads]
        limit, seed, workers = self.attempt_s, self.seed, self.workers
        return time_buses(self.problem, jobs, time_limit_s=limit, seed=seed, workers=workers)

    def unassign(self, units: list[Unit], reason: str) -> None:
        for unit in units:
            self.unassigned += [{"delegation": key, "reason": reason} for key in unit.keys]


def _plainest(person: Interpreter) -> tuple:  # fewest languages first: versatile ones stay free
    return (len(person.languages), person.key)


def _time_bound(unit: Unit) -> int:
    """Delegations with a deadline or a late start are the first to leave a bus without a route."""
    return sum(2 * bool(d.latest_dropoff) + bool(d.earliest_pickup) for d in unit.delegations)


def greedy_plan(
    problem: Problem,
    *,
    attempt_s: float = 10,
    seed: int = 0,
    workers: int = 2,
    joint=True,
    until: float = math.inf,
    stop_by: float = math.inf,
) -> dict:
    """A kengaku.plan/1 plan (a dict) made the spreadsheet way, with no bound; `attempt_s` is the
    time limit of each joint timing. Without `joint`, buses keep the times booked on the sheet
    (quicker; the joint timing may trim driving by choosing among orders). Past `until`
    (time.monotonic()), each bus tries only a few of its shortest courses, so a large day still
    gets a plan carrying everyone it can, soon. Past `stop_by` delegations left over are no longer
    tried on every other bus (the slowest part of a very large day): the plan must leave time
    for the search."""
    started = time.monotonic()
    greedy = Greedy(problem, attempt_s=attempt_s, seed=seed, workers=workers, until=until,
                    stop_by=stop_by)  # fmt: skip
    units = make_units(problem, problem.delegations)
    excluded = excluded_units(problem, units)
    for e in excluded:
        greedy.unassign([e.unit], f"rule {e.rule}: {e.reason}")
    skip = {e.unit.index for e in excluded}
    left = greedy.pack([u for u in units if u.index not in skip])
    left += greedy.pack(greedy.route_all(), fresh=True)  # a second chance on unused buses
    greedy.unassign(greedy.squeeze(left + greedy.route_all()), NO_ROOM)  # and on used ones
    timed = greedy.time_all() if joint else greedy.as_booked()
    return plan_document(
        problem, timed, unassigned=greedy.unassigned, bound=None,
        seconds=time.monotonic() - started, warnings=["greedy baseline (no bound)"],
    )  # fmt: skip
