"""Small scenarios built in code for solver tests: zero travel times make optima hand-computable."""

import copy


def base_scenario(*, facilities: int = 4, buses: int = 2, max_visits: int = 2) -> dict:
    keys = ["hotel", "lunch"] + [f"f{i}" for i in range(1, facilities + 1)]
    return {
        "format": "kengaku.scenario/1",
        "event": {
            "key": "solver-test",
            "name": "Solver test",
            "date": "2025-11-27",
            "timezone": "Asia/Tokyo",
            "organizer": {"name": "Test", "email": "test@example.com"},
            "day_start": "08:00",
            "day_end": "18:00",
            "lunch": {"earliest": "11:30", "latest": "13:00", "minutes": 60},
            "staff_seats_per_bus": 1,
            "max_visits_per_bus": max_visits,
            "min_visits_per_bus": 1,
            "boarding_minutes": 10,
        },
        "travel": {"matrix": {"keys": keys, "minutes": [[0] * len(keys) for _ in keys]}},
        "places": [
            {"key": "hotel", "name": "Hotel", "lat": 35.45, "lon": 139.63, "kind": "hotel"},
            {
                "key": "lunch",
                "name": "Lunch",
                "lat": 35.45,
                "lon": 139.64,
                "kind": "lunch",
                "max_people": 200,
            },
        ],
        "facilities": [
            {
                "key": f"f{i}",
                "name": f"Facility {i}",
                "lat": 35.4,
                "lon": 139.6,
                "visit_minutes": 60,
                "windows": [["09:00", "17:00"]],
                "max_people": 60,
                "max_buses_at_once": 2,
                "max_visits": 3,
                "wheelchair": i == 1,
                "themes": [],
            }
            for i in range(1, facilities + 1)
        ],
        "buses": [
            {"key": f"bus-{n}", "seats": 20, "wheelchair_spaces": 1, "cost": 300}
            for n in range(1, buses + 1)
        ],
        "interpreters": [
            {"key": "int-th", "name": "Somchai", "languages": ["ja", "th", "en"]},
            {"key": "int-vi", "name": "Lan", "languages": ["ja", "vi", "en"]},
        ],
        "delegations": [],
        "weights": {"interest": 100, "bus_cost": 1, "driving_minute": 1},
    }


def delegation(key: str, interests: dict, *, language: str = "en", size: int = 3, **extra) -> dict:
    return {
        "key": key,
        "city": key.title(),
        "country": "TH",
        "language": language,
        "size": size,
        "pickup": "hotel",
        "dropoff": "hotel",
        "interests": interests,
        **extra,
    }


def random_travel(document: dict, rng, low: int, high: int) -> None:
    """Symmetric random minutes between every two stops of the document's travel matrix."""
    keys = document["travel"]["matrix"]["keys"]
    minutes = [[0] * len(keys) for _ in keys]
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            minutes[i][j] = minutes[j][i] = rng.randint(low, high)
    document["travel"]["matrix"]["minutes"] = minutes


def with_delegations(scenario: dict, *delegations: dict) -> dict:
    document = copy.deepcopy(scenario)
    document["delegations"] = list(delegations)
    return document
