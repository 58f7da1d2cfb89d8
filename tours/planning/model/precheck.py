"""Delegations no plan can carry, found before solving, each with the rule that excludes it.

Every test here is a proof: it uses only lower bounds on time and upper bounds on room, so a
delegation it excludes is unplaceable in every plan (which is what rule 1 asks of `unassigned`).
"""

from dataclasses import dataclass

from tours.planning.model.interpreters import fewest_interpreters
from tours.planning.model.problem import Problem
from tours.planning.model.units import Unit


@dataclass(frozen=True)
class Exclusion:
    unit: Unit
    rule: int
    reason: str


def excluded_units(problem: Problem, units: list[Unit]) -> list[Exclusion]:
    found = []
    for unit in units:
        reason = _why_not(problem, unit)
        if reason is not None:
            found.append(Exclusion(unit, *reason))
    return found


def _why_not(problem: Problem, unit: Unit) -> tuple[int, str] | None:
    for check in (_no_room, _no_language, _must_visit, _too_late):
        reason = check(problem, unit)
        if reason is not None:
            return reason
    return None


def _who(unit: Unit) -> str:
    keys = unit.keys
    return (
        f"delegation {keys[0]!r}" if len(keys) == 1 else f"delegations {', '.join(keys)} (together)"
    )


def _no_room(problem: Problem, unit: Unit) -> tuple[int, str] | None:
    if not problem.buses:
        return 2, "there are no buses"
    spaces = max(b.wheelchair_spaces for b in problem.buses)
    if unit.wheelchair_users > spaces:
        return 2, (
            f"{_who(unit)} has {unit.wheelchair_users} wheelchair users and no bus has more than "
            f"{spaces} wheelchair spaces"
        )
    interpreters = fewest_interpreters(unit.languages, problem.interpreters) or 0
    need = unit.size + problem.staff_seats + interpreters
    fitting = [b.seats for b in problem.buses if b.wheelchair_spaces >= unit.wheelchair_users]
    if need > max(fitting):
        return 2, (
            f"{_who(unit)} needs {need} seats ({unit.size} people, {interpreters} interpreters, "
            f"{problem.staff_seats} staff) and the largest suitable bus has {max(fitting)}"
        )
    return None


def _no_language(problem: Problem, unit: Unit) -> tuple[int, str] | None:
    if fewest_interpreters(unit.languages, problem.interpreters) is None:
        spoken = set().union(*(i.languages for i in problem.interpreters))
        missing = sorted(unit.languages - spoken) or [
            "ja together with " + ", ".join(sorted(unit.languages))
        ]
        return 8, f"no interpreter speaks {', '.join(missing)} for {_who(unit)}"
    return None


def _must_visit(problem: Problem, unit: Unit) -> tuple[int, str] | None:
    both = sorted(unit.must_visit & unit.avoid)
    if both:
        return 9, f"{_who(unit)} must visit and avoid {', '.join(both)}"
    if len(unit.must_visit) > problem.max_visits:
        return 3, (
            f"{_who(unit)} must visit {len(unit.must_visit)} facilities and a bus makes at most "
            f"{problem.max_visits} visits"
        )
    if unit.wheelchair_users:
        closed = sorted(k for k in unit.must_visit if not problem.facility(k).wheelchair)
        if closed:
            return 6, (
                f"{_who(unit)} travels with a wheelchair user and must visit {', '.join(closed)}, "
                "which is not wheelchair-accessible"
            )
    return None


def _too_late(problem: Problem, unit: Unit) -> tuple[int, str] | None:
    """Lunch must end before anyone reaches a drop-off: a flight that leaves no time for it."""
    if not problem.has_lunch:
        return None
    least = problem.travel.least
    lunch_end = problem.lunch_earliest + problem.lunch_minutes
    for d in unit.delegations:
        if d.latest_dropoff is None or not problem.lunch_places:
            continue
        soonest = lunch_end + min(least(p.key, d.dropoff) for p in problem.lunch_places)
        soonest += problem.boarding_minutes
        if soonest > d.latest_dropoff:
            return 3, (
                f"delegation {d.key!r} must be at {d.dropoff} by {_hhmm(d.latest_dropoff)}, but "
                f"after lunch the bus cannot get there before {_hhmm(soonest)}"
            )
    return None


def _hhmm(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"
