"""Scenario objects <-> database rows for the event, places, facilities and buses."""

import datetime as dt

from delegations.timeofday import EventClock
from tours.models import Bus, Event, Facility, FacilityWindow, Pin, Place
from tours.schemas import BusIn, EventFields, FacilityIn, PinIn, PlaceIn, TravelIn, WeightsIn


def event_values(e: EventFields, travel: TravelIn, weights: WeightsIn) -> dict:
    clock = EventClock(dt.date.fromisoformat(e.date), e.timezone)
    matrix = travel.matrix.model_dump() if travel.matrix else None
    return {
        "name": e.name,
        "date": clock.day,
        "timezone": e.timezone,
        "organizer_name": e.organizer.name,
        "organizer_email": e.organizer.email,
        "day_start": clock.at(e.day_start),
        "day_end": clock.at(e.day_end),
        "lunch_earliest": None if e.lunch is None else clock.at(e.lunch.earliest),
        "lunch_latest": None if e.lunch is None else clock.at(e.lunch.latest),
        "lunch_minutes": None if e.lunch is None else e.lunch.minutes,
        "staff_seats_per_bus": e.staff_seats_per_bus,
        "max_visits_per_bus": e.max_visits_per_bus,
        "min_visits_per_bus": e.min_visits_per_bus,
        "boarding_minutes": e.boarding_minutes,
        "travel_speed_kmh": travel.speed_kmh,
        "travel_road_factor": travel.road_factor,
        "travel_matrix": matrix,
        "weight_interest": weights.interest,
        "weight_bus_cost": weights.bus_cost,
        "weight_driving_minute": weights.driving_minute,
    }


def event_doc(e: Event) -> dict:
    clock = EventClock.of(e)
    return {
        "key": e.key,
        "name": e.name,
        "date": clock.day.isoformat(),
        "timezone": e.timezone,
        "organizer": {"name": e.organizer_name, "email": e.organizer_email},
        "day_start": clock.hhmm(e.day_start),
        "day_end": clock.hhmm(e.day_end),
        "lunch": _lunch_doc(e, clock),
        "staff_seats_per_bus": e.staff_seats_per_bus,
        "max_visits_per_bus": e.max_visits_per_bus,
        "min_visits_per_bus": e.min_visits_per_bus,
        "boarding_minutes": e.boarding_minutes,
    }


def _lunch_doc(e: Event, clock: EventClock) -> dict | None:
    """None on a day without lunch (all three lunch fields are null)."""
    if e.lunch_minutes is None:
        return None
    return {
        "earliest": clock.hhmm(e.lunch_earliest),
        "latest": clock.hhmm(e.lunch_latest),
        "minutes": e.lunch_minutes,
    }


def travel_doc(e: Event) -> dict:
    if e.travel_matrix is not None:
        return {"matrix": e.travel_matrix}
    return {"speed_kmh": e.travel_speed_kmh, "road_factor": e.travel_road_factor}


def weights_doc(e: Event) -> dict:
    return {
        "interest": e.weight_interest,
        "bus_cost": e.weight_bus_cost,
        "driving_minute": e.weight_driving_minute,
    }


def _located_values(item: PlaceIn | FacilityIn) -> dict:
    return {
        "key": item.key,
        "name": item.name,
        "name_ja": item.name_ja or "",
        "lat": item.lat,
        "lon": item.lon,
        "coordinates_source": item.coordinates_source,
        "address": item.address or "",
        "notes": item.notes or "",
    }


def _located_doc(row: Place | Facility) -> dict:
    return {
        "key": row.key,
        "name": row.name,
        "name_ja": row.name_ja or None,
        "lat": row.lat,
        "lon": row.lon,
        "address": row.address or None,
        "coordinates_source": row.coordinates_source,
        "notes": row.notes or None,
    }


def place_values(p: PlaceIn) -> dict:
    return {**_located_values(p), "kind": p.kind, "max_people": p.max_people}


def place_doc(p: Place) -> dict:
    return {**_located_doc(p), "kind": p.kind, "max_people": p.max_people}


def facility_values(f: FacilityIn) -> dict:
    return {
        **_located_values(f),
        "visit_minutes": f.visit_minutes,
        "max_people": f.max_people,
        "max_buses_at_once": f.max_buses_at_once,
        "max_visits": f.max_visits,
        "wheelchair": f.wheelchair,
        "themes": list(f.themes),
        "guide_languages": list(f.guide_languages),
        "host_name": f.host.name if f.host else "",
        "host_email": (f.host.email or "") if f.host else "",
    }


def facility_windows(f: FacilityIn, row: Facility, clock: EventClock) -> list[FacilityWindow]:
    return [
        FacilityWindow(facility=row, starts_at=clock.at(a), ends_at=clock.at(b), position=n)
        for n, (a, b) in enumerate(f.windows)
    ]


def facility_doc(f: Facility, clock: EventClock) -> dict:
    """Expects `windows` prefetched."""
    host = {"name": f.host_name, "email": f.host_email or None} if f.host_name else None
    return {
        **_located_doc(f),
        "visit_minutes": f.visit_minutes,
        "windows": [clock.span(w.starts_at, w.ends_at) for w in f.windows.all()],
        "max_people": f.max_people,
        "max_buses_at_once": f.max_buses_at_once,
        "max_visits": f.max_visits,
        "wheelchair": f.wheelchair,
        "themes": list(f.themes),
        "guide_languages": list(f.guide_languages),
        "host": host,
    }


def bus_values(b: BusIn, clock: EventClock) -> dict:
    start, end = b.available or (None, None)
    driver = b.driver
    return {
        "key": b.key,
        "name": b.name or "",
        "seats": b.seats,
        "wheelchair_spaces": b.wheelchair_spaces,
        "cost": b.cost,
        "available_from": clock.at(start),
        "available_until": clock.at(end),
        "operator": b.operator or "",
        "driver_name": driver.name if driver else "",
        "driver_phone": (driver.phone or "") if driver else "",
        "driver_email": (driver.email or "") if driver else "",
    }


def bus_doc(b: Bus, clock: EventClock) -> dict:
    driver = None
    if b.driver_name:
        driver = {"name": b.driver_name, "phone": b.driver_phone or None}
        driver["email"] = b.driver_email or None
    return {
        "key": b.key,
        "name": b.name or None,
        "seats": b.seats,
        "wheelchair_spaces": b.wheelchair_spaces,
        "cost": b.cost,
        "available": clock.span(b.available_from, b.available_until),
        "operator": b.operator or None,
        "driver": driver,
    }


def pin_values(p: PinIn, clock: EventClock, rows: dict[str, dict]) -> dict:
    """`rows` maps "bus", "delegation", "interpreter" and "facility" to that kind's rows by key."""
    values = {"kind": p.kind, "start": clock.at(p.start)}
    for field in ("bus", "delegation", "interpreter", "facility"):
        key = getattr(p, field)
        values[field] = None if key is None else rows[field][key]
    return values


def pin_doc(p: Pin, clock: EventClock) -> dict:
    """Expects bus, delegation, interpreter and facility selected (`PIN_RELATED`)."""
    doc = {"kind": p.kind, "bus": p.bus.key}
    for field in ("delegation", "interpreter", "facility"):
        row = getattr(p, field)
        if row is not None:
            doc[field] = row.key
    if p.start is not None:
        doc["start"] = clock.hhmm(p.start)
    return doc


PIN_RELATED = ("bus", "delegation", "interpreter", "facility")


def pin_description(doc: dict) -> str:
    """A pin in planners' words, as the API lists it and its conflicts name it."""
    bus, kind = doc.get("bus"), doc.get("kind")
    if kind == "delegation_bus":
        return f"delegation {doc.get('delegation')} rides bus {bus}"
    if kind == "interpreter_bus":
        return f"interpreter {doc.get('interpreter')} rides bus {bus}"
    if kind == "visit_bus":
        return f"bus {bus} visits {doc.get('facility')}"
    return f"bus {bus} starts its visit to {doc.get('facility')} at {doc.get('start')}"
