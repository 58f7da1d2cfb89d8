"""The pins of a Problem indexed for the conflict pre-check (tours.planning.replan.pin_conflicts),
the conflict record, and the small helpers its rule families share.
"""

from collections import defaultdict
from dataclasses import dataclass

from tours.planning.model.problem import Pin, Problem, hhmm


@dataclass(frozen=True)
class PinConflict:
    pins: tuple[int, ...]
    rule: str
    message: str


def describe(pin: Pin) -> str:
    if pin.kind == "delegation_bus":
        return f"{pin.delegation} rides {pin.bus}"
    if pin.kind == "interpreter_bus":
        return f"interpreter {pin.interpreter} rides {pin.bus}"
    if pin.kind == "visit_bus":
        return f"{pin.bus} visits {pin.facility}"
    return f"{pin.bus} visits {pin.facility} at {hhmm(pin.start or 0)}"


class Pins:
    """The pins grouped the ways the conflict families read them."""

    def __init__(self, problem: Problem):
        self.all = problem.pins
        self.buses_of: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.riders: dict[str, dict[str, int]] = defaultdict(dict)  # bus -> delegation -> pin
        self.interpreters: dict[str, dict[str, int]] = defaultdict(dict)
        self.visits: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.times: list[int] = []
        for i, pin in enumerate(problem.pins):
            if pin.kind == "delegation_bus":
                self.buses_of[f"d:{pin.delegation}"][pin.bus].append(i)
                self.riders[pin.bus].setdefault(pin.delegation, i)
            elif pin.kind == "interpreter_bus":
                self.buses_of[f"i:{pin.interpreter}"][pin.bus].append(i)
                self.interpreters[pin.bus].setdefault(pin.interpreter, i)
            else:
                self.visits[pin.bus][pin.facility].append(i)
                if pin.kind == "visit_time":
                    self.times.append(i)
        self.groups = together_groups(problem)

    def on_bus(self, bus: str) -> dict[str, int]:
        """Delegations on `bus` by a pin or a pinned partner -> the pin that puts them there."""
        found: dict[str, int] = {}
        for key, i in self.riders[bus].items():
            for member in self.groups[key]:
                found.setdefault(member, i)
        return found

    def free(self, interpreter: str) -> bool:
        return not self.buses_of.get(f"i:{interpreter}")


def together_groups(problem: Problem) -> dict[str, tuple[str, ...]]:
    """Each delegation -> every delegation that must ride with it (together_with, transitively)."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for d in problem.delegations:
        for other in d.together_with:
            neighbours[d.key].add(other)
            neighbours[other].add(d.key)
    groups: dict[str, tuple[str, ...]] = {}
    for d in problem.delegations:
        if d.key in groups:
            continue
        seen, todo = {d.key}, [d.key]
        while todo:
            for other in neighbours[todo.pop()] - seen:
                seen.add(other)
                todo.append(other)
        group = tuple(sorted(seen))
        for key in group:
            groups[key] = group
    return groups


def listed(keys) -> str:
    return ", ".join(sorted(keys))


def who(problem: Problem, key: str, i: int) -> str:
    """A delegation on a bus, saying so when a together_with partner's pin puts it there."""
    pinned = problem.pins[i].delegation
    return key if pinned == key else f"{key} (riding with {pinned})"


def at(riders: dict[str, int], keys) -> tuple[int, ...]:
    return tuple(sorted({riders[k] for k in keys}))


def span(problem: Problem, i: int) -> tuple[int, int]:
    pin = problem.pins[i]
    return pin.start, pin.start + problem.facility(pin.facility).visit_minutes


def least(problem: Problem, a: str, b: str) -> int | None:
    try:
        return problem.travel.least(a, b)
    except KeyError:
        return None
