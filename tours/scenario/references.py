"""Whole-document rules: unique keys and references that resolve (with every offender's path).

Works on the plain document so that it can run even when some fields failed their shape checks:
a planner gets the dangling references and the malformed fields in one report.
"""

from delegations.errors import Problem
from delegations.references import delegation_reference_problems
from delegations.schema_types import duplicates

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
