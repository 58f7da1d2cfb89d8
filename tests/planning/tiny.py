"""A tiny scenario (2 hotels, 1 lunch place, 3 facilities, 2 buses, 2 interpreters, 3 delegations)
and a valid plan for it whose times were worked out by hand from the travel matrix below.
"""

import copy
from dataclasses import asdict

from tours.planning.check.verdict import CheckResult, check, objective_of
from tours.planning.model.build import problem_from_scenario

KEYS = ["hotel-a", "hotel-b", "lunch-1", "fac-x", "fac-y", "fac-z"]
MINUTES = [
    [0, 10, 20, 30, 30, 30],
    [10, 0, 20, 30, 30, 30],
    [20, 20, 0, 15, 15, 15],
    [30, 30, 15, 0, 25, 25],
    [30, 30, 15, 25, 0, 25],
    [30, 30, 15, 25, 25, 0],
]


def _facility(key, visit, windows, people, buses, visits, wheelchair, themes):
    return {
        "key": key,
        "name": key,
        "lat": 35.5,
        "lon": 139.6,
        "visit_minutes": visit,
        "windows": windows,
        "max_people": people,
        "max_buses_at_once": buses,
        "max_visits": visits,
        "wheelchair": wheelchair,
        "themes": themes,
    }


_SCENARIO = {
    "format": "kengaku.scenario/1",
    "event": {
        "key": "tiny-tour",
        "name": "Tiny tour",
        "date": "2025-11-27",
        "day_start": "08:00",
        "day_end": "18:00",
        "lunch": {"earliest": "11:30", "latest": "13:00", "minutes": 60},
        "staff_seats_per_bus": 1,
        "max_visits_per_bus": 2,
        "min_visits_per_bus": 1,
        "boarding_minutes": 10,
    },
    "travel": {"matrix": {"keys": KEYS, "minutes": MINUTES}},
    "places": [
        {"key": "hotel-a", "name": "Hotel A", "lat": 35.4, "lon": 139.6, "kind": "hotel"},
        {"key": "hotel-b", "name": "Hotel B", "lat": 35.4, "lon": 139.7, "kind": "hotel"},
        {
            "key": "lunch-1",
            "name": "Lunch",
            "lat": 35.5,
            "lon": 139.7,
            "kind": "lunch",
            "max_people": 40,
        },
    ],
    "facilities": [
        _facility("fac-x", 60, [["09:00", "12:00"], ["13:00", "17:00"]], 40, 1, 2, True, []),
        _facility("fac-y", 90, [["09:00", "17:00"]], 30, 2, 2, False, ["energy"]),
        _facility("fac-z", 45, [["10:00", "16:00"]], 50, 1, 1, True, ["water"]),
    ],
    "buses": [
        {"key": "bus-1", "seats": 20, "wheelchair_spaces": 1, "cost": 300,
         "available": ["07:30", "19:00"]},
        {"key": "bus-2", "seats": 15, "wheelchair_spaces": 0, "cost": 200,
         "available": ["08:00", "17:30"]},
    ],
    "interpreters": [
        {"key": "int-1", "name": "One", "languages": ["ja", "en", "th"],
         "available": ["08:00", "18:00"]},
        {"key": "int-2", "name": "Two", "languages": ["ja", "vi"],
         "available": ["08:00", "17:00"]},
    ],
    "delegations": [
        {"key": "d-bkk", "city": "Bangkok", "country": "TH", "language": "th", "size": 8,
         "wheelchair_users": 1, "priority": 2, "pickup": "hotel-a", "earliest_pickup": "08:30",
         "dropoff": "hotel-a", "latest_dropoff": "17:00", "interests": {"fac-x": 5},
         "theme_interests": {"water": 4, "energy": 3}, "must_visit": ["fac-x"],
         "together_with": ["d-kl"]},
        {"key": "d-kl", "city": "Kuala Lumpur", "country": "MY", "language": "en", "size": 6,
         "pickup": "hotel-b", "dropoff": "hotel-a", "interests": {"fac-x": 3, "fac-z": 4},
         "avoid": ["fac-y"], "together_with": ["d-bkk"]},
        {"key": "d-hn", "city": "Hanoi", "country": "VN", "language": "vi", "size": 10,
         "pickup": "hotel-b", "earliest_pickup": "09:00", "dropoff": "hotel-b",
         "latest_dropoff": "17:00", "interests": {"fac-y": 5, "fac-x": 2},
         "must_visit": ["fac-y"]},
    ],
    "weights": {"interest": 100, "bus_cost": 1, "driving_minute": 2},
}  # fmt: skip


def scenario() -> dict:
    """A fresh copy, free to modify."""
    return copy.deepcopy(_SCENARIO)


def stop(kind, at, arrive, start, end, board=(), alight=()):
    return {
        "kind": kind,
        "at": at,
        "arrive": arrive,
        "start": start,
        "end": end,
        "board": list(board),
        "alight": list(alight),
    }


# bus-1 drives 10 + 30 + 25 + 15 + 20 = 100 minutes; bus-2 drives 30 + 15 + 15 + 30 = 90.
BUS_1_STOPS = [
    stop("pickup", "hotel-a", "08:30", "08:30", "08:40", board=["d-bkk"]),
    stop("pickup", "hotel-b", "08:50", "08:50", "09:00", board=["d-kl"]),
    stop("visit", "fac-x", "09:30", "09:30", "10:30"),
    stop("visit", "fac-z", "10:55", "10:55", "11:40"),
    stop("lunch", "lunch-1", "11:55", "11:55", "12:55"),
    stop("dropoff", "hotel-a", "13:15", "13:15", "13:25", alight=["d-bkk", "d-kl"]),
]
BUS_2_STOPS = [
    stop("pickup", "hotel-b", "09:00", "09:00", "09:10", board=["d-hn"]),
    stop("visit", "fac-y", "09:40", "09:40", "11:10"),
    stop("lunch", "lunch-1", "11:25", "11:30", "12:30"),
    stop("visit", "fac-x", "12:45", "13:00", "14:00"),
    stop("dropoff", "hotel-b", "14:30", "14:30", "14:40", alight=["d-hn"]),
]

# interest: d-bkk 2 * (fac-x 5 + fac-z 4 by theme "water") + d-kl (3 + 4) + d-hn (fac-y 5 + fac-x 2)
INTEREST = 2 * (5 + 4) + (3 + 4) + (5 + 2)  # 32
BUS_COST = 300 + 200
DRIVING = 100 + 90
SCORE = 100 * INTEREST - 1 * BUS_COST - 2 * DRIVING  # 2320


def valid_plan() -> dict:
    return {
        "format": "kengaku.plan/1",
        "scenario": "tiny-tour",
        "status": "feasible",
        "objective": {
            "score": SCORE,
            "interest": INTEREST,
            "bus_cost": BUS_COST,
            "driving_minutes": DRIVING,
            "bound": 2500,
        },
        "buses": [
            {
                "bus": "bus-1",
                "load": 8 + 6 + 1 + 1,
                "interpreters": ["int-1"],
                "delegations": ["d-bkk", "d-kl"],
                "stops": copy.deepcopy(BUS_1_STOPS),
            },
            {
                "bus": "bus-2",
                "load": 10 + 1 + 1,
                "interpreters": ["int-2"],
                "delegations": ["d-hn"],
                "stops": copy.deepcopy(BUS_2_STOPS),
            },
        ],
        "unassigned": [],
        "warnings": [],
    }


def judge(document: dict, plan: dict) -> CheckResult:
    """Check `plan` after making its reported objective right, so only the broken rule shows."""
    problem = problem_from_scenario(document)
    objective = objective_of(problem, plan)
    plan["objective"] = {**asdict(objective), "bound": objective.score + 100}
    return check(problem, plan)


def rules(result: CheckResult) -> set[int]:
    return {v.rule for v in result.violations}
