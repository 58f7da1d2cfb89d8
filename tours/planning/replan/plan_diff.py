"""What a plan changes against another (the published one), in planners' words.

Who moves to which bus, who is no longer carried or newly carried, which interpreters change
bus, which stops change time (beyond a tolerance) or are dropped or added, and everyone the
changes touch: the delegations, interpreters, buses (their drivers) and facilities (their hosts)
who must hear of them. Pure: two kengaku.plan/1 documents in, a dict out.
"""

from tours.planning.model.problem import minutes


def plan_diff(before: dict, after: dict, *, tolerance_minutes: int = 0) -> dict:
    bus_before, bus_after = _riders(before), _riders(after)
    moves, affected = [], _Affected()
    for key in sorted(set(bus_before) | set(bus_after)):
        old, new = bus_before.get(key), bus_after.get(key)
        if old == new:
            continue
        if old is None:
            text = f"delegation {key!r} is now carried, on bus {new!r}"
        elif new is None:
            text = f"delegation {key!r} is no longer carried (it was on bus {old!r})"
        else:
            text = f"delegation {key!r} moves from bus {old!r} to bus {new!r}"
        moves.append({"delegation": key, "from_bus": old, "to_bus": new, "text": text})
        affected.add(delegations=[key], buses=[b for b in (old, new) if b])
    crew_moves = _crew_moves(before, after, affected)
    times = _stop_changes(before, after, tolerance_minutes, affected)
    return {
        "delegations": moves,
        "interpreters": crew_moves,
        "stops": times,
        "affected": affected.as_dict(),
        "summary": _summary(moves, crew_moves, times),
    }


def _riders(plan: dict) -> dict[str, str]:
    return {d: b["bus"] for b in plan.get("buses", []) for d in b["delegations"]}


def _crew_moves(before: dict, after: dict, affected: "_Affected") -> list[dict]:
    old = {i: b["bus"] for b in before.get("buses", []) for i in b["interpreters"]}
    new = {i: b["bus"] for b in after.get("buses", []) for i in b["interpreters"]}
    found = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key):
            continue
        if key not in new:
            text = f"interpreter {key!r} is no longer needed (was on bus {old[key]!r})"
        elif key not in old:
            text = f"interpreter {key!r} now rides bus {new[key]!r}"
        else:
            text = f"interpreter {key!r} moves from bus {old[key]!r} to bus {new[key]!r}"
        found.append({"interpreter": key, "from_bus": old.get(key), "to_bus": new.get(key),
                      "text": text})  # fmt: skip
        affected.add(interpreters=[key], buses=[b for b in (old.get(key), new.get(key)) if b])
    return found


def _stops(plan: dict) -> dict[tuple[str, str, str], dict]:
    return {(b["bus"], s["kind"], s["at"]): s for b in plan.get("buses", []) for s in b["stops"]}


def _stop_changes(before: dict, after: dict, tolerance: int, affected: "_Affected") -> list:
    old, new = _stops(before), _stops(after)
    riders = {b["bus"]: b["delegations"] for p in (before, after) for b in p.get("buses", [])}
    found = []
    for key in sorted(set(old) | set(new)):
        bus, kind, at = key
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None:
            shift = minutes(b["start"]) - minutes(a["start"])
            if abs(shift) <= tolerance:
                continue
            text = f"bus {bus!r}: {kind} at {at!r} moves from {a['start']} to {b['start']}"
        elif a is None:
            text = f"bus {bus!r}: new {kind} at {at!r} at {b['start']}"
        else:
            text = f"bus {bus!r}: {kind} at {at!r} ({a['start']}) is dropped"
        found.append({"bus": bus, "kind": kind, "at": at, "from": a and a["start"],
                      "to": b and b["start"], "text": text})  # fmt: skip
        affected.add(buses=[bus], delegations=riders.get(bus, []),
                     facilities=[at] if kind == "visit" else [])  # fmt: skip
    return found


def _summary(moves: list, crew: list, stops: list) -> str:
    if not (moves or crew or stops):
        return "no change"
    moved = sum(1 for m in moves if m["from_bus"] and m["to_bus"])
    dropped = sum(1 for m in moves if not m["to_bus"])
    added = sum(1 for m in moves if not m["from_bus"])
    parts = [
        (moved, "delegation moves bus", "delegations move bus"),
        (dropped, "delegation no longer carried", "delegations no longer carried"),
        (added, "delegation newly carried", "delegations newly carried"),
        (len(crew), "interpreter changes bus", "interpreters change bus"),
        (len(stops), "stop changes time or is added or dropped",
         "stops change time or are added or dropped"),
    ]  # fmt: skip
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n)


class _Affected:
    def __init__(self) -> None:
        self.sets: dict[str, set[str]] = {
            "delegations": set(), "interpreters": set(), "buses": set(), "facilities": set()
        }  # fmt: skip

    def add(self, **groups) -> None:
        for name, keys in groups.items():
            self.sets[name].update(keys)

    def as_dict(self) -> dict[str, list[str]]:
        return {name: sorted(keys) for name, keys in self.sets.items()}
