"""Everything under one event, keyed for reference checks, without importing `tours`.

The tours models are reached through this app's own foreign keys, so the arrow stays one-way.
"""

from functools import cached_property

from delegations.models import Delegation, Interpreter
from delegations.timeofday import EventClock


def event_model():
    return Delegation._meta.get_field("event").related_model


def place_model():
    return Delegation._meta.get_field("pickup").related_model


def facility_model():
    return Delegation._meta.get_field("must_visit").related_model


class EventScope:
    """One event and lazily loaded maps from key to row for what can be referenced."""

    def __init__(self, event):
        self.event = event
        self.clock = EventClock.of(event)
        self.renamed: dict[str, str] = {}  # new key -> old key, while an update renames

    @cached_property
    def places(self) -> dict:
        return {p.key: p for p in place_model().objects.filter(event=self.event)}

    @cached_property
    def facilities(self) -> dict:
        return {f.key: f for f in facility_model().objects.filter(event=self.event)}

    @cached_property
    def delegations(self) -> dict:
        return {d.key: d for d in Delegation.objects.filter(event=self.event)}

    @cached_property
    def interpreters(self) -> dict:
        return {i.key: i for i in Interpreter.objects.filter(event=self.event)}

    def forget(self) -> None:
        for name in ("places", "facilities", "delegations", "interpreters"):
            self.__dict__.pop(name, None)


def event_by_key(key: str):
    from delegations.errors import NotFound

    event = event_model().objects.filter(key=key).first()
    if event is None:
        raise NotFound(f"no event with key {key!r}", [{"path": "event", "message": "not found"}])
    return event
