"""Create or replace a whole tour day from a kengaku.scenario/1 document, all or nothing."""

from django.db import transaction

from delegations.errors import Conflict, ValidationFailed
from delegations.models import Delegation, Interpreter
from delegations.rows import delegation_links, delegation_values, interpreter_values
from delegations.timeofday import EventClock
from tours.geocoding import geocode_missing
from tours.models import Bus, Event, Facility, FacilityWindow, Pin, Place
from tours.scenario.document import scenario_parse
from tours.scenario.rows import (
    bus_values,
    event_values,
    facility_values,
    facility_windows,
    pin_values,
    place_values,
)
from tours.schemas import ScenarioIn


def scenario_import(*, document: dict | ScenarioIn, replace: bool = False) -> Event:
    """Validate everything, geocode what lacks coordinates, then write in one transaction.

    An existing event with the same key is replaced only when `replace` is set; its row (and
    so anything that refers to it) is kept and its contents are swapped.
    """
    scenario = document if isinstance(document, ScenarioIn) else scenario_parse(document)
    if not replace and Event.objects.filter(key=scenario.event.key).exists():
        raise _exists(scenario.event.key)
    located = [(f"places[{i}]", p) for i, p in enumerate(scenario.places)]
    located += [(f"facilities[{i}]", f) for i, f in enumerate(scenario.facilities)]
    problems = geocode_missing(located)
    if problems:
        raise ValidationFailed(problems, "the scenario")
    return _write(scenario, replace)


def _exists(key: str) -> Conflict:
    return Conflict(
        f"event {key!r} already exists: import with ?replace=true to replace it",
        [{"path": "event.key", "message": f"event {key!r} already exists"}],
    )


@transaction.atomic
def _write(scenario: ScenarioIn, replace: bool) -> Event:
    values = event_values(scenario.event, scenario.travel, scenario.weights)
    event = Event.objects.select_for_update().filter(key=scenario.event.key).first()
    if event is not None and not replace:
        raise _exists(scenario.event.key)
    if event is None:
        event = Event.objects.create(key=scenario.event.key, **values)
    else:
        for field, value in values.items():
            setattr(event, field, value)
        event.save()
        _clear(event)
    _write_contents(event, scenario)
    return event


def _clear(event: Event) -> None:
    Pin.objects.filter(event=event).delete()
    Delegation.objects.filter(event=event).delete()
    Interpreter.objects.filter(event=event).delete()
    for model in (Bus, Facility, Place):
        model.objects.filter(event=event).delete()


def _write_contents(event: Event, scenario: ScenarioIn) -> None:
    clock = EventClock.of(event)
    places = Place.objects.bulk_create(
        Place(event=event, position=n, **place_values(p)) for n, p in enumerate(scenario.places)
    )
    facilities = Facility.objects.bulk_create(
        Facility(event=event, position=n, **facility_values(f))
        for n, f in enumerate(scenario.facilities)
    )
    FacilityWindow.objects.bulk_create(
        w
        for f, row in zip(scenario.facilities, facilities, strict=True)
        for w in facility_windows(f, row, clock)
    )
    buses = Bus.objects.bulk_create(
        Bus(event=event, position=n, **bus_values(b, clock)) for n, b in enumerate(scenario.buses)
    )
    interpreters = Interpreter.objects.bulk_create(
        Interpreter(event=event, position=n, **interpreter_values(i, clock))
        for n, i in enumerate(scenario.interpreters)
    )
    delegations = _write_delegations(event, scenario, clock, places, facilities)
    rows = {
        "bus": buses,
        "delegation": delegations,
        "interpreter": interpreters,
        "facility": facilities,
    }
    by_key = {field: {row.key: row for row in items} for field, items in rows.items()}
    Pin.objects.bulk_create(
        Pin(event=event, **pin_values(p, clock, by_key)) for p in scenario.pins or ()
    )


def _write_delegations(event, scenario, clock, places, facilities) -> list[Delegation]:
    place_by_key = {p.key: p for p in places}
    facility_by_key = {f.key: f for f in facilities}
    rows = Delegation.objects.bulk_create(
        Delegation(event=event, position=n, **delegation_values(d, clock, place_by_key))
        for n, d in enumerate(scenario.delegations)
    )
    delegation_by_key = {d.key: d for d in rows}
    links: dict[str, list] = {}
    for d, row in zip(scenario.delegations, rows, strict=True):
        for name, objs in delegation_links(d, row, facility_by_key, delegation_by_key).items():
            links.setdefault(name, []).extend(objs)
    for objs in links.values():
        if objs:
            type(objs[0]).objects.bulk_create(objs)
    return rows
