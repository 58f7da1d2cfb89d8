"""Checker rules about each bus's route: 3 (shape, durations, windows) and 4 (travel)."""

from collections import Counter

from tours.planning.check.reading import Plan, Route, Stop, Violation, travel_minutes
from tours.planning.model.problem import Problem, hhmm

_PHASE = {"pickup": 0, "visit": 1, "lunch": 1, "dropoff": 2}


def rule_3(problem: Problem, plan: Plan) -> list[Violation]:
    found = []
    for route in plan.routes:
        found += _shape(route) + _counts(problem, route)
        found += _stop_places(problem, route, "pickup") + _stop_places(problem, route, "dropoff")
        for i, stop in enumerate(route.stops):
            found += _duration(problem, route, stop) + _times(problem, route, stop, i == 0)
        found += _delegation_times(problem, route)
    return found


def _shape(route: Route) -> list[Violation]:
    found, latest = [], None
    for stop in (s for s in route.stops if s.kind is not None):
        if latest is not None and _PHASE[stop.kind] < _PHASE[latest]:
            message = (
                f"{route.label} has a {stop.kind} stop after a {latest} stop "
                "(pickups first, then visits and lunch, then drop-offs)"
            )
            found.append(Violation(3, stop.where, message))
        elif latest is None or _PHASE[stop.kind] > _PHASE[latest]:
            latest = stop.kind
    return found


def _counts(problem: Problem, route: Route) -> list[Violation]:
    found = []
    visits = sum(1 for s in route.stops if s.kind == "visit")
    if not problem.min_visits <= visits <= problem.max_visits:
        message = (
            f"{route.label} makes {visits} visits "
            f"(between {problem.min_visits} and {problem.max_visits} allowed)"
        )
        found.append(Violation(3, route.where, message))
    lunches = sum(1 for s in route.stops if s.kind == "lunch")
    if problem.has_lunch and lunches != 1:  # on a day without lunch, rule 7 reports any
        message = f"{route.label} has {lunches} lunch stops, not exactly one"
        found.append(Violation(3, route.where, message))
    return found


def _stop_places(problem: Problem, route: Route, kind: str) -> list[Violation]:
    needed = {getattr(problem.delegation(k), kind) for k in route.riders}
    stops = Counter(s.at for s in route.stops if s.kind == kind and s.at is not None)
    found = []
    for place in sorted(needed - set(stops)):
        message = f"{route.label} has no {kind} stop at {place!r}"
        found.append(Violation(3, route.where, message))
    for place in sorted(set(stops) - needed):
        done = "picked up" if kind == "pickup" else "dropped off"
        message = f"{route.label} has a {kind} stop at {place!r}, where no delegation is {done}"
        found.append(Violation(3, route.where, message))
    for place in sorted(p for p, n in stops.items() if n > 1):
        message = f"{route.label} has {stops[place]} {kind} stops at {place!r}, not one"
        found.append(Violation(3, route.where, message))
    return found


def _expected_minutes(problem: Problem, stop: Stop) -> int | None:
    if stop.kind in ("pickup", "dropoff"):
        return problem.boarding_minutes
    if stop.kind == "lunch":
        return problem.lunch_minutes  # None on a day without lunch: rule 7 reports the stop
    if stop.kind == "visit" and stop.at in {f.key for f in problem.facilities}:
        return problem.facility(stop.at).visit_minutes
    return None


def _duration(problem: Problem, route: Route, stop: Stop) -> list[Violation]:
    expected = _expected_minutes(problem, stop)
    if expected is None or stop.start is None or stop.end is None:
        return []
    if stop.end - stop.start == expected:
        return []
    message = (
        f"{route.label}'s {stop.kind} at {stop.at!r} lasts {stop.end - stop.start} minutes, "
        f"not {expected}"
    )
    return [Violation(3, stop.where, message)]


def _times(problem: Problem, route: Route, stop: Stop, first: bool) -> list[Violation]:
    found = []
    arrive, start, end = stop.arrive, stop.start, stop.end
    lasts = _expected_minutes(problem, stop) != 0  # a stop of 0 minutes ends when it starts
    if arrive is not None and start is not None and arrive > start:
        message = f"{route.label} starts at {stop.at!r} at {hhmm(start)}, before arriving"
        found.append(Violation(3, stop.where, message))
    if start is not None and end is not None and (start > end or (start == end and lasts)):
        message = f"{route.label}'s stop at {stop.at!r} ends at {hhmm(end)}, not after it starts"
        found.append(Violation(3, stop.where, message))
    if first and arrive is not None and start is not None and arrive != start:
        message = f"{route.label}'s first stop must start when it arrives ({hhmm(arrive)})"
        found.append(Violation(3, stop.where, message))
    known = [t for t in (arrive, start, end) if t is not None]
    if not known:
        return found
    spans = [("the day", problem.day)]
    if route.bus is not None:
        spans.insert(0, (f"{route.label}'s available hours", route.bus.available))
    for name, (lo, hi) in spans:
        if min(known) < lo or max(known) > hi:
            message = (
                f"{route.label} is at {stop.at!r} {hhmm(min(known))}-{hhmm(max(known))}, "
                f"outside {name} {hhmm(lo)}-{hhmm(hi)}"
            )
            found.append(Violation(3, stop.where, message))
    return found


def _delegation_times(problem: Problem, route: Route) -> list[Violation]:
    """Earliest pickups and latest drop-offs of the bus's own riders (strangers are rule 1)."""
    found, riders = [], set(route.delegations)
    for stop in route.stops:
        for key in (k for k in stop.board if k in riders):
            earliest = problem.delegation(key).earliest_pickup
            if earliest is not None and stop.start is not None and stop.start < earliest:
                message = (
                    f"delegation {key!r} is picked up at {hhmm(stop.start)}, "
                    f"before its earliest pickup {hhmm(earliest)}"
                )
                found.append(Violation(3, stop.where, message))
        for key in (k for k in stop.alight if k in riders):
            latest = problem.delegation(key).latest_dropoff
            if latest is not None and stop.end is not None and stop.end > latest:
                message = (
                    f"delegation {key!r} is dropped off at {hhmm(stop.end)}, "
                    f"after its latest drop-off {hhmm(latest)}"
                )
                found.append(Violation(3, stop.where, message))
    return found


def rule_4(problem: Problem, plan: Plan) -> list[Violation]:
    found = []
    for route in plan.routes:
        for prev, stop in zip(route.stops, route.stops[1:], strict=False):
            if None in (prev.at, stop.at, prev.end, stop.arrive):
                continue
            need = travel_minutes(problem, prev.at, stop.at)
            if need is None:
                message = f"no travel time is known from {prev.at!r} to {stop.at!r}"
                found.append(Violation(4, stop.where, message))
            elif stop.arrive - prev.end < need:
                message = (
                    f"{route.label} leaves {prev.at!r} at {hhmm(prev.end)} and arrives at "
                    f"{stop.at!r} at {hhmm(stop.arrive)}, but the drive takes {need} minutes"
                )
                found.append(Violation(4, stop.where, message))
    return found
