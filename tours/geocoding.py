"""Coordinates for places and facilities given only an address (placeholder until geocoding lands)."""

from delegations.errors import Problem


def geocode_missing(items: list) -> list[Problem]:
    problems = []
    for path, item in items:
        if item.lat is None:
            problems.append(Problem(path, f"no coordinates and no geocoder answer for {item.address!r}"))
    return problems
