"""Read side of itineraries: the calendars (and iMIP invites) of the publication in force."""

import datetime as dt

from tours.itinerary import Identity, calendars
from tours.itinerary.imip import Invite, Recipient, invites, withdrawals
from tours.models import ItineraryItem, Publication
from tours.selectors.events import event_get
from tours.selectors.plans import publication_required
from tours.selectors.scenario import scenario_of


def itinerary_identity(*, event) -> dict[str, Identity]:
    rows = ItineraryItem.objects.filter(event=event).order_by("key")
    return {r.key: Identity(r.uid, r.sequence, r.cancelled, r.fingerprint) for r in rows}


def itinerary_calendars(
    *, event_key: str, stamp: dt.datetime | None = None, only: tuple[str, str] | None = None
) -> dict[tuple[str, str], bytes]:
    """(role, person key) -> .ics bytes for everyone in the published plan (or for `only`);
    NotFound when nothing is published. `stamp` (DTSTAMP) defaults to the publication's time."""
    event = event_get(key=event_key)
    publication = _published(event)
    plan = publication.plan
    scenario = plan.scenario or scenario_of(event)
    return calendars(
        plan.document,
        scenario,
        itinerary_identity(event=event),
        stamp=stamp or publication.published_at,
        only=only,
    )


def itinerary_invites(*, event_key: str) -> list[Invite]:
    """The iMIP messages of the publication in force; NotFound when nothing is published."""
    return publication_invites(publication=_published(event_get(key=event_key)))


def publication_invites(*, publication: Publication) -> list[Invite]:
    """Everyone's REQUEST and CANCEL messages for `publication`, one per person and item, with
    the items' identities as they stand (itinerary_sync keeps them in step with the publication
    in force)."""
    plan = publication.plan
    scenario = plan.scenario or scenario_of(publication.event)
    return invites(
        plan.document,
        scenario,
        itinerary_identity(event=publication.event),
        stamp=publication.published_at,
    )


def publication_withdrawals(
    *, publication: Publication, gone: list[tuple[Recipient, str]]
) -> list[Invite]:
    """The CANCEL of item `uid` for each (recipient, uid) in `gone`: people invited to an item
    that is no longer theirs (UIDs of no item, as the whole-day messages recorded before
    migration 0006, are passed over)."""
    plan = publication.plan
    scenario = plan.scenario or scenario_of(publication.event)
    identity = itinerary_identity(event=publication.event)
    return withdrawals(gone, plan.document, scenario, identity, stamp=publication.published_at)


def _published(event) -> Publication:
    return publication_required(event=event, purpose=": publish one to make itineraries")
