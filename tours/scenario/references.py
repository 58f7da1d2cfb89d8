"""Whole-document rules: unique keys and references that resolve (with every offender's path).

Works on the plain document so that it can run even when some fields failed their shape checks:
a planner gets the dangling references and the malformed fields in one report.
"""

from delegations.errors import Problem
from delegations.references import delegation_reference_problems
from delegations.schema_types import duplicates
from tours.scenario.pins import pin_identity

LISTS = ("places", "facilities", "buses", "interpreters", "delegations")


def _items(document: dict, name: str) -> list[dict]:
    items = document.get(name)
    if not isinstance(items, list):
        return []
    return [item if isinstance(item, dict) else {} for item in items]


def _keys(document: dict, name: str) -> set[str]:
    return {item.get("key") for item in _items(document, name) if isinstance(item.get("key"), str)}


def reference_problems(document: dict) -> list[Problem]:
    problems = _duplicate_keys(document)
    places, facilities = _keys(document, "places"), _keys(document, "facilities")
    delegations = _keys(document, "delegations")
    for i, d in enumerate(_items(document, "delegations")):
        problems += delegation_reference_problems(
            d, f"delegations[{i}]", places, facilities, delegations
        )
    problems += _matrix_problems(document, places | facilities)
    problems += pin_reference_problems(
        _items(document, "pins"),
        "pins",
        {
            "bus": _keys(document, "buses"),
            "delegation": delegations,
            "interpreter": _keys(document, "interpreters"),
            "facility": facilities,
        },
    )
    return problems


def pin_reference_problems(pins: list[dict], at: str, known: dict[str, set[str]]) -> list[Problem]:
    """Unknown buses, delegations, interpreters and facilities, and pins given twice.

    `known` maps each reference field to the keys it may name; `at` prefixes the paths
    (`pins[2].bus`), or is empty for a single pin.
    """
    problems, seen = [], {}
    for i, pin in enumerate(pins):
        where = f"{at}[{i}]" if at else ""
        for field, keys in known.items():
            key = pin.get(field)
            if isinstance(key, str) and key not in keys:
                path = f"{where}.{field}" if where else field
                problems.append(Problem(path, f"unknown {field} {key!r}"))
        identity = pin_identity(pin)
        if identity in seen:
            problems.append(Problem(where, f"duplicate pin (the same as {at}[{seen[identity]}])"))
        seen.setdefault(identity, i)
    return problems


def _duplicate_keys(document: dict) -> list[Problem]:
    problems = []
    for name in LISTS:
        keys = [item.get("key") for item in _items(document, name)]
        for key in duplicates([k for k in keys if isinstance(k, str)]):
            where = [i for i, k in enumerate(keys) if k == key]
            problems.append(
                Problem(
                    f"{name}[{where[1]}].key", f"duplicate key {key!r} (also {name}[{where[0]}])"
                )
            )
    facility_keys = [item.get("key") for item in _items(document, "facilities")]
    for key in sorted(_keys(document, "places") & set(facility_keys)):
        i = facility_keys.index(key)
        problems.append(
            Problem(
                f"facilities[{i}].key", f"key {key!r} is also a place's key: stops need one name"
            )
        )
    return problems


def _matrix_problems(document: dict, points: set[str]) -> list[Problem]:
    """Every stop needs travel times; keys of stops yet to be added are allowed."""
    travel = document.get("travel")
    matrix = travel.get("matrix") if isinstance(travel, dict) else None
    keys = matrix.get("keys") if isinstance(matrix, dict) else None
    if not isinstance(keys, list):
        return []
    return [
        Problem("travel.matrix.keys", f"no travel times for {key!r}")
        for key in sorted(points - set(keys))
    ]
