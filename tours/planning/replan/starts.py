"""A first plan that keeps the pins and, for a re-plan, starts from the published plan.

Each bus of the source plan (the published plan for a re-plan, else the spreadsheet plan) keeps
its group, less the units pinned to other buses and plus those pinned to it, and is routed
again on today's data (on its old facilities first); pinned buses go first. Units that cannot be
routed this way are left for regrouping to place.
"""

from tours.planning.bound.patterns import PatternSpace
from tours.planning.model.problem import Problem
from tours.planning.quick.regroup import Regrouper


def start_plan(problem: Problem, space: PatternSpace, plan: dict, source: dict, *, seed: int,
               pinned=None, disruption=None) -> dict:  # fmt: skip
    """`plan` gives the reasons for delegations set aside before (its `unassigned`)."""
    unit_of = {d.key: u.index for u in space.units for d in u.delegations}
    course_of = {frozenset(c.facilities): n for n, c in enumerate(space.courses)}
    keys = [f.key for f in problem.facilities]
    buses = {b.key for b in problem.buses}
    groups: dict[str, tuple[tuple[int, ...], int | None]] = {}
    teams: dict[str, tuple] = {}
    present = {i.key: i for i in problem.interpreters}
    for entry in source.get("buses", []):
        if entry["bus"] not in buses:
            continue  # withdrawn: its delegations find other buses
        units = {unit_of[k] for k in entry["delegations"] if k in unit_of}
        visited = frozenset(keys.index(s["at"]) for s in entry["stops"]
                            if s["kind"] == "visit" and s["at"] in keys)  # fmt: skip
        groups[entry["bus"]] = (tuple(sorted(units)), course_of.get(visited))
        teams[entry["bus"]] = tuple(present[k] for k in entry["interpreters"] if k in present)
    if pinned:
        for key in list(groups):
            units, course = groups[key]
            groups[key] = (
                tuple(sorted(set(pinned.movable(units)) | pinned.units_on.get(key, set()))),
                course,
            )
        for key in sorted(pinned.buses - set(groups)):
            groups[key] = (tuple(sorted(pinned.units_on.get(key, ()))), None)
    order = sorted(groups, key=lambda k: (not (pinned and k in pinned.buses), k))
    regrouper = Regrouper(problem, space, {**plan, "buses": []}, seed=seed, pinned=pinned,
                          disruption=disruption)  # fmt: skip
    for key in order:
        units, course = groups[key]
        placed = {u for r in regrouper.rides.values() for u in r.units}
        units = tuple(u for u in units if u not in placed)
        if units and not regrouper.seat(key, units, teams.get(key), course):
            _seat_pinned_part(regrouper, key, units, pinned)
    if pinned:
        _run_idle_pinned(regrouper, pinned)
    return regrouper.document()


def _seat_pinned_part(regrouper: Regrouper, key: str, units, pinned) -> None:
    """When a whole group cannot ride its bus again, at least its pinned units (alone)."""
    own = tuple(sorted(pinned.units_on.get(key, ()))) if pinned else ()
    if own and own != units:
        regrouper.seat(key, own, None, None)


def _run_idle_pinned(regrouper: Regrouper, pinned) -> None:
    """A bus with interpreter or visit pins must run: give an idle one a unit no bus carries
    yet, or else one unpinned unit taken off another bus."""
    for key in sorted(pinned.buses):
        if regrouper.rides[key].units:
            continue
        for u in sorted(regrouper.nowhere):
            if regrouper.seat(key, (u,), None, None):
                break
        else:
            _borrow(regrouper, key, pinned)


def _borrow(regrouper: Regrouper, key: str, pinned) -> None:
    for other, ride in sorted(regrouper.rides.items()):
        if other == key or other in pinned.buses:
            continue
        for u in pinned.movable(ride.units):
            rest = tuple(x for x in ride.units if x != u)
            if regrouper.move({key: (u,), other: rest}):
                return
