"""Could one more visit fit into a bus's route as the plan times it? (for explain's diagnosis)

The visit is tried between every two consecutive stops of the route's middle (after the last
pickup, before the first drop-off). The stops before it keep their times; the stops after it are
pushed later only as far as the drive demands (waiting absorbs what it can), and a pushed visit
moves to the next window of its facility that still holds it. What must then still hold: the new
visit inside one of its windows, lunch starting by `lunch.latest`, each drop-off ending by its
delegations' latest drop-offs, and everything ending by the day's end, the bus's and its
interpreters' hours (rules 3, 4, 5, 7).

Pushing is monotone (a later start never lets a later stop start earlier), so at each place the
starts that fit are the ones from the earliest possible up to the first that fails.
"""

from dataclasses import dataclass

from tours.planning.check.reading import Route, Stop
from tours.planning.model.problem import Facility, Problem, hhmm


@dataclass(frozen=True)
class Fit:
    starts: tuple[tuple[int, int], ...]  # (start minute, index of the stop it follows)
    causes: tuple[str, ...]  # why a place failed at its earliest start, one per failing place
    closed: bool  # nothing fits and, at every place, no window was still open on arrival


def window_start(facility: Facility, earliest: int) -> int | None:
    """The first start at or after `earliest` that lies with its visit inside one window."""
    fits = [
        max(lo, earliest)
        for lo, hi in facility.windows
        if max(lo, earliest) + facility.visit_minutes <= hi
    ]
    return min(fits, default=None)


def visit_fits(problem: Problem, route: Route, facility: Facility) -> Fit:
    stops = route.stops
    pickups = [i for i, s in enumerate(stops) if s.kind == "pickup"]
    dropoffs = [i for i, s in enumerate(stops) if s.kind == "dropoff"]
    first = pickups[-1] if pickups else 0
    last = dropoffs[0] if dropoffs else len(stops)
    places = range(first, min(last, len(stops) - 1))
    starts, causes, closed = [], [], 0
    for index in places:
        before = stops[index]
        arrive = before.end + problem.travel.minutes(before.at, facility.key)
        found, why = _starts_after(problem, route, index, facility, arrive)
        starts += [(start, index) for start in found]
        if found or why is None:
            continue
        closed += window_start(facility, arrive) is None
        causes.append(f"{_between(stops, index)} {why}")
    return Fit(tuple(starts), tuple(causes), not starts and 0 < closed == len(places))


def _starts_after(problem: Problem, route: Route, index: int, facility: Facility, arrive: int):
    """The starts that fit after stop `index` (a run from the earliest), and why none, if none."""
    start, found = window_start(facility, arrive), []
    if start is None:
        return found, (
            f"it could arrive at {hhmm(arrive)}, when no window of {facility.key!r} "
            f"is left for a {facility.visit_minutes}-minute visit"
        )
    while start is not None:
        why = _push(problem, route, index, facility, start)
        if why is not None:
            return found, None if found else f"it could start at {hhmm(start)}, but {why}"
        found.append(start)
        start = window_start(facility, start + 1)
    return found, None


def _between(stops: tuple[Stop, ...], index: int) -> str:
    before, after = stops[index], stops[index + 1]
    return (
        f"between {before.kind} {before.at!r} (ends {hhmm(before.end)}) and "
        f"{after.kind} {after.at!r} (starts {hhmm(after.start)})"
    )


def _limits(problem: Problem, route: Route) -> list[tuple[str, int]]:
    limits = [("the day's end", problem.day[1])]
    if route.bus is not None:
        limits.append((f"bus {route.bus.key!r}'s hours", route.bus.available[1]))
    for key in route.interpreters:
        limits.append((f"interpreter {key!r}'s hours", problem.interpreter(key).available[1]))
    return limits


def _push(problem: Problem, route: Route, index: int, facility: Facility, start: int) -> str | None:
    """None when the route holds the visit at `start` after stop `index`, else why it does not."""
    end, at = start + facility.visit_minutes, facility.key
    limits = _limits(problem, route)
    why = _past_limits(limits, f"the visit would end at {hhmm(end)}", end)
    for stop in route.stops[index + 1 :]:
        if why is not None:
            return why
        ready = end + problem.travel.minutes(at, stop.at)
        if ready <= stop.start:
            return None  # from here on the plan's own times hold
        begin, why = _pushed_start(problem, route, stop, ready)
        if begin is None:
            return why
        end, at = begin + (stop.end - stop.start), stop.at
        why = _late_dropoff(problem, stop, end) or _past_limits(
            limits, f"the {stop.kind} at {stop.at!r} would end at {hhmm(end)}", end
        )
    return why


def _pushed_start(problem: Problem, route: Route, stop: Stop, ready: int):
    """The stop's new start once the bus is ready at `ready` (later than planned), or why none."""
    if stop.kind == "visit":
        if _pinned(problem, route, stop.at):
            return None, f"the visit to {stop.at!r} is pinned at {hhmm(stop.start)}"
        begin = window_start(problem.facility(stop.at), ready)
        if begin is None:
            return None, f"the visit to {stop.at!r} would have no window left after {hhmm(ready)}"
        return begin, None
    if stop.kind == "lunch" and problem.has_lunch and ready > problem.lunch_latest:
        return None, (
            f"lunch would start at {hhmm(ready)}, after {hhmm(problem.lunch_latest)} (the latest)"
        )
    return ready, None


def _pinned(problem: Problem, route: Route, facility: str) -> bool:
    return any(
        pin.kind == "visit_time" and pin.bus == route.bus.key and pin.facility == facility
        for pin in problem.pins
    )


def _late_dropoff(problem: Problem, stop: Stop, end: int) -> str | None:
    if stop.kind != "dropoff":
        return None
    for key in stop.alight:
        latest = problem.delegation(key).latest_dropoff
        if latest is not None and end > latest:
            return (
                f"the drop-off at {stop.at!r} would end at {hhmm(end)}, "
                f"after {key!r}'s latest drop-off {hhmm(latest)}"
            )
    return None


def _past_limits(limits: list[tuple[str, int]], what: str, end: int) -> str | None:
    for label, limit in limits:
        if end > limit:
            return f"{what}, after {label} ({hhmm(limit)})"
    return None
