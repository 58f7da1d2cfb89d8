"""Re-planning a day of long routes: the published buses carried over to today's data, each
re-routed by OR-Tools routing from its published route (quick/lengthen.py's machinery).

The enumerating pipeline cannot start from a published plan whose buses make more than three
visits (their courses are beyond what it enumerates), so a re-plan of such a day keeps each
published bus's group, less what is gone or no longer fits (a delegation deleted or grown past
the seats, an interpreter gone, a language no longer covered), and routes it again on today's
data, the published visits as the first solution; a bus whose group is unchanged keeps its
published route as it is. Who rides which bus does not change, which is
what a least-change re-plan wants most; delegations it cannot seat are listed as unassigned with
the reason, for the planner to place (or to plan the day afresh).
"""

import time

from tours.planning.check.verdict import check
from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Problem
from tours.planning.routing.long_routes import route_entry
from tours.planning.routing.plan import objective_parts
from tours.planning.routing.sheet import Sheet

NOT_CARRIED = (
    "rule 1: not carried over in the re-plan of a day of long routes (its published bus has no "
    "room, interpreter or route for it now); plan the day afresh to place it"
)


def carried_over(problem: Problem, baseline: dict, *, deadline: float) -> dict | None:
    """The published plan on today's data, its changed buses routed again by `deadline`; None
    when no plan the checker accepts comes of it. Buses whose group is unchanged keep their
    published route when the plan passes the checker with them (nothing moves that need not);
    otherwise every bus is routed again. (The caller may lengthen it, quick/lengthen.py.)"""
    for keep in (True, False):
        plan = _carry(problem, baseline, deadline=deadline, keep_unchanged=keep)
        if plan is not None:
            return plan
    return None


def _carry(problem: Problem, baseline: dict, *, deadline: float, keep_unchanged: bool):
    published = [b for b in baseline["buses"] if _known(problem, "bus", b["bus"])]
    groups = [(entry, _group_now(problem, entry)) for entry in published]
    groups = [(entry, group) for entry, group in groups if group is not None]
    kept = [e for e, g in groups if keep_unchanged and _unchanged(e, g)]
    entries = [{**e, "load": g["load"]} for e, g in groups if e in kept]
    sheet = Sheet(problem)
    for entry in entries:
        sheet.book_entry(entry)
    rest = [g for e, g in groups if e not in kept]
    for n, group in enumerate(rest):
        share = (deadline - time.monotonic()) / (2 * (len(rest) - n))
        routed = route_entry(problem, group, sheet, time_limit_s=max(share, 0.0))
        if routed is not None:
            routed = {**routed, "interpreters": group["interpreters"]}
            sheet.book_entry(routed)
            entries.append(routed)
    placed = {key for entry in entries for key in entry["delegations"]}
    unassigned = [{"delegation": d.key, "reason": NOT_CARRIED}
                  for d in problem.delegations if d.key not in placed]  # fmt: skip
    plan = {**baseline, "buses": entries, "unassigned": unassigned, "warnings": [],
            "objective": {**objective_parts(problem, entries), "bound": None}}  # fmt: skip
    plan.pop("disruption", None)
    return plan if check(problem, plan).ok else None


def _unchanged(entry: dict, group: dict) -> bool:
    same = group["delegations"] == list(entry["delegations"])
    return same and group["interpreters"] == list(entry["interpreters"])


def _known(problem: Problem, kind: str, key: str) -> bool:
    try:
        getattr(problem, kind)(key)
    except KeyError:
        return False
    return True


def _group_now(problem: Problem, entry: dict) -> dict | None:
    """The bus entry's delegations and interpreters that exist today, as many delegations (in
    their published order) as its seats, wheelchair spaces and interpreters' languages hold;
    None when none is left."""
    bus = problem.bus(entry["bus"])
    interpreters = [k for k in entry["interpreters"] if _known(problem, "interpreter", k)]
    spoken = set().union(*(problem.interpreter(k).languages for k in interpreters))
    seats = bus.seats - problem.staff_seats - len(interpreters)
    wheelchairs = bus.wheelchair_spaces
    kept = []
    for key in entry["delegations"]:
        if not _known(problem, "delegation", key):
            continue
        d = problem.delegation(key)
        covered = not d.needs_interpreter or {d.language, NO_LANGUAGE_NEEDED} <= spoken
        if covered and d.size <= seats and d.wheelchair_users <= wheelchairs:
            kept.append(key)
            seats, wheelchairs = seats - d.size, wheelchairs - d.wheelchair_users
    if not kept:
        return None
    stops = [s for s in entry["stops"] if s["kind"] in ("visit", "lunch")]
    stops = [
        s for s in stops
        if _known(problem, "facility", s["at"])
        or (s["kind"] == "lunch" and problem.has_lunch and _known(problem, "place", s["at"]))
    ]  # fmt: skip
    ends = _ends(problem, kept)
    load = sum(problem.delegation(k).size for k in kept) + len(interpreters)
    return {"bus": bus.key, "delegations": kept, "interpreters": interpreters,
            "load": load + problem.staff_seats, "stops": [*ends[0], *stops, *ends[1]]}  # fmt: skip


def _ends(problem: Problem, keys: list[str]) -> tuple[list[dict], list[dict]]:
    """Pickup and drop-off stops of the kept delegations, in first-seen order (routing times
    them again)."""
    pickups = list(dict.fromkeys(problem.delegation(k).pickup for k in keys))
    dropoffs = list(dict.fromkeys(problem.delegation(k).dropoff for k in keys))
    return ([{"kind": "pickup", "at": p} for p in pickups],
            [{"kind": "dropoff", "at": d} for d in dropoffs])  # fmt: skip
