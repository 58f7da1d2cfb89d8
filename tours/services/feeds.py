"""Personal feed links: issue, rotate and revoke them; an interpreter's "I confirm".

A link's token is random (secrets.token_urlsafe), returned once and stored only as its
SHA-256, like API tokens: a leaked database does not open anyone's calendar.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from delegations.errors import Conflict, NotFound
from delegations.models import Interpreter
from tours.models import FeedToken, InterpreterConfirmation
from tours.selectors.events import event_get
from tours.selectors.feeds import feed_digest, feed_for_token
from tours.selectors.itineraries import itinerary_calendars
from tours.selectors.plans import publication_in_force


def _issue(*, event, role: str, person: str) -> dict:
    raw = secrets.token_urlsafe(32)
    row = FeedToken.objects.create(
        event=event, role=role, person=person, token_hash=feed_digest(raw), prefix=raw[:8]
    )
    return {"id": row.pk, "role": role, "person": person, "prefix": row.prefix, "token": raw}


@transaction.atomic
def feed_links_issue(*, event_key: str) -> list[dict]:
    """A link for everyone with a calendar in the publication in force who has no active one;
    the raw tokens are in the result and nowhere else."""
    event = event_get(key=event_key)
    people = sorted(itinerary_calendars(event_key=event_key))
    active = set(
        FeedToken.objects.select_for_update()
        .filter(event=event, revoked_at__isnull=True)
        .values_list("role", "person")
    )
    return [
        _issue(event=event, role=role, person=person)
        for role, person in people
        if (role, person) not in active
    ]


def _token(token_id: int) -> FeedToken:
    token = FeedToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None:
        raise NotFound(f"no feed link {token_id}", [{"path": "id", "message": "not found"}])
    return token


@transaction.atomic
def feed_link_revoke(*, token_id: int) -> None:
    """Revoked links answer 404 from then on; revoking twice is harmless."""
    token = _token(token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


@transaction.atomic
def feed_link_rotate(*, token_id: int) -> dict:
    """Revoke the link and issue a new one for the same person (the raw token, once)."""
    token = _token(token_id)
    if token.revoked_at is not None:
        raise Conflict(
            f"feed link {token_id} is already revoked: issue the event's links to make a new one",
            [{"path": "id", "message": "revoked"}],
        )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return _issue(event=token.event, role=token.role, person=token.person)


@transaction.atomic
def interpreter_confirm(*, raw_token: str) -> InterpreterConfirmation:
    """The token's interpreter confirms the publication in force; confirming again keeps the
    first time. Any other token, or an interpreter no longer in the event, is NotFound."""
    token = feed_for_token(raw_token)
    publication = publication_in_force(event=token.event)
    interpreter = Interpreter.objects.filter(event=token.event, key=token.person).first()
    if token.role != "interpreter" or publication is None or interpreter is None:
        raise NotFound("no such feed")
    confirmation, _ = InterpreterConfirmation.objects.get_or_create(
        publication=publication, interpreter=interpreter
    )
    return confirmation
