"""What changed between two kengaku.scenario/1 documents, in a planner's words.

A stale plan says why it is stale: "delegation 'jakarta': size 5 → 6", "bus 'bus-3' removed".
The diff is structural and generic: lists of keyed objects (places, facilities, buses,
interpreters, delegations, pins, and any later section of the same shape) are matched by `key`;
objects such as `event`, `travel` and `weights` are compared field by field, nested objects by
dotted path (`lunch.minutes`, `interests.tsurumi-plant`); a changed list inside an object (a
facility's windows, a delegation's members) is reported as changed rather than spelled out.
"""

from typing import Any

# "delegations" -> "delegation"; sections not named here drop a final "s".
NOUNS = {"facilities": "facility", "buses": "bus", "travel": "travel", "weights": "weights"}
# The order sections are reported in; any other section follows in alphabetical order.
ORDER = ("event", "travel", "weights", "places", "facilities", "buses", "interpreters",
         "delegations", "pins")  # fmt: skip
MISSING = object()


def scenario_changes(old: dict, new: dict) -> list[str]:
    """Every difference from `old` to `new`, one short line each, in section order."""
    sections = [s for s in ORDER if s in old or s in new]
    sections += sorted((set(old) | set(new)) - set(ORDER) - {"format"})
    changes = []
    if old.get("format") != new.get("format"):
        changes.append(f"format {_show(old.get('format'))} → {_show(new.get('format'))}")
    for section in sections:
        before, after = old.get(section, MISSING), new.get(section, MISSING)
        if before == after:
            continue
        if _keyed(before) and _keyed(after):
            changes += _keyed_changes(section, _or(before, []), _or(after, []))
        elif _is_object(before) and _is_object(after):
            changes += [f"{section}: {line}" for line in _fields(_or(before, {}), _or(after, {}))]
        else:
            changes.append(f"{section} changed")
    return changes


def _keyed(value: Any) -> bool:
    """A list of objects with string keys (missing counts as an empty list)."""
    if value is MISSING:
        return True
    return isinstance(value, list) and all(
        isinstance(item, dict) and isinstance(item.get("key"), str) for item in value
    )


def _or(value: Any, default: Any) -> Any:
    return default if value is MISSING else value


def _is_object(value: Any) -> bool:
    return value is MISSING or isinstance(value, dict)


def _keyed_changes(section: str, old: list, new: list) -> list[str]:
    noun = NOUNS.get(section, section.removesuffix("s"))
    before = {item["key"]: item for item in old}
    after = {item["key"]: item for item in new}
    changes = [f"{noun} {key!r} removed" for key in before if key not in after]
    changes += [f"{noun} {key!r} added" for key in after if key not in before]
    for key, item in after.items():
        if key in before and before[key] != item:
            changes += [f"{noun} {key!r}: {line}" for line in _fields(before[key], item)]
    kept_old = [key for key in before if key in after]
    kept_new = [key for key in after if key in before]
    if kept_old != kept_new:
        changes.append(f"{section}: order changed")
    return changes


def _fields(old: dict, new: dict, prefix: str = "") -> list[str]:
    changes = []
    for name in [*old, *(n for n in new if n not in old)]:
        a, b = old.get(name, MISSING), new.get(name, MISSING)
        if a == b:
            continue
        path = f"{prefix}{name}"
        if isinstance(a, dict) and isinstance(b, dict):
            changes += _fields(a, b, f"{path}.")
        elif a is MISSING:
            changes.append(f"{path} added" if _nested(b) else f"{path} set to {_show(b)}")
        elif b is MISSING:
            changes.append(f"{path} removed")
        elif _nested(a) or _nested(b):
            changes.append(f"{path} changed")
        else:
            changes.append(f"{path} {_show(a)} → {_show(b)}")
    return changes


def _nested(value: Any) -> bool:
    return isinstance(value, dict | list)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None or value is MISSING:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
