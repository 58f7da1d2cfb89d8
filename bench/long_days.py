"""Seeded long-route days: a few buses, many short visits in one district (a walking-tour shape).

`long_day(seed, buses=..., facilities=...)` is a kengaku.scenario/1 document: 1-4 buses and 50-100
facilities of 10-20 minutes each, scattered over about 2.5 x 2 km of Naka ward, Yokohama
(Kannai, Chinatown, Yamate, Motomachi), so no hop takes more than about 15 minutes at the usual
speed (geodesic travel, as bench/scenarios.py). Windows come in four shapes (all day, morning,
afternoon, two windows); one to three delegations per bus care about most of the facilities, and
`max_visits_per_bus` is the number of facilities, so the day, the windows and lunch are what limit
a route, not a visit count. Deterministic per (seed, buses, facilities); feasible in principle:
every delegation fits a bus with its interpreter, whatever the others do.
"""

import random

from bench.scenarios import CITIES, LUNCH_STYLES, _near, slug

CENTRE = (35.4425, 139.6440)  # Naka ward: between Kannai station and Yamashita park
SPREAD = 0.0115  # degrees either side of the centre: about 1.3 km north-south, 1 km east-west
AREAS = ["Kannai", "Chinatown", "Yamashita", "Motomachi", "Yamate", "Bashamichi", "Noge",
         "Isezakicho", "Nihon-odori", "Ishikawacho", "Honcho", "Yamate-hill"]  # fmt: skip
SITES = {  # theme -> kinds of small site, each a 10-20 minute stop
    "culture": ["Shrine", "Gallery", "Heritage House", "Temple"],
    "urban-development": ["Redevelopment Block", "Public Plaza", "Arcade"],
    "port": ["Pier", "Harbour Lookout", "Old Quay"],
    "green-infrastructure": ["Pocket Park", "Rain Garden", "Street Trees"],
    "mobility": ["Bike Share Dock", "Bus Shelter", "Pedestrian Deck"],
    "disaster-prevention": ["Evacuation Point", "Fire Cistern", "Tsunami Sign"],
    "water": ["Drinking Fountain", "Canal Gate", "Well"],
    "energy": ["Rooftop Solar", "EV Charger Hub"],
    "waste": ["Sorting Station", "Compost Point"],
    "governance": ["Neighbourhood Office", "Police Box"],
}
SHAPES = {  # window shapes and their weights: all day, morning, afternoon, two windows
    "all day": 4, "morning": 2, "afternoon": 2, "two windows": 3,
}  # fmt: skip
LANGUAGES = {"en": 6, "th": 1, "vi": 1, "id": 1, "ko": 1}
PER_BUS = (1, 3)  # delegations per bus
BUS = {"seats": 45, "cost": 300}  # a large coach: three delegations and their interpreters fit


def long_day(seed: int, *, buses: int, facilities: int) -> dict:
    """A long-route kengaku.scenario/1 document (see the module docstring)."""
    if not 1 <= buses <= 8 or not 1 <= facilities <= 200:
        raise ValueError(f"buses 1-8 and facilities 1-200, not {buses} and {facilities}")
    rng = random.Random(f"long-{seed}-{buses}-{facilities}")
    places = _places(rng)
    sites = _facilities(rng, facilities, max_visits=min(buses, 2))
    delegations = _delegations(rng, buses, places, sites)
    return {
        "format": "kengaku.scenario/1",
        "event": _event(seed, buses, facilities),
        "travel": {"speed_kmh": 18, "road_factor": 1.3},
        "places": places, "facilities": sites, "delegations": delegations,
        "buses": [{"key": f"coach-{n + 1}", "name": f"Large coach {n + 1}", **BUS,
                   "wheelchair_spaces": 0, "available": ["07:30", "19:00"]}
                  for n in range(buses)],
        "interpreters": _interpreters(delegations),
        "weights": {"interest": 100, "bus_cost": 1, "driving_minute": 1},
    }  # fmt: skip


def _event(seed: int, buses: int, facilities: int) -> dict:
    return {
        "key": f"bench-long-{seed}-{buses}x{facilities}",
        "name": f"Benchmark long-route day ({buses} bus(es), {facilities} stops, seed {seed})",
        "date": "2025-11-27", "timezone": "Asia/Tokyo",
        "organizer": {"name": "Kengaku benchmark", "email": "bench@kengaku.example"},
        "day_start": "08:00", "day_end": "18:30",
        "lunch": {"earliest": "11:30", "latest": "13:30", "minutes": 60},
        "staff_seats_per_bus": 1, "max_visits_per_bus": facilities, "min_visits_per_bus": 1,
        "boarding_minutes": 10,
    }  # fmt: skip


def _places(rng: random.Random) -> list[dict]:
    venue = {"key": "port-opening-hall", "name": "Yokohama Port Opening Memorial Hall",
             "lat": 35.4475, "lon": 139.6406, "kind": "venue"}  # fmt: skip
    found = [venue]
    for area in rng.sample(AREAS, 2):
        found.append({"key": "hotel-" + slug(area), "name": f"Hotel {area}",
                      **_near(rng, CENTRE, SPREAD), "kind": "hotel"})  # fmt: skip
    for n, area in enumerate(rng.sample(AREAS, 3)):
        found.append({"key": f"lunch-{n + 1}-{slug(area)}",
                      "name": f"{area} {rng.choice(LUNCH_STYLES)}", **_near(rng, CENTRE, SPREAD),
                      "kind": "lunch", "max_people": rng.randrange(60, 151, 10)})  # fmt: skip
    return found


def _window(rng: random.Random, shape: str) -> list[list[str]]:
    """A window list of the shape; starts and ends move by up to an hour from day to day."""
    step = rng.choice([0, 15, 30, 45, 60])
    if shape == "all day":
        return [[_hm(9 * 60 + step), _hm(17 * 60 + step - 30)]]
    if shape == "morning":
        return [[_hm(9 * 60 + step), _hm(12 * 60)]]
    if shape == "afternoon":
        return [[_hm(13 * 60), _hm(16 * 60 + step)]]
    return [[_hm(9 * 60 + step), _hm(11 * 60 + 30)], [_hm(14 * 60), _hm(16 * 60 + step)]]


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _facilities(rng: random.Random, count: int, *, max_visits: int) -> list[dict]:
    themes, shapes = list(SITES), list(SHAPES)
    found = []
    for i in range(count):
        theme = themes[i % len(themes)] if i < len(themes) else rng.choice(themes)
        kind, area = rng.choice(SITES[theme]), rng.choice(AREAS)
        extra = rng.sample([t for t in themes if t != theme], rng.choice([0, 0, 1]))
        found.append({
            "key": f"{slug(area)}-{slug(kind)}-{i + 1}", "name": f"{area} {kind} {i + 1}",
            **_near(rng, CENTRE, SPREAD), "visit_minutes": rng.choice([10, 15, 15, 20]),
            "windows": _window(rng, rng.choices(shapes, list(SHAPES.values()))[0]),
            "max_people": rng.randrange(40, 81, 5), "max_buses_at_once": 1,
            "max_visits": max_visits, "wheelchair": rng.random() < 0.5,
            "themes": [theme, *extra], "guide_languages": ["ja"],
        })  # fmt: skip
    return found


def _delegations(rng: random.Random, buses: int, places: list[dict], sites: list[dict]):
    hotels = [p["key"] for p in places if p["kind"] == "hotel"]
    keys, languages = [f["key"] for f in sites], list(LANGUAGES)
    count = sum(rng.randint(*PER_BUS) for _ in range(buses))
    found = []
    for n in range(count):
        hotel, language = rng.choice(hotels), rng.choices(languages, list(LANGUAGES.values()))[0]
        city, country = rng.choice(CITIES[language].split()).split(":")
        liked = rng.sample(keys, round(len(keys) * rng.uniform(0.5, 0.9)))
        found.append({
            "key": f"{slug(city)}-{n + 1}", "city": city.replace("-", " "), "country": country,
            "language": language,
            "size": rng.randint(2, 8), "wheelchair_users": 0, "priority": 1,
            "pickup": hotel, "dropoff": rng.choice(["port-opening-hall", hotel]),
            "interests": {key: rng.randint(0, 5) for key in liked},
            "theme_interests": {t: rng.randint(0, 3) for t in rng.sample(list(SITES), 3)},
            "must_visit": [], "avoid": [], "together_with": [],
        })  # fmt: skip
    return found


def _interpreters(delegations: list[dict]) -> list[dict]:
    """One interpreter per delegation that needs one, so any grouping can be staffed."""
    found, numbers = [], {}
    for d in delegations:
        language = d["language"]
        numbers[language] = numbers.get(language, 0) + 1
        found.append({"key": f"int-{language}-{numbers[language]}",
                      "name": f"Interpreter {language} {numbers[language]}",
                      "languages": ["ja", language], "available": ["08:00", "18:30"]})  # fmt: skip
    return found
