"""Checker rules about places: 5 (facility visits), 6 (wheelchair access), 7 (lunch)."""

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from tours.planning.check.reading import Plan, Route, Stop, Violation, load_of
from tours.planning.model.problem import Facility, Problem, hhmm


class _Stay(NamedTuple):
    label: str
    start: int
    end: int
    people: int


def _stay(route: Route, stop: Stop, people: int) -> _Stay | None:
    if stop.start is None or stop.end is None or stop.start >= stop.end:
        return None
    return _Stay(route.label, stop.start, stop.end, people)


def _moments(stays: list[_Stay]) -> Iterator[tuple[int, list[_Stay]]]:
    """Each distinct start time with the stays under way then (half-open [start, end))."""
    for t in sorted({s.start for s in stays}):
        yield t, [s for s in stays if s.start <= t < s.end]


def _who(active: list[_Stay]) -> str:
    return ", ".join(s.label for s in active)


def rule_5(problem: Problem, plan: Plan) -> list[Violation]:
    found = []
    facilities = {f.key for f in problem.facilities}
    stays: dict[str, list[_Stay]] = defaultdict(list)
    for route in plan.routes:
        load, counted = load_of(problem, route), Counter()
        for stop in (s for s in route.stops if s.kind == "visit" and s.at is not None):
            if stop.at not in facilities:
                message = f"{route.label} visits {stop.at!r}, which is not a facility"
                found.append(Violation(5, stop.where, message))
                continue
            counted[stop.at] += 1
            found += _window(problem.facility(stop.at), route, stop)
            stay = _stay(route, stop, load)
            stays[stop.at] += [stay] if stay else []
        for key in sorted(k for k, n in counted.items() if n > 1):
            message = f"{route.label} visits {key!r} {counted[key]} times (at most once)"
            found.append(Violation(5, route.where, message))
    for key, visits in stays.items():
        found += _facility_limits(problem.facility(key), visits)
    return found


def _window(facility: Facility, route: Route, stop: Stop) -> list[Violation]:
    if stop.start is None or stop.end is None:
        return []
    if any(lo <= stop.start and stop.end <= hi for lo, hi in facility.windows):
        return []
    windows = ", ".join(f"{hhmm(lo)}-{hhmm(hi)}" for lo, hi in facility.windows)
    message = (
        f"{route.label} visits {facility.key!r} {hhmm(stop.start)}-{hhmm(stop.end)}, "
        f"not inside one of its windows ({windows})"
    )
    return [Violation(5, stop.where, message)]


def _facility_limits(facility: Facility, stays: list[_Stay]) -> list[Violation]:
    found, where = [], f"facilities {facility.key!r}"
    for t, active in _moments(stays):
        if len(active) > facility.max_buses_at_once:
            message = (
                f"{len(active)} buses are at {facility.key!r} at {hhmm(t)} ({_who(active)}); "
                f"at most {facility.max_buses_at_once} at once"
            )
            found.append(Violation(5, where, message))
        people = sum(s.people for s in active)
        if people > facility.max_people:
            message = (
                f"{people} people are at {facility.key!r} at {hhmm(t)} ({_who(active)}); "
                f"at most {facility.max_people}"
            )
            found.append(Violation(5, where, message))
    starts = sorted({s.start for s in stays})
    if len(starts) > facility.max_visits:
        times = ", ".join(hhmm(t) for t in starts)
        message = (
            f"{facility.key!r} is visited {len(starts)} times ({times}); "
            f"at most {facility.max_visits}"
        )
        found.append(Violation(5, where, message))
    return found


def rule_6(problem: Problem, plan: Plan) -> list[Violation]:
    found = []
    facilities = {f.key: f for f in problem.facilities}
    for route in plan.routes:
        users = sum(problem.delegation(k).wheelchair_users for k in route.riders)
        if not users:
            continue
        for stop in route.stops:
            facility = facilities.get(stop.at) if stop.kind == "visit" else None
            if facility is not None and not facility.wheelchair:
                message = (
                    f"{route.label} carries {users} wheelchair users "
                    f"to {facility.key!r}, which is not wheelchair accessible"
                )
                found.append(Violation(6, stop.where, message))
    return found


def rule_7(problem: Problem, plan: Plan) -> list[Violation]:
    found = []
    lunch_places = {p.key: p for p in problem.lunch_places}
    stays: dict[str, list[_Stay]] = defaultdict(list)
    for route in plan.routes:
        load = load_of(problem, route)
        for stop in (s for s in route.stops if s.kind == "lunch" and s.at is not None):
            if not problem.has_lunch:
                message = f"{route.label} stops for lunch at {stop.at!r} on a day without lunch"
                found.append(Violation(7, stop.where, message))
                continue
            found += _lunch_time(problem, route, stop)
            if stop.at not in lunch_places:
                message = f"{route.label} has lunch at {stop.at!r}, which is not a lunch place"
                found.append(Violation(7, stop.where, message))
                continue
            stay = _stay(route, stop, load)
            stays[stop.at] += [stay] if stay else []
    for key, lunches in stays.items():
        seats = lunch_places[key].max_people
        for t, active in _moments(lunches) if seats is not None else ():
            people = sum(s.people for s in active)
            if people > seats:
                message = (
                    f"{people} people are at lunch at {key!r} at {hhmm(t)} "
                    f"({_who(active)}); it seats {seats}"
                )
                found.append(Violation(7, f"places {key!r}", message))
    return found


def _lunch_time(problem: Problem, route: Route, stop: Stop) -> list[Violation]:
    if stop.start is None or problem.lunch_earliest <= stop.start <= problem.lunch_latest:
        return []
    message = (
        f"{route.label} starts lunch at {hhmm(stop.start)}, outside "
        f"{hhmm(problem.lunch_earliest)}-{hhmm(problem.lunch_latest)}"
    )
    return [Violation(7, stop.where, message)]
