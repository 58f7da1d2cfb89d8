"""Explain a plan: what each delegation gets and misses (and why), how full buses and places are.

`explain(problem, plan)` reads a kengaku.plan/1 document as the checker does and answers the
questions planners ask of it: per delegation, the facilities its bus visits with their interest and
its most-wanted facility it misses with the rule that keeps it out (`explain_binding`); per bus,
seats used and the minutes it stands idle; per facility, its visits and how close it comes to its
limits. Pure: no solver, no Django.
"""

from collections.abc import Collection, Mapping
from itertools import pairwise

from tours.planning.check.reading import Route, load_of, read_plan
from tours.planning.check.verdict import PlanUnreadable
from tours.planning.explain.binding import Stay, binding, guide_languages_of, stays_at
from tours.planning.model.problem import Delegation, Problem, hhmm

__all__ = ["explain", "guide_languages_of"]


def explain(
    problem: Problem, plan: dict, *, guide_languages: Mapping[str, Collection[str]] | None = None
) -> dict:
    """{delegations, buses, facilities}, each keyed by key in the scenario's (or plan's) order.

    `guide_languages` (facility key -> languages, see `guide_languages_of`) adds the language
    note; the core's Problem does not carry guide languages since no hard rule reads them.
    """
    read, _ = read_plan(problem, plan)
    routes = tuple(r for r in read.routes if r.bus is not None)
    if not read.scorable or any(not s.timed for r in routes for s in r.stops):
        raise PlanUnreadable("the plan is too malformed to explain (see the checker)")
    unassigned = {u.delegation: u.reason for u in read.unassigned}
    riding = {key: route for route in routes for key in route.riders}
    delegations = {
        d.key: _delegation(problem, routes, riding.get(d.key), d, unassigned, guide_languages)
        for d in problem.delegations
    }
    return {
        "delegations": delegations,
        "buses": {r.bus.key: _bus(problem, r) for r in routes},
        "facilities": {f.key: _facility(problem, routes, f.key) for f in problem.facilities},
    }


def _delegation(problem, routes, route, d: Delegation, unassigned, guide_languages) -> dict:
    if route is None:
        reason = unassigned.get(d.key, "on no bus and not listed as unassigned")
        return {"bus": None, "unassigned": reason, "priority": d.priority, "gets": [],
                "interest": 0, "weighted_interest": 0, "misses": None}  # fmt: skip
    gets = [
        {
            "facility": stop.at,
            "name": problem.facility(stop.at).name,
            "interest": d.interest[stop.at],
            "weighted_interest": d.priority * d.interest[stop.at],
            "start": hhmm(stop.start),
        }
        for stop in route.stops
        if stop.kind == "visit"
    ]
    total = sum(g["interest"] for g in gets)
    return {
        "bus": route.bus.key,
        "unassigned": None,
        "priority": d.priority,
        "gets": gets,
        "interest": total,
        "weighted_interest": d.priority * total,
        "misses": _misses(problem, routes, route, d, guide_languages),
    }


def _misses(problem, routes, route: Route, d: Delegation, guide_languages) -> dict | None:
    """Its most-wanted facility the bus does not visit (ties by key), and what keeps it out."""
    wanted = [
        (-interest, key)
        for key, interest in d.interest.items()
        if interest > 0 and key not in d.avoid and key not in route.visited
    ]
    if not wanted:
        return None
    interest, key = min(wanted)
    facility = problem.facility(key)
    guides = None if guide_languages is None else guide_languages.get(key, ("ja",))
    return {
        "facility": key,
        "name": facility.name,
        "interest": -interest,
        "weighted_interest": -interest * d.priority,
        "binding": binding(problem, routes, route, d, facility, guides),
    }


def _bus(problem: Problem, route: Route) -> dict:
    bus, stops = route.bus, route.stops
    driving = sum(problem.travel.minutes(a.at, b.at) for a, b in pairwise(stops))
    busy = sum(s.end - s.start for s in stops)
    first, last = stops[0].start, stops[-1].end
    users = sum(problem.delegation(k).wheelchair_users for k in route.riders)
    load = load_of(problem, route)
    return {
        "seats": bus.seats,
        "load": load,
        "free_seats": bus.seats - load,
        "people": {
            "delegates": load - len(route.interpreters) - problem.staff_seats,
            "interpreters": len(route.interpreters),
            "staff": problem.staff_seats,
        },
        "wheelchair_spaces": bus.wheelchair_spaces,
        "wheelchair_users": users,
        "start": hhmm(first),
        "end": hhmm(last),
        "driving_minutes": driving,
        "idle_minutes": (last - first) - busy - driving,
        "visits": sum(1 for s in stops if s.kind == "visit"),
        "delegations": list(route.riders),
        "interpreters": list(route.interpreters),
    }


def _facility(problem: Problem, routes: tuple[Route, ...], key: str) -> dict:
    facility = problem.facility(key)
    stays = sorted(stays_at(problem, routes, key), key=lambda s: (s.start, s.bus))
    return {
        "name": facility.name,
        "visits": [
            {"bus": s.bus, "start": hhmm(s.start), "end": hhmm(s.end), "people": s.people}
            for s in stays
        ],
        "visit_count": len({s.start for s in stays}),
        "max_visits": facility.max_visits,
        "peak_people": max((sum(s.people for s in a) for a in _moments(stays)), default=0),
        "max_people": facility.max_people,
        "peak_buses": max((len(a) for a in _moments(stays)), default=0),
        "max_buses_at_once": facility.max_buses_at_once,
        "people_over_day": sum(s.people for s in stays),
    }


def _moments(stays: list[Stay]) -> list[list[Stay]]:
    """The stays under way at each start time (half-open [start, end)), as the checker counts."""
    return [[s for s in stays if s.start <= t < s.end] for t in sorted({s.start for s in stays})]
