"""Read side of itineraries: the calendars of the publication in force."""

import datetime as dt

from delegations.errors import NotFound
from tours.itinerary import Identity, calendars
from tours.models import ItineraryItem
from tours.selectors.events import event_get
from tours.selectors.plans import publication_in_force
from tours.selectors.scenario import scenario_of


def itinerary_identity(*, event) -> dict[str, Identity]:
    rows = ItineraryItem.objects.filter(event=event).order_by("key")
    return {r.key: Identity(r.uid, r.sequence, r.cancelled, r.fingerprint) for r in rows}


def itinerary_calendars(
    *, event_key: str, stamp: dt.datetime | None = None
) -> dict[tuple[str, str], bytes]:
    """(role, person key) -> .ics bytes for everyone in the published plan; NotFound when
    nothing is published. `stamp` (DTSTAMP) defaults to the publication's time."""
    event = event_get(key=event_key)
    publication = publication_in_force(event=event)
    if publication is None:
        raise NotFound(
            f"event {event_key!r} has no published plan: publish one to make itineraries",
            [{"path": "event", "message": "nothing published yet"}],
        )
    plan = publication.plan
    scenario = plan.scenario or scenario_of(event)
    return calendars(
        plan.document,
        scenario,
        itinerary_identity(event=event),
        stamp=stamp or publication.published_at,
    )
