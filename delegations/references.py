"""References from a delegation to places, facilities and other delegations, by key."""

from delegations.errors import Problem


def delegation_reference_problems(
    d: dict, at: str, places: set[str], facilities: set[str], delegations: set[str]
) -> list[Problem]:
    """Works on a plain dict so that it runs even where other fields are malformed."""
    problems = []
    for field in ("pickup", "dropoff"):
        key = d.get(field)
        if isinstance(key, str) and key not in places:
            problems.append(Problem(_join(at, field), f"unknown place {key!r}"))
    interests = d.get("interests")
    for key in interests if isinstance(interests, dict) else ():
        if key not in facilities:
            problems.append(Problem(_join(at, f"interests.{key}"), f"unknown facility {key!r}"))
    for field, known, noun in (
        ("must_visit", facilities, "facility"),
        ("avoid", facilities, "facility"),
        ("together_with", delegations, "delegation"),
    ):
        values = d.get(field)
        for j, key in enumerate(values if isinstance(values, list) else ()):
            if isinstance(key, str) and key not in known:
                problems.append(Problem(_join(at, f"{field}[{j}]"), f"unknown {noun} {key!r}"))
    return problems


def _join(at: str, field: str) -> str:
    return f"{at}.{field}" if at else field
