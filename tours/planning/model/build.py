"""Build a Problem from a kengaku.scenario/1 document (a plain dict, as JSON gives it).

The Django side validates documents fully before they get here; the command line does not have it,
so this reads defensively and reports what it cannot read with the document path.
"""

from tours.planning.model.errors import ScenarioError
from tours.planning.model.problem import (
    PIN_KINDS,
    Bus,
    Delegation,
    Facility,
    Interpreter,
    Pin,
    Place,
    Problem,
    Weights,
    canonical_sha256,
    interest_of,
    minutes,
)
from tours.planning.model.travel import Travel

FORMAT = "kengaku.scenario/1"


def problem_from_scenario(document: dict) -> Problem:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ScenarioError([("format", f"expected a {FORMAT} document")])
    try:
        return _build(document)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise ScenarioError([("", f"unreadable scenario ({type(exc).__name__}: {exc})")]) from None


def _build(doc: dict) -> Problem:
    event = doc["event"]
    day = (minutes(event["day_start"]), minutes(event["day_end"]))
    lunch = event["lunch"]  # None: a day without lunch
    places = tuple(_place(p) for p in doc.get("places", []))
    facilities = tuple(_facility(f) for f in doc.get("facilities", []))
    delegations = tuple(
        _delegation(d, doc.get("facilities", [])) for d in doc.get("delegations", [])
    )
    _check_references(places, facilities, delegations)
    buses = tuple(_bus(b, day) for b in doc.get("buses", []))
    interpreters = tuple(_interpreter(i, day) for i in doc.get("interpreters", []))
    pins = tuple(_pin(p) for p in doc.get("pins") or ())
    _check_pins(pins, buses, interpreters, facilities, delegations)
    return Problem(
        event=event["key"],
        scenario_sha256=canonical_sha256(doc),
        day=day,
        lunch_earliest=None if lunch is None else minutes(lunch["earliest"]),
        lunch_latest=None if lunch is None else minutes(lunch["latest"]),
        lunch_minutes=None if lunch is None else int(lunch.get("minutes", 60)),
        staff_seats=int(event.get("staff_seats_per_bus", 1)),
        min_visits=int(event.get("min_visits_per_bus", 1)),
        max_visits=int(event.get("max_visits_per_bus", 3)),
        boarding_minutes=int(event.get("boarding_minutes", 10)),
        weights=Weights(**(doc.get("weights") or {})),
        places=places,
        facilities=facilities,
        buses=buses,
        interpreters=interpreters,
        delegations=delegations,
        travel=_travel(doc),
        pins=pins,
    )


def _span(value, default: tuple[int, int]) -> tuple[int, int]:
    return default if not value else (minutes(value[0]), minutes(value[1]))


def _place(p: dict) -> Place:
    return Place(p["key"], p.get("name", p["key"]), p["kind"], p.get("max_people"))


def _facility(f: dict) -> Facility:
    return Facility(
        key=f["key"],
        name=f.get("name", f["key"]),
        visit_minutes=int(f["visit_minutes"]),
        windows=tuple(_span(w, (0, 0)) for w in f["windows"]),
        max_people=int(f["max_people"]),
        max_buses_at_once=int(f.get("max_buses_at_once", 1)),
        max_visits=int(f["max_visits"]),
        wheelchair=bool(f.get("wheelchair", False)),
        themes=tuple(f.get("themes", ())),
    )


def _bus(b: dict, day: tuple[int, int]) -> Bus:
    return Bus(
        key=b["key"],
        seats=int(b["seats"]),
        wheelchair_spaces=int(b.get("wheelchair_spaces", 0)),
        cost=int(b["cost"]),
        available=_span(b.get("available"), day),
    )


def _interpreter(i: dict, day: tuple[int, int]) -> Interpreter:
    return Interpreter(i["key"], frozenset(i["languages"]), _span(i.get("available"), day))


def _delegation(d: dict, facilities: list[dict]) -> Delegation:
    optional = {k: d.get(k) for k in ("earliest_pickup", "latest_dropoff")}
    return Delegation(
        key=d["key"],
        language=d["language"],
        size=int(d["size"]),
        wheelchair_users=int(d.get("wheelchair_users", 0)),
        priority=int(d.get("priority", 1)),
        pickup=d["pickup"],
        dropoff=d["dropoff"],
        earliest_pickup=minutes(optional["earliest_pickup"])
        if optional["earliest_pickup"]
        else None,
        latest_dropoff=minutes(optional["latest_dropoff"]) if optional["latest_dropoff"] else None,
        interest={f["key"]: interest_of(d, f) for f in facilities},
        must_visit=frozenset(d.get("must_visit", ())),
        avoid=frozenset(d.get("avoid", ())),
        together_with=frozenset(d.get("together_with", ())),
    )


def _check_references(places, facilities, delegations) -> None:
    place_keys = {p.key for p in places}
    facility_keys = {f.key for f in facilities}
    delegation_keys = {d.key for d in delegations}
    problems = []
    for i, d in enumerate(delegations):
        for name in ("pickup", "dropoff"):
            if getattr(d, name) not in place_keys:
                problems.append((f"delegations[{i}].{name}", f"unknown place {getattr(d, name)!r}"))
        for key in sorted((d.must_visit | d.avoid) - facility_keys):
            problems.append((f"delegations[{i}]", f"unknown facility {key!r}"))
        for key in sorted(d.together_with - delegation_keys):
            problems.append((f"delegations[{i}].together_with", f"unknown delegation {key!r}"))
    if problems:
        raise ScenarioError(problems)


def _pin(p: dict) -> Pin:
    start = p.get("start")
    return Pin(
        kind=p["kind"],
        bus=p["bus"],
        delegation=p.get("delegation"),
        interpreter=p.get("interpreter"),
        facility=p.get("facility"),
        start=minutes(start) if start else None,
    )


PIN_NEEDS = {
    "delegation_bus": ("delegation",),
    "interpreter_bus": ("interpreter",),
    "visit_bus": ("facility",),
    "visit_time": ("facility", "start"),
}


def _check_pins(pins, buses, interpreters, facilities, delegations) -> None:
    known = {
        "bus": {b.key for b in buses},
        "delegation": {d.key for d in delegations},
        "interpreter": {i.key for i in interpreters},
        "facility": {f.key for f in facilities},
    }
    problems = []
    for i, pin in enumerate(pins):
        if pin.kind not in PIN_KINDS:
            problems.append((f"pins[{i}].kind", f"unknown pin kind {pin.kind!r}"))
            continue
        for name in PIN_NEEDS[pin.kind]:
            if getattr(pin, name) is None:
                problems.append((f"pins[{i}].{name}", f"required for a {pin.kind} pin"))
        for name, keys in known.items():
            key = getattr(pin, name)
            if key is not None and key not in keys:
                problems.append((f"pins[{i}].{name}", f"unknown {name} {key!r}"))
    if problems:
        raise ScenarioError(problems)


def _travel(doc: dict) -> Travel:
    travel = doc.get("travel") or {"speed_kmh": 18, "road_factor": 1.3}
    coordinates = {
        item["key"]: (float(item["lat"]), float(item["lon"]))
        for item in [*doc.get("places", []), *doc.get("facilities", [])]
    }
    return Travel(
        coordinates,
        speed_kmh=travel.get("speed_kmh"),
        road_factor=travel.get("road_factor"),
        matrix=travel.get("matrix"),
    )
