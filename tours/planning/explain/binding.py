"""Why a delegation's most-wanted facility is not in the plan: the first rule that binds.

Each test is a real check of the plan's times against the problem's data, tried in the order a
planner would ask: can this bus go there at all (wheelchair access, another rider's `avoid`), has
it room for another visit (visits per bus), does any window fit its route as timed, is the
facility free then (people, buses at once, visits per day); only when the visit would fit is the
answer the score (with the guides' languages noted when they differ from the delegation's).
"""

from collections.abc import Collection, Mapping
from typing import NamedTuple

from tours.planning.check.reading import Route, load_of
from tours.planning.explain.fit import Fit, visit_fits
from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Delegation, Facility, Problem, hhmm


class Stay(NamedTuple):
    bus: str
    start: int
    end: int
    people: int


def binding(
    problem: Problem,
    routes: Collection[Route],
    route: Route,
    delegation: Delegation,
    facility: Facility,
    guides: Collection[str] | None,
) -> dict:
    """{rule, rules, reason}: the rule's name, the contract's rule numbers, in planners' words."""
    found = _access(problem, route, delegation, facility) or _length(problem, route, facility)
    if found:
        return found
    fit = visit_fits(problem, route, facility)
    if not fit.starts:
        return _no_fit(route, facility, fit)
    stays = [s for s in stays_at(problem, routes, facility.key) if s.bus != route.bus.key]
    free, full = _capacity(facility, stays, load_of(problem, route), fit)
    if not free:
        return _rule("capacity", [5], full)
    fits = f"it would fit (starting {_ranges(free)}) and {facility.key!r} is free then"
    if guides is not None and delegation.language not in {*guides, NO_LANGUAGE_NEEDED}:
        spoken = ", ".join(sorted(guides)) or "no language"
        reason = (
            f"{fits}; its guides speak {spoken}, not {delegation.language} "
            "(informational only: the bus's interpreter covers it, so no rule binds)"
        )
        return _rule("language", [], reason)
    worth = sum(_weighted(problem.delegation(k), facility.key) for k in route.riders)
    reason = (
        f"the score: {fits}, worth {worth} priority-weighted interest to the bus's delegations, "
        "but they gain more from the facilities chosen (or the extra driving costs more)"
    )
    return _rule("score", [], reason)


def _weighted(delegation: Delegation, key: str) -> int:
    return delegation.priority * delegation.interest[key]


def _rule(name: str, rules: list[int], reason: str) -> dict:
    return {"rule": name, "rules": rules, "reason": reason}


def _access(problem: Problem, route: Route, delegation: Delegation, facility: Facility):
    users = sum(problem.delegation(k).wheelchair_users for k in route.riders)
    if users and not facility.wheelchair:
        reason = (
            f"bus {route.bus.key!r} carries {users} wheelchair user(s) and {facility.key!r} "
            "is not wheelchair accessible"
        )
        return _rule("accessibility", [6], reason)
    avoiding = sorted(k for k in route.riders if facility.key in problem.delegation(k).avoid)
    if avoiding:
        names = ", ".join(repr(k) for k in avoiding)
        return _rule("avoid", [9], f"{names} on the same bus avoid(s) {facility.key!r}")
    return None


def _length(problem: Problem, route: Route, facility: Facility):
    visits = [s.at for s in route.stops if s.kind == "visit"]
    if len(visits) < problem.max_visits:
        return None
    reason = (
        f"bus {route.bus.key!r} already makes {len(visits)} visits ({', '.join(visits)}), "
        f"the most a bus makes (max_visits_per_bus {problem.max_visits})"
    )
    return _rule("route length", [3], reason)


def _no_fit(route: Route, facility: Facility, fit: Fit) -> dict:
    windows = ", ".join(f"{hhmm(lo)}-{hhmm(hi)}" for lo, hi in facility.windows)
    head = f"no window of {facility.key!r} ({windows}) fits bus {route.bus.key!r}'s route as timed"
    reason = f"{head}: {'; '.join(_distinct(fit.causes)[:4])}" if fit.causes else head
    if fit.closed:
        return _rule("window", [4, 5], reason)
    return _rule("route length", [3, 4, 7], reason)


def stays_at(problem: Problem, routes: Collection[Route], key: str) -> list[Stay]:
    """Every bus's visit to facility `key` with the people it brings (its whole load)."""
    return [
        Stay(route.bus.key, stop.start, stop.end, load_of(problem, route))
        for route in routes
        for stop in route.stops
        if stop.kind == "visit" and stop.at == key
    ]


def _capacity(facility: Facility, stays: list[Stay], load: int, fit: Fit):
    """The starts at which the facility is free, and else why it is full at all of them."""
    if load > facility.max_people:
        return [], f"the bus carries {load} people; {facility.key!r} admits {facility.max_people}"
    free, causes = [], []
    for start in sorted({s for s, _ in fit.starts}):
        why = _blocked(facility, stays, start, load)
        if why is None:
            free.append(start)
        else:
            causes.append(why)
    full = (
        f"at every time it would fit (starting {_ranges(sorted({s for s, _ in fit.starts}))}) "
        f"{facility.key!r} is full: {'; '.join(_distinct(causes)[:4])}"
    )
    return free, full


def _blocked(facility: Facility, stays: list[Stay], start: int, load: int) -> str | None:
    booked = sorted({s.start for s in stays})
    if start not in booked and len(booked) >= facility.max_visits:
        times = ", ".join(hhmm(t) for t in booked)
        return f"it already has its {facility.max_visits} visit(s) of the day ({times})"
    end = start + facility.visit_minutes
    for t in sorted({start} | {s.start for s in stays if start < s.start < end}):
        active = [s for s in stays if s.start <= t < s.end]
        who = ", ".join(f"bus {s.bus!r} {hhmm(s.start)}-{hhmm(s.end)}" for s in active)
        if len(active) + 1 > facility.max_buses_at_once:
            return f"{who} (at most {facility.max_buses_at_once} bus(es) at once)"
        people = sum(s.people for s in active)
        if people + load > facility.max_people:
            return f"{who} with {people} people (at most {facility.max_people}, this bus {load})"
    return None


def _ranges(starts: list[int]) -> str:
    """Starts as runs of consecutive minutes: '10:55-11:20, 13:00'."""
    runs: list[list[int]] = []
    for t in starts:
        if runs and t == runs[-1][1] + 1:
            runs[-1][1] = t
        else:
            runs.append([t, t])
    return ", ".join(hhmm(a) if a == b else f"{hhmm(a)}-{hhmm(b)}" for a, b in runs)


def _distinct(items) -> list[str]:
    return list(dict.fromkeys(items))


def guide_languages_of(scenario: Mapping) -> dict[str, tuple[str, ...]]:
    """Each facility's guide languages from the scenario document (Kengaku's default: ja)."""
    return {
        f["key"]: tuple(f.get("guide_languages") or (NO_LANGUAGE_NEEDED,))
        for f in scenario.get("facilities", [])
    }
