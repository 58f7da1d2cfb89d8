from django.db.models import QuerySet

from delegations.errors import NotFound
from tours.models import Event


def event_get(*, key: str) -> Event:
    event = Event.objects.filter(key=key).first()
    if event is None:
        raise NotFound(f"no event with key {key!r}", [{"path": "event", "message": "not found"}])
    return event


def event_list() -> QuerySet[Event]:
    return Event.objects.all()
