"""Seeded kengaku.scenario/1 documents around Yokohama for benchmarking the planner.

`generate(size, seed)` is deterministic for a (size, seed) pair. Every document is feasible in
principle: each delegation fits some bus, every language has an interpreter (all speak Japanese),
wheelchair users' must-visits are accessible and airport drop-offs leave time after lunch.
"""

import math
import random
import re

from tours.planning.model.travel import geodesic_minutes

# per size: delegations, facilities, buses, hotels, lunch places, airports
SIZES = {"ascc": (24, 16, 6, 4, 3, 1), "regional": (80, 30, 16, 8, 6, 2),
         "summit": (300, 60, 50, 15, 12, 2)}  # fmt: skip
SPEED_KMH, ROAD_FACTOR, BOARDING = 18, 1.3, 10
LUNCH_END = 12 * 60 + 30  # lunch.earliest 11:30 plus 60 minutes
THEMES = {  # theme -> kinds of facility with that main theme
    "waste": ["Waste-to-Energy Plant", "Recycling Centre"],
    "energy": ["Solar Park", "Hydrogen Station"],
    "water": ["Water Purification Plant", "Sewage Treatment Centre"],
    "port": ["Container Terminal", "Port Operations Centre"],
    "urban-development": ["Redevelopment Showcase", "Smart City Lab"],
    "governance": ["Ward Office", "Digital Services Centre"],
    "culture": ["History Museum", "Cultural Centre"],
    "green-infrastructure": ["Urban Forest Park", "Rain Garden Park"],
    "mobility": ["Bus Depot", "Traffic Control Centre"],
    "disaster-prevention": ["Disaster Prevention Centre", "Flood Control Basin"],
}
WARDS = {  # Yokohama wards, approximate centres; the first six are central
    "Naka": (35.444, 139.642), "Nishi": (35.453, 139.620), "Kanagawa": (35.477, 139.630),
    "Minami": (35.431, 139.609), "Hodogaya": (35.458, 139.596), "Tsurumi": (35.508, 139.682),
    "Isogo": (35.402, 139.618), "Kanazawa": (35.337, 139.624), "Kohoku": (35.519, 139.633),
    "Totsuka": (35.396, 139.533), "Konan": (35.391, 139.582), "Asahi": (35.475, 139.545),
    "Midori": (35.512, 139.537), "Seya": (35.466, 139.505), "Sakae": (35.364, 139.554),
    "Izumi": (35.418, 139.505), "Aoba": (35.553, 139.537), "Tsuzuki": (35.545, 139.570),
}  # fmt: skip
HOTEL_AREAS = {
    "Minatomirai": (35.457, 139.634), "Yokohama Station": (35.466, 139.622),
    "Kannai": (35.444, 139.637), "Yamashita": (35.445, 139.650),
    "Shin-Yokohama": (35.507, 139.617), "Sakuragicho": (35.451, 139.631),
}  # fmt: skip
HOTEL_BRANDS = ["Harbour View", "Bay Tower", "Grand Central", "Seaside", "Royal Park", "Garden",
                "Sky", "Marine", "Plaza", "Crown", "Pier", "Bluebird", "Heritage", "Sakura",
                "Lighthouse", "Gull", "Landmark"]  # fmt: skip
LUNCH_STYLES = ["Banquet Hall", "Food Hall", "Chinese Restaurant", "Bento Hall", "Cafeteria"]
AIRPORTS = [("haneda-t3", "Haneda Airport Terminal 3", 35.5444, 139.7686),
            ("haneda-t1", "Haneda Airport Terminal 1", 35.5494, 139.7798)]  # fmt: skip
LANGUAGES = {"en": 35, "id": 8, "vi": 8, "th": 7, "zh": 7, "ko": 6, "ms": 6, "km": 5, "lo": 4,
             "mn": 4, "uz": 4, "ja": 2}  # fmt: skip
CITIES = {
    "en": "Manila:PH Cebu:PH Davao:PH Singapore:SG Colombo:LK Dhaka:BD Kathmandu:NP Delhi:IN "
    "Pune:IN Karachi:PK Yangon:MM Brisbane:AU Auckland:NZ Suva:FJ",
    "id": "Jakarta:ID Surabaya:ID Bandung:ID Makassar:ID Medan:ID Semarang:ID",
    "vi": "Hanoi:VN Ho-Chi-Minh-City:VN Da-Nang:VN Hai-Phong:VN Can-Tho:VN Hue:VN",
    "th": "Bangkok:TH Chiang-Mai:TH Khon-Kaen:TH Phuket:TH Hat-Yai:TH",
    "zh": "Shanghai:CN Shenzhen:CN Dalian:CN Chengdu:CN Taipei:TW Kaohsiung:TW",
    "ko": "Seoul:KR Busan:KR Incheon:KR Daegu:KR Gwangju:KR",
    "ms": "Kuala-Lumpur:MY Penang:MY Johor-Bahru:MY Kuching:MY Kota-Kinabalu:MY",
    "km": "Phnom-Penh:KH Siem-Reap:KH Battambang:KH", "ja": "Kitakyushu:JP Osaka:JP Sapporo:JP",
    "lo": "Vientiane:LA Luang-Prabang:LA Pakse:LA", "mn": "Ulaanbaatar:MN Darkhan:MN Erdenet:MN",
    "uz": "Tashkent:UZ Samarkand:UZ Bukhara:UZ",
}  # fmt: skip
SIZE_WEIGHTS = [12, 20, 23, 17, 12, 8, 5, 3]  # sizes 1..8, mean about 3.6
COACHES = [(20, 160, "Micro"), (27, 220, "Medium"), (45, 300, "Large")]  # seats, cost, name
WINDOWS = [
    [["09:00", "12:00"], ["13:00", "16:30"]], [["09:30", "12:00"], ["13:00", "16:30"]],
    [["10:00", "12:00"], ["13:00", "17:00"]], [["09:00", "17:00"]], [["09:30", "16:00"]],
]  # fmt: skip
FAMILY = "Sato Suzuki Takahashi Tanaka Ito Watanabe Yamamoto Nakamura Kato Inoue Kimura"
GIVEN = "Aya Haruto Yui Ren Mei Sota Hina Kaito Rin Yuto Saki"


def generate(size: str, seed: int) -> dict:
    """A kengaku.scenario/1 document of the given size ("ascc", "regional", "summit")."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}: choose one of {', '.join(SIZES)}")
    n_del, n_fac, n_bus, n_hotel, n_lunch, n_air = SIZES[size]
    rng = random.Random(seed)
    places = _places(rng, n_hotel, n_lunch, n_air)
    facilities = _facilities(rng, n_fac)
    delegations = _delegations(rng, n_del, places, facilities)
    interpreters = _interpreters(rng, delegations, round(1.5 * n_bus))
    people = sum(d["size"] for d in delegations) + len(interpreters) + n_bus
    return {
        "format": "kengaku.scenario/1", "event": _event(size, seed),
        "travel": {"speed_kmh": SPEED_KMH, "road_factor": ROAD_FACTOR},
        "places": places, "facilities": facilities, "delegations": delegations,
        "buses": _buses(rng, n_bus, people, delegations), "interpreters": interpreters,
        "weights": {"interest": 100, "bus_cost": 1, "driving_minute": 1},
    }  # fmt: skip


def _event(size: str, seed: int) -> dict:
    return {
        "key": f"bench-{size}-{seed}", "name": f"Benchmark {size} day (seed {seed}), Yokohama",
        "date": "2025-11-27", "timezone": "Asia/Tokyo",
        "organizer": {"name": "Kengaku benchmark", "email": "bench@kengaku.example"},
        "day_start": "08:00", "day_end": "18:30",
        "lunch": {"earliest": "11:30", "latest": "13:30", "minutes": 60},
        "staff_seats_per_bus": 1, "max_visits_per_bus": 3, "min_visits_per_bus": 1,
        "boarding_minutes": BOARDING,
    }  # fmt: skip


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _near(rng: random.Random, centre: tuple[float, float], spread: float) -> dict:
    lat = min(35.56, max(35.33, centre[0] + rng.uniform(-spread, spread)))
    lon = min(139.78, max(139.49, centre[1] + rng.uniform(-spread, spread)))
    return {"lat": round(lat, 4), "lon": round(lon, 4)}


def _places(rng: random.Random, hotels: int, lunches: int, airports: int) -> list[dict]:
    venue = {"key": "pacifico-north", "name": "Pacifico Yokohama North", "lat": 35.4593,
             "lon": 139.6372, "kind": "venue"}  # fmt: skip
    places = [venue]
    for brand in rng.sample(HOTEL_BRANDS, hotels):
        area = rng.choice(sorted(HOTEL_AREAS))
        name = f"{brand} Hotel {area}"
        places.append({"key": "hotel-" + slug(f"{brand} {area}"), "name": name,
                       **_near(rng, HOTEL_AREAS[area], 0.004), "kind": "hotel"})  # fmt: skip
    for key, name, lat, lon in AIRPORTS[:airports]:
        places.append({"key": key, "name": name, "lat": lat, "lon": lon, "kind": "airport"})
    wards = list(WARDS)
    for i in range(lunches):
        ward = wards[i] if i < 6 else rng.choice(wards[6:])
        style = rng.choice(LUNCH_STYLES)
        places.append({"key": f"lunch-{i + 1}-{slug(ward)}", "name": f"{ward} {style}",
                       **_near(rng, WARDS[ward], 0.01), "kind": "lunch",
                       "max_people": rng.randrange(60, 151, 10)})  # fmt: skip
    return places


def _facilities(rng: random.Random, count: int) -> list[dict]:
    accessible = set(rng.sample(range(count), max(3, round(0.2 * count))))
    themes, wards, found, keys = list(THEMES), list(WARDS), [], set()
    for i in range(count):
        theme = themes[i % len(themes)] if i < len(themes) else rng.choice(themes)
        kind, ward = rng.choice(THEMES[theme]), rng.choice(wards)
        key = slug(f"{ward} {kind}")
        key = key if key not in keys else f"{key}-{i + 1}"
        keys.add(key)
        extra = rng.sample([t for t in themes if t != theme], rng.choice([0, 1, 1, 2]))
        found.append({
            "key": key, "name": f"{ward} {kind}", **_near(rng, WARDS[ward], 0.015),
            "visit_minutes": rng.choice([45, 60, 60, 75, 90]),
            "windows": rng.choice(WINDOWS), "max_people": rng.randrange(30, 81, 5),
            "max_buses_at_once": rng.choice([1, 1, 1, 2]), "max_visits": rng.randint(2, 4),
            "wheelchair": i in accessible, "themes": [theme, *extra],
            "guide_languages": ["ja", "en"] if rng.random() < 0.3 else ["ja"],
        })  # fmt: skip
    return found


def _delegations(rng: random.Random, count: int, places: list[dict], facilities: list[dict]):
    hotels = [p["key"] for p in places if p["kind"] == "hotel"]
    airports = [p for p in places if p["kind"] == "airport"]
    languages, weights = list(LANGUAGES), list(LANGUAGES.values())
    keys, themes = [f["key"] for f in facilities], list(THEMES)
    used: dict[str, int] = {}
    found = []
    for _ in range(count):
        language = rng.choices(languages, weights)[0]
        city, country = rng.choice(CITIES[language].split()).split(":")
        used[city] = used.get(city, 0) + 1
        key = slug(city) + (f"-{used[city]}" if used[city] > 1 else "")
        hotel = rng.choice(hotels)
        found.append({
            "key": key, "city": city.replace("-", " "), "country": country,
            "organisation": f"City of {city.replace('-', ' ')}", "language": language,
            "size": rng.choices(range(1, 9), SIZE_WEIGHTS)[0], "wheelchair_users": 0,
            "priority": 2 if rng.random() < 0.1 else 1, "pickup": hotel,
            "dropoff": "pacifico-north" if rng.random() < 0.75 else hotel,
            "interests": _scores(rng, keys, 5), "theme_interests": _scores(rng, themes, 4),
            "must_visit": [], "avoid": [], "together_with": [],
        })  # fmt: skip
    _timing(rng, found, places, airports)
    _specials(rng, found, facilities)
    return found


def _scores(rng: random.Random, keys: list[str], most: int) -> dict[str, int]:
    """Interests (0-5) in 2 to `most` of the keys."""
    return {key: rng.randint(0, 5) for key in rng.sample(keys, rng.randint(2, most))}


def _timing(rng: random.Random, found: list[dict], places: list[dict], airports: list[dict]):
    """About a quarter start late; 5-10% fly out, late enough to reach the airport after lunch."""
    for d in found:
        if rng.random() < 0.25:
            d["earliest_pickup"] = rng.choice(["08:30", "08:45", "09:00", "09:15", "09:30"])
    lunches = [p for p in places if p["kind"] == "lunch"]
    flying = rng.sample(found, max(1, round(len(found) * rng.uniform(0.05, 0.10))))
    for d in flying:
        airport = rng.choice(airports)
        drive = max(_minutes(p, airport) for p in lunches)
        floor = LUNCH_END + drive + BOARDING + 90  # room for a visit after lunch, too
        latest = max(floor, rng.choice(range(16 * 60 + 30, 17 * 60 + 31, 15)))
        d["dropoff"] = airport["key"]
        d["latest_dropoff"] = f"{latest // 60:02d}:{latest % 60:02d}"


def _minutes(a: dict, b: dict) -> int:
    return geodesic_minutes((a["lat"], a["lon"]), (b["lat"], b["lon"]), SPEED_KMH, ROAD_FACTOR)


def _specials(rng: random.Random, found: list[dict], facilities: list[dict]) -> None:
    """Wheelchair users, must-visits, avoids and together-with pairs, kept consistent."""
    n = len(found)
    open_keys = [f["key"] for f in facilities if f["wheelchair"]]
    order = rng.sample(range(n), n)
    wheel = order[: max(1, round(n * 0.025))]  # the last one also gets a must-visit
    must = order[len(wheel) - 1 : len(wheel) - 1 + max(1, round(n * 0.05))]
    avoid = order[len(wheel) + len(must) : len(wheel) + len(must) + max(1, round(n * 0.05))]
    for i in wheel:
        found[i]["wheelchair_users"] = 1
    # delegations of one language may have to share a bus (a sole interpreter): keep them apart
    # from must-visits that a wheelchair user cannot make, and avoids that others must make
    wheel_languages = {found[i]["language"] for i in wheel}
    targets = rng.sample([f["key"] for f in facilities], len(facilities))
    for n_must, i in enumerate(must):
        accessible = found[i]["language"] in wheel_languages
        key = rng.choice(open_keys) if accessible else targets[n_must]
        found[i]["must_visit"] = [key]
        found[i]["interests"][key] = 5
    musts = {found[i]["must_visit"][0] for i in must}
    for i in avoid:
        found[i]["avoid"] = [rng.choice([k for k in targets if k not in musts])]
    plain = order[len(wheel) + len(must) + len(avoid) :]
    _pairs(found, plain, max(1, round(n * 0.03 / 2)))


def _pairs(found: list[dict], plain: list[int], count: int) -> None:
    """Plain delegations (shuffled) of one language ride together: same hotel and drop-off."""
    made = 0
    for i in plain:
        for j in plain:
            a, b = found[i], found[j]
            if i >= j or a["together_with"] or b["together_with"] or made == count:
                continue
            if a["language"] == b["language"] and a["size"] + b["size"] <= 10:
                a["together_with"], b["together_with"] = [b["key"]], [a["key"]]
                b["pickup"], b["dropoff"] = a["pickup"], a["dropoff"]
                b.pop("latest_dropoff", None)
                if "latest_dropoff" in a:
                    b["latest_dropoff"] = a["latest_dropoff"]
                made += 1


def _interpreters(rng: random.Random, delegations: list[dict], count: int) -> list[dict]:
    """Primaries in proportion to each language's people, at least one each; some speak more."""
    people: dict[str, int] = {}
    for d in delegations:
        if d["language"] != "ja":
            people[d["language"]] = people.get(d["language"], 0) + d["size"]
    spoken, total = sorted(people), sum(people.values())
    count = max(count, len(spoken) + 2)
    share = {k: max(1, math.floor(count * people[k] / total)) for k in spoken}
    while sum(share.values()) < count:
        share[max(spoken, key=lambda k: people[k] / share[k])] += 1
    found = []
    for language in spoken:
        for n in range(share[language]):
            extra = [k for k in spoken if k != language]
            more = rng.sample(extra, min(len(extra), rng.choice([0, 0, 1, 1, 2])))
            name = f"{rng.choice(GIVEN.split())} {rng.choice(FAMILY.split())}"
            late = n > 0 and rng.random() < 0.2
            found.append({"key": f"int-{language}-{n + 1}", "name": name,
                          "languages": ["ja", language, *more],
                          "available": ["08:00", "18:00" if late else "18:30"]})  # fmt: skip
    return found


def _buses(rng: random.Random, count: int, people: int, delegations: list[dict]) -> list[dict]:
    """Coach sizes upgraded at random until the seats are about 1.3 x everyone aboard."""
    sizes = [0] * count
    while sum(COACHES[s][0] for s in sizes) < 1.3 * people and min(sizes) < 2:
        sizes[rng.choice([i for i, s in enumerate(sizes) if s < 2])] += 1
    sizes.sort(reverse=True)
    wheelchairs = sum(d["wheelchair_users"] for d in delegations)
    spaces = set(rng.sample(range(count), min(count, max(1, round(count * 0.25), wheelchairs))))
    numbers: dict[int, int] = {}
    found = []
    first = min(spaces)  # has two spaces, for a group with two wheelchair users
    for i, s in enumerate(sizes):
        seats, cost, label = COACHES[s]
        numbers[s] = numbers.get(s, 0) + 1
        found.append({
            "key": f"coach-{label.lower()}-{numbers[s]}", "name": f"{label} coach {numbers[s]} "
            f"({seats} seats)", "seats": seats, "wheelchair_spaces": 2 if i == first else
            rng.choice([1, 2]) if i in spaces else 0, "cost": cost,
            "available": ["07:30", "19:00"] if rng.random() < 0.8 else ["08:00", "18:30"],
        })  # fmt: skip
    return found
