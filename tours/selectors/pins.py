"""Read an event's pins: as the API lists them, and by what they say (to find a pin's id)."""

from delegations.errors import NotFound
from delegations.timeofday import EventClock
from tours.models import Event, Pin
from tours.scenario.pins import pin_identity, pin_sort_key
from tours.scenario.rows import PIN_RELATED, pin_description, pin_doc


def pin_out(pin: Pin, clock: EventClock) -> dict:
    doc = pin_doc(pin, clock)
    return {"id": pin.pk, **doc, "description": pin_description(doc)}


def pin_list(*, event: Event) -> list[dict]:
    """In the scenario's canonical order (kind, bus, subject, time), as export lists them."""
    clock = EventClock.of(event)
    pins = [pin_out(p, clock) for p in event.pins.select_related(*PIN_RELATED)]
    return sorted(pins, key=pin_sort_key)


def pin_get(*, event: Event, pin_id: int) -> Pin:
    pin = event.pins.filter(pk=pin_id).first()
    if pin is None:
        raise NotFound(
            f"event {event.key!r} has no pin {pin_id}", [{"path": "pin", "message": "not found"}]
        )
    return pin


def pin_ids(*, event: Event) -> dict[tuple, int]:
    """Each pin's identity (tours.scenario.pins.pin_identity) -> its id."""
    return {pin_identity(p): p["id"] for p in pin_list(event=event)}
