"""Reading a kengaku.plan/1 document for the checker: typed routes and rule-0 (document) violations.

Whatever the document holds, reading never raises: what cannot be read is reported as a rule-0
violation and left out of the routes, and a plan missing what the objective needs is not scorable.
"""

import re
from collections import Counter
from dataclasses import dataclass

from tours.planning.model.problem import Bus, Problem, minutes

PLAN_FORMAT = "kengaku.plan/1"
STOP_KINDS = ("pickup", "visit", "lunch", "dropoff")
STATUSES = ("optimal", "feasible", "infeasible")
STOP_FIELDS = ("kind", "at", "arrive", "start", "end", "board", "alight")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


@dataclass(frozen=True)
class Violation:
    rule: int  # 1..9: the contract's hard rule; 0: the plan document itself
    where: str
    message: str


@dataclass(frozen=True)
class Stop:
    where: str
    kind: str | None  # None when not one of STOP_KINDS
    at: str | None  # a known place or facility key, else None
    arrive: int | None
    start: int | None
    end: int | None
    board: tuple[str, ...]  # known delegation keys, as listed
    alight: tuple[str, ...]

    @property
    def timed(self) -> bool:
        return None not in (self.arrive, self.start, self.end)


@dataclass(frozen=True)
class Route:
    where: str
    bus: Bus | None  # None when the key is unknown
    load: object  # as reported
    interpreters: tuple[str, ...]  # known keys, each once
    delegations: tuple[str, ...]  # known keys, as listed (duplicates kept for rule 1)
    stops: tuple[Stop, ...]
    visited: frozenset[str]  # facility keys of its visit stops

    @property
    def label(self) -> str:
        return f"bus {self.bus.key!r}" if self.bus else self.where

    @property
    def riders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.delegations))

    @property
    def span(self) -> tuple[int, int] | None:
        """From the first stop's start to the last stop's end, when both are known."""
        if not self.stops or self.stops[0].start is None or self.stops[-1].end is None:
            return None
        return self.stops[0].start, self.stops[-1].end


@dataclass(frozen=True)
class Unassigned:
    where: str
    delegation: str
    reason: object


@dataclass(frozen=True)
class Plan:
    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...]
    scorable: bool


def load_of(problem: Problem, route: Route) -> int:
    size = sum(problem.delegation(key).size for key in route.riders)
    return size + len(route.interpreters) + problem.staff_seats


def read_plan(problem: Problem, document: object) -> tuple[Plan, list[Violation]]:
    reader = _Reader(problem)
    if not isinstance(document, dict):
        reader.bad("plan", "the plan is not a JSON object", unscorable=True)
        return Plan((), (), False), reader.violations
    reader.header(document)
    routes = reader.routes(document.get("buses"))
    unassigned = reader.unassigned(document.get("unassigned"))
    return Plan(routes, unassigned, reader.scorable), reader.violations


class _Reader:
    def __init__(self, problem: Problem):
        self.problem = problem
        self.violations: list[Violation] = []
        self.scorable = True
        self.facilities = {f.key for f in problem.facilities}
        self.stop_keys = self.facilities | {p.key for p in problem.places}
        self.delegations = {d.key for d in problem.delegations}
        self.interpreters = {i.key for i in problem.interpreters}
        self.buses = {b.key: b for b in problem.buses}

    def bad(self, where: str, message: str, *, unscorable: bool = False) -> None:
        self.violations.append(Violation(0, where, message))
        self.scorable = self.scorable and not unscorable

    def header(self, document: dict) -> None:
        if document.get("format") != PLAN_FORMAT:
            found = document.get("format")
            self.bad("format", f"the plan's format is {found!r}, not {PLAN_FORMAT}")
        if document.get("scenario") != self.problem.event:
            scenario = document.get("scenario")
            self.bad("scenario", f"the plan is for {scenario!r}, not {self.problem.event!r}")
        if document.get("status") not in STATUSES:
            self.bad("status", f"unknown status {document.get('status')!r}")

    def routes(self, value: object) -> tuple[Route, ...]:
        if not isinstance(value, list):
            self.bad("buses", "the plan has no list of buses", unscorable=True)
            return ()
        routes = [self.route(f"buses[{i}]", item) for i, item in enumerate(value)]
        known = Counter(r.bus.key for r in routes if r is not None and r.bus is not None)
        for key in sorted(k for k, n in known.items() if n > 1):
            self.bad(f"buses {key!r}", f"bus {key!r} is listed {known[key]} times")
        return tuple(r for r in routes if r is not None)

    def route(self, where: str, item: object) -> Route | None:
        if not isinstance(item, dict):
            self.bad(where, "is not a bus object", unscorable=True)
            return None
        bus = self.bus(f"{where}.bus", item.get("bus"))
        if "load" not in item:
            self.bad(f"{where}.load", "the bus's load is missing")
        interpreters = self.keys(f"{where}.interpreters", item.get("interpreters"), "interpreter")
        for key in sorted(k for k, n in Counter(interpreters).items() if n > 1):
            self.bad(f"{where}.interpreters", f"interpreter {key!r} is listed twice on this bus")
        delegations = self.keys(f"{where}.delegations", item.get("delegations"), "delegation", True)
        if not delegations and isinstance(item.get("delegations"), list):
            self.bad(f"{where}.delegations", "a listed bus must carry at least one delegation")
        stops = self.stops(f"{where}.stops", item.get("stops"))
        visited = frozenset(s.at for s in stops if s.kind == "visit" and s.at in self.facilities)
        unique = tuple(dict.fromkeys(interpreters))
        return Route(where, bus, item.get("load"), unique, delegations, stops, visited)

    def bus(self, where: str, key: object) -> Bus | None:
        if isinstance(key, str) and key in self.buses:
            return self.buses[key]
        self.bad(where, f"unknown bus {key!r}", unscorable=True)
        return None

    def keys(self, where: str, value: object, what: str, scoring=False) -> tuple[str, ...]:
        """Known keys of a list; `scoring` lists (a bus's delegations) decide the objective."""
        known = self.delegations if what == "delegation" else self.interpreters
        if not isinstance(value, list):
            self.bad(where, f"expected a list of {what} keys, got {value!r}", unscorable=scoring)
            return ()
        for key in value:
            if not isinstance(key, str) or key not in known:
                self.bad(where, f"unknown {what} {key!r}", unscorable=scoring)
        return tuple(k for k in value if isinstance(k, str) and k in known)

    def stops(self, where: str, value: object) -> tuple[Stop, ...]:
        if not isinstance(value, list):
            self.bad(where, "expected a list of stops", unscorable=True)
            return ()
        stops = (self.stop(f"{where}[{i}]", item) for i, item in enumerate(value))
        return tuple(s for s in stops if s is not None)

    def stop(self, where: str, item: object) -> Stop | None:
        if not isinstance(item, dict):
            self.bad(where, "is not a stop object", unscorable=True)
            return None
        for name in (n for n in STOP_FIELDS if n not in item):
            self.bad(f"{where}.{name}", f"the stop has no {name!r}")
        kind = item.get("kind")
        if kind not in STOP_KINDS and "kind" in item:
            self.bad(f"{where}.kind", f"unknown stop kind {kind!r} (pickup, visit, lunch, dropoff)")
        at = item.get("at")
        if not isinstance(at, str) or at not in self.stop_keys:
            self.scorable = False
            if "at" in item:
                self.bad(f"{where}.at", f"unknown place or facility {at!r}")
            at = None
        times = [self.time(f"{where}.{name}", item, name) for name in ("arrive", "start", "end")]
        board = self.keys(f"{where}.board", item.get("board", []), "delegation")
        alight = self.keys(f"{where}.alight", item.get("alight", []), "delegation")
        kind = kind if kind in STOP_KINDS else None
        return Stop(where, kind, at, *times, board, alight)

    def time(self, where: str, item: dict, name: str) -> int | None:
        value = item.get(name)
        if isinstance(value, str) and _TIME.fullmatch(value):
            return minutes(value)
        if name in item:
            self.bad(where, f"{value!r} is not a time of day (HH:MM)")
        return None

    def unassigned(self, value: object) -> tuple[Unassigned, ...]:
        if not isinstance(value, list):
            self.bad("unassigned", "the plan has no list of unassigned delegations")
            return ()
        found = []
        for i, item in enumerate(value):
            key = item.get("delegation") if isinstance(item, dict) else None
            if not isinstance(key, str) or key not in self.delegations:
                self.bad(f"unassigned[{i}]", f"unknown delegation {key!r}")
                continue
            found.append(Unassigned(f"unassigned[{i}]", key, item.get("reason")))
        return tuple(found)


def travel_minutes(problem: Problem, a: str, b: str) -> int | None:
    """Rule 4's travel(a, b), or None when the scenario's matrix has no entry."""
    try:
        return problem.travel.minutes(a, b)
    except KeyError:
        return None
