"""Read a whole tour day back out as a kengaku.scenario/1 document."""

from django.db.models import Prefetch

from delegations.models import Delegation
from delegations.rows import DELEGATION_PREFETCH, delegation_doc, interpreter_doc
from delegations.timeofday import EventClock
from tours.models import Event
from tours.scenario.document import canonical_dict
from tours.scenario.rows import (
    PIN_RELATED,
    bus_doc,
    event_doc,
    facility_doc,
    pin_doc,
    place_doc,
    travel_doc,
    weights_doc,
)
from tours.schemas import SCENARIO_FORMAT
from tours.selectors.events import event_get


def scenario_export(*, event_key: str) -> dict:
    event = event_get(key=event_key)
    return scenario_of(event)


def scenario_of(event: Event) -> dict:
    clock = EventClock.of(event)
    delegations = Delegation.objects.filter(event=event).select_related("pickup", "dropoff")
    delegations = delegations.prefetch_related(*DELEGATION_PREFETCH)
    facilities = event.facilities.prefetch_related(Prefetch("windows"))
    document = {
        "format": SCENARIO_FORMAT,
        "event": event_doc(event),
        "travel": travel_doc(event),
        "places": [place_doc(p) for p in event.places.all()],
        "facilities": [facility_doc(f, clock) for f in facilities],
        "buses": [bus_doc(b, clock) for b in event.buses.all()],
        "interpreters": [interpreter_doc(i, clock) for i in event.interpreters.all()],
        "delegations": [delegation_doc(d, clock) for d in delegations],
        "weights": weights_doc(event),
        "pins": [pin_doc(p, clock) for p in event.pins.select_related(*PIN_RELATED)],
    }
    return canonical_dict(document)
