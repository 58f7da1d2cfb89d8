"""Long routes: the best route of one bus's day for a fixed group, by OR-Tools' routing solver.

Enumerating courses (model/courses.py, model/reach.py) grows exponentially with the visits a bus
may make, so a day of many short stops is first planned with few visits per bus and then each
bus's route is lengthened (quick/lengthen.py) here. The group, its interpreters and the order
of its pickups and drop-offs stay as they are (rule 3: pickups first, drop-offs last): the
pickups are timed at their earliest, the latest arrival at the first drop-off that still meets
every drop-off's deadline is worked back from the end, and the middle between them (which
facilities, in which order, where lunch falls) is an orienteering problem with time windows
solved by routing/orienteering.py against the other buses' bookings.

The order found is then timed by routing/sheet.py's sheet_timing, the code the rest of the
planner trusts: the earliest starts the sheet allows are feasible whenever any timing of the
order is (the solver's own timing is one, on the same reading of the sheet).

Imports the problem model, ortools (through orienteering) and the rest of routing only.
"""

import itertools
import time

from tours.planning.model.problem import Problem
from tours.planning.routing.orienteering import (
    MIN_SEARCH_S,
    Day,
    Group,
    MiddleModel,
    allowed_starts,
)
from tours.planning.routing.plan import bus_document
from tours.planning.routing.routes import Order, Stop, bus_stops, earliest_timing
from tours.planning.routing.sheet import Sheet, sheet_timing
from tours.planning.routing.timing import TimedBus

__all__ = ["Group", "allowed_starts", "day_of", "group_of", "long_route", "middle_of",
           "route_entry"]  # fmt: skip


def group_of(problem: Problem, entry: dict) -> Group:
    """A kengaku.plan/1 bus entry's group, keeping its pickup and drop-off orders."""
    stops = entry["stops"]
    return Group(
        bus=problem.bus(entry["bus"]),
        delegations=tuple(problem.delegation(k) for k in entry["delegations"]),
        interpreters=tuple(entry["interpreters"]),
        pickups=tuple(s["at"] for s in stops if s["kind"] == "pickup"),
        dropoffs=tuple(s["at"] for s in stops if s["kind"] == "dropoff"),
        people=int(entry["load"]),
    )


def middle_of(entry: dict) -> list[str]:
    """The visits and the lunch of a bus entry, in their order."""
    return [s["at"] for s in entry["stops"] if s["kind"] in ("visit", "lunch")]


def route_entry(problem: Problem, entry: dict, sheet: Sheet, *, time_limit_s: float,
                warm: bool = True) -> dict | None:  # fmt: skip
    """The bus entry re-routed for its group against `sheet` (the other buses' bookings, not
    this bus's), from its own middle as the first solution when `warm`; None when no route is
    found within the time."""
    group = group_of(problem, entry)
    start = middle_of(entry) if warm else None
    timed = long_route(problem, group, sheet, time_limit_s=time_limit_s, start=start)
    if timed is None:
        return None
    document = bus_document(timed)
    document["load"] += problem.staff_seats
    return document


def long_route(problem: Problem, group: Group, sheet: Sheet, *, time_limit_s: float,
               start: list[str] | None = None) -> TimedBus | None:  # fmt: skip
    """The group's best route the routing solver finds within `time_limit_s` (building the
    model included), timed on the sheet; `start` (the middle's stop keys in order) is the first
    solution when it is one. None when there is none, or no time."""
    began = time.monotonic()
    day = day_of(problem, group)
    if day is None:
        return None
    model = MiddleModel(problem, group, day, sheet)
    if not model.build():
        return None
    left = time_limit_s - (time.monotonic() - began)
    if left < MIN_SEARCH_S:
        return None
    middle = model.solve(left, start)
    if middle is None:
        return None
    return _timed(problem, group, day, sheet, middle)


def day_of(problem: Problem, group: Group) -> Day | None:
    """The bus's window, its pickups timed at their earliest and its drop-offs, or None when
    the group's ends do not fit its day."""
    hours = [group.bus.available, problem.day]
    hours += [problem.interpreter(k).available for k in group.interpreters]
    window = (max(h[0] for h in hours), min(h[1] for h in hours))
    first, _, _, last = bus_stops(problem, list(group.delegations), [])
    first = _in_order(first, group.pickups)
    last = _in_order(last, group.dropoffs)
    if first is None or last is None or not first or not last:
        return None
    minutes = problem.travel.minutes
    head = earliest_timing(first, minutes, window)
    latest = _latest_arrival(last, minutes, window[1])
    if head is None or latest < head.end[-1]:
        return None
    return Day(window, first, last, head.end[-1], latest)


def _in_order(stops: list[Stop], keys: tuple[str, ...]) -> tuple[Stop, ...] | None:
    by_key = {s.at: s for s in stops}
    if set(by_key) != set(keys):
        return None  # the entry's ends are not its group's: leave it alone
    return tuple(by_key[k] for k in keys)


def _latest_arrival(last: tuple[Stop, ...], minutes, end: int) -> int:
    """The latest arrival at the first drop-off from which every drop-off still ends in time."""
    limit, begin = end, end
    for i in range(len(last) - 1, -1, -1):
        stop = last[i]
        finish = limit if stop.not_after_end is None else min(limit, stop.not_after_end)
        begin = finish - stop.duration
        if i:
            limit = begin - minutes(last[i - 1].at, stop.at)
    return begin


def _timed(problem: Problem, group: Group, day: Day, sheet: Sheet,
           middle: list[Stop]) -> TimedBus | None:  # fmt: skip
    minutes = problem.travel.minutes
    stops = (*day.first, *middle, *day.last)
    timing = sheet_timing(sheet, stops, minutes, day.window, group.people)
    if timing is None:
        return None
    driving = sum(minutes(a.at, b.at) for a, b in itertools.pairwise(stops))
    return TimedBus(group.bus, list(group.delegations), Order(stops, driving),
                    timing.arrive, timing.start, timing.end, group.interpreters)  # fmt: skip
