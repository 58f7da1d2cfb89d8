"""Create, change and delete tour days (the event row itself; contents have their own services)."""

import datetime as dt

from django.db import IntegrityError, transaction

from delegations.errors import Conflict, Problem, ValidationFailed
from delegations.models import Delegation, Interpreter
from delegations.timeofday import EventClock
from tours.models import Bus, Event, FacilityWindow, Pin
from tours.scenario.rows import event_doc, event_values, travel_doc, weights_doc
from tours.schemas import EventSettingsIn
from tours.selectors.events import event_get

# Every stored time of day under an event, re-based when the event's date or zone changes.
TIMED_ROWS = (
    (Bus, "event", ("available_from", "available_until")),
    (Interpreter, "event", ("available_from", "available_until")),
    (Delegation, "event", ("earliest_pickup", "latest_dropoff")),
    (FacilityWindow, "facility__event", ("starts_at", "ends_at")),
    (Pin, "event", ("start",)),
)


def event_settings_doc(event: Event) -> dict:
    return {**event_doc(event), "travel": travel_doc(event), "weights": weights_doc(event)}


def event_create(*, data: EventSettingsIn) -> Event:
    if Event.objects.filter(key=data.key).exists():
        raise Conflict(
            f"event {data.key!r} already exists", [{"path": "key", "message": "duplicate key"}]
        )
    try:
        return Event.objects.create(key=data.key, **event_values(data, data.travel, data.weights))
    except IntegrityError as exc:
        raise Conflict(f"the event breaks a database rule: {exc}") from None


@transaction.atomic
def event_update(*, key: str, changes: dict) -> Event:
    """Validate the merged settings whole; moving the date or zone keeps every wall-clock time."""
    event = event_get(key=key)
    merged = {**event_settings_doc(event), **changes}
    data = _validated(merged)
    if data.key != key and Event.objects.filter(key=data.key).exists():
        raise Conflict(f"event {data.key!r} already exists")
    if data.travel.matrix is not None:
        _check_matrix_covers(event, set(data.travel.matrix.keys))
    old_clock = EventClock.of(event)
    event.key = data.key
    for field, value in event_values(data, data.travel, data.weights).items():
        setattr(event, field, value)
    event.save()
    new_clock = EventClock.of(event)
    if (old_clock.day, old_clock.tz_name) != (new_clock.day, new_clock.tz_name):
        _rebase(event, old_clock, new_clock)
    return event


def _validated(merged: dict) -> EventSettingsIn:
    from pydantic import ValidationError

    from delegations.errors import pydantic_problems

    try:
        return EventSettingsIn.model_validate(merged)
    except ValidationError as exc:
        raise ValidationFailed(pydantic_problems(exc.errors()), "the event") from None


def _check_matrix_covers(event: Event, keys: set[str]) -> None:
    stops = set(event.places.values_list("key", flat=True))
    stops |= set(event.facilities.values_list("key", flat=True))
    missing = sorted(stops - keys)
    if missing:
        raise ValidationFailed(
            [Problem("travel.matrix.keys", f"no travel times for {key!r}") for key in missing],
            "the event",
        )


def _rebase(event: Event, old: EventClock, new: EventClock) -> None:
    for model, link, fields in TIMED_ROWS:
        for row in model.objects.filter(**{link: event}):
            for field in fields:
                setattr(row, field, _moved(getattr(row, field), old, new))
            row.save(update_fields=list(fields))


def _moved(value: dt.datetime | None, old: EventClock, new: EventClock) -> dt.datetime | None:
    return None if value is None else new.at(old.hhmm(value))


@transaction.atomic
def event_delete(*, key: str) -> None:
    """Delegations go first: they protect their pickup and drop-off places from deletion."""
    event = event_get(key=key)
    Delegation.objects.filter(event=event).delete()
    event.delete()
