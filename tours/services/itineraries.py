"""Keep the identity of every itinerary item across publications.

Each publication syncs the event's ItineraryItem rows with the plan in force: a new key gets a
UUID once; an item whose time or place changed gets SEQUENCE + 1 (and only then); an item no
longer in the plan is cancelled (SEQUENCE + 1) and restored (SEQUENCE + 1) if it comes back.
Calendar clients then update, cancel or keep the event they already hold under that UID.
"""

import uuid

from django.db import transaction

from tours.itinerary import plan_items
from tours.models import Event, ItineraryItem
from tours.selectors.plans import publication_in_force


@transaction.atomic
def itinerary_sync(*, event: Event) -> dict[str, int]:
    """Bring the item identities in line with the publication in force; counts what changed."""
    counts = {"created": 0, "changed": 0, "cancelled": 0, "restored": 0, "kept": 0}
    publication = publication_in_force(event=event)
    items = plan_items(publication.plan.document) if publication is not None else []
    wanted = {item.key: item.fingerprint for item in items}
    stored = {row.key: row for row in ItineraryItem.objects.select_for_update().filter(event=event)}
    new = [
        ItineraryItem(event=event, key=key, uid=str(uuid.uuid4()), fingerprint=fingerprint)
        for key, fingerprint in wanted.items()
        if key not in stored
    ]
    ItineraryItem.objects.bulk_create(new)
    counts["created"] = len(new)
    touched = []
    for key, row in stored.items():
        outcome = _update(row, wanted.get(key))
        counts[outcome] += 1
        if outcome != "kept":
            touched.append(row)
    ItineraryItem.objects.bulk_update(touched, ["sequence", "fingerprint", "cancelled"])
    return counts


def _update(row: ItineraryItem, fingerprint: dict | None) -> str:
    """Apply one item's new state (None: gone from the plan) to its row; what happened."""
    if fingerprint is None:
        if row.cancelled:
            return "kept"
        row.cancelled, row.sequence = True, row.sequence + 1
        return "cancelled"
    if row.cancelled:
        row.cancelled, row.sequence, row.fingerprint = False, row.sequence + 1, fingerprint
        return "restored"
    if row.fingerprint != fingerprint:
        row.sequence, row.fingerprint = row.sequence + 1, fingerprint
        return "changed"
    return "kept"
