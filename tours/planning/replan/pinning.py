"""Pins as the search sees them: which units, interpreters and visits each bus must keep.

A pin is a planner's decision every plan must keep (problem.Pin). Regrouping keeps them as
invariants: a change that would take a pinned unit off its bus, put it on another, leave a bus
with pins idle, seat an interpreter pinned elsewhere, or route a bus around a pinned visit is
never made; routes time a pinned visit only at its pinned start.
"""

from dataclasses import replace

from tours.planning.model.problem import Interpreter, Problem
from tours.planning.model.units import Unit
from tours.planning.quick.rides import cover
from tours.planning.routing.routes import Stop


class Pinned:
    def __init__(self, problem: Problem, units: list[Unit]) -> None:
        unit_of = {d.key: u.index for u in units for d in u.delegations}
        self.bus_of_unit: dict[int, str] = {}
        self.units_on: dict[str, frozenset[int]] = {}
        self.crew_on: dict[str, tuple[Interpreter, ...]] = {}
        self.bus_of_interpreter: dict[str, str] = {}
        self.visits_on: dict[str, frozenset[str]] = {}
        self.times_on: dict[str, dict[str, int]] = {}
        for pin in problem.pins:
            if pin.kind == "delegation_bus" and pin.delegation in unit_of:
                u = unit_of[pin.delegation]
                self.bus_of_unit[u] = pin.bus
                self.units_on[pin.bus] = self.units_on.get(pin.bus, frozenset()) | {u}
            elif pin.kind == "interpreter_bus":
                person = problem.interpreter(pin.interpreter)
                self.bus_of_interpreter[person.key] = pin.bus
                self.crew_on[pin.bus] = (*self.crew_on.get(pin.bus, ()), person)
            else:
                self.visits_on[pin.bus] = self.visits_on.get(pin.bus, frozenset()) | {pin.facility}
                if pin.kind == "visit_time":
                    self.times_on.setdefault(pin.bus, {})[pin.facility] = pin.start
        self.buses = frozenset(self.units_on) | frozenset(self.crew_on) | frozenset(self.visits_on)

    def __bool__(self) -> bool:
        return bool(self.buses)

    def allows(self, bus_key: str, units: tuple[int, ...]) -> bool:
        """Whether the bus may carry exactly these units: none pinned to another bus, and not
        none at all when it has pins. (A unit pinned to it rides it or, while no route for it
        is found, no bus: the climb places it there as soon as it can.)"""
        if not units and bus_key in self.buses:
            return False  # a bus with pins runs
        return all(self.bus_of_unit.get(u, bus_key) == bus_key for u in units)

    def movable(self, units) -> list[int]:
        return [u for u in units if u not in self.bus_of_unit]

    def crew(self, bus_key: str, languages: frozenset[str], free: list[Interpreter],
             keep: tuple[Interpreter, ...]) -> tuple[Interpreter, ...] | None:  # fmt: skip
        """The bus's pinned interpreters (they must be free), and from the free ones not
        pinned elsewhere whoever else its languages need; None when that cannot be."""
        pinned = self.crew_on.get(bus_key, ())
        if any(i not in free for i in pinned):
            return None
        spoken = frozenset().union(*(i.languages for i in pinned)) if pinned else frozenset()
        pool = [i for i in free if i not in pinned and
                self.bus_of_interpreter.get(i.key, bus_key) == bus_key]  # fmt: skip
        rest = cover(languages - spoken, pool, keep) if languages - spoken else ()
        return None if rest is None else (*pinned, *rest)

    def required(self, bus_key: str) -> frozenset[str]:
        """Facilities the bus must visit."""
        return self.visits_on.get(bus_key, frozenset())

    def stops(self, bus_key: str, stops: tuple[Stop, ...]) -> tuple[Stop, ...]:
        """The stops with each pinned visit's window narrowed to its pinned start."""
        times = self.times_on.get(bus_key)
        if not times:
            return stops
        return tuple(
            replace(s, windows=((times[s.at], times[s.at] + s.duration),))
            if s.kind == "visit" and s.at in times
            else s
            for s in stops
        )
