"""Send each person their itinerary by email as iMIP (RFC 6047): one message per item, a
text/plain summary beside a `text/calendar; method=REQUEST` (or CANCEL) part, through Django's
email backend.

Sending runs in a background task queued once a publication commits (tours.tasks.send_invites),
never in a request. It is idempotent: a message is claimed by its SentInvite row before it goes
out (unique per publication, person and item), so running a publication's send again, or twice
at once, sends nothing twice; a message that fails to go out gives its claim back.

What a publication sends, per person and item, against the last message about that item to
that person (from any earlier publication of the event):
  - a REQUEST when the item is live and there was none, or it said something else;
  - a CANCEL when the item was cancelled and the last message invited them to it;
  - a CANCEL (a withdrawal) when the last message invited them and the item is no longer
    theirs: their delegation was deleted, they left it, their address changed.
So people whose day did not change get nothing, and nobody is told of a cancellation of
something they were never invited to.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from tours.itinerary.imip import CANCEL, REQUEST, Invite, Recipient
from tours.models import Publication, SentInvite
from tours.selectors.itineraries import publication_invites, publication_withdrawals
from tours.selectors.plans import publication_in_force

logger = logging.getLogger(__name__)

SEND_TASK = "tours.tasks.send_invites"  # by path, as in tours.services.solves


class InviteEmail(EmailMultiAlternatives):
    """An email whose text/calendar alternative names its iTIP method in the content type
    (RFC 6047 section 2.4), which Django's own alternatives cannot express."""

    def __init__(self, invite: Invite, **kwargs) -> None:
        super().__init__(
            subject=invite.subject,
            body=invite.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[invite.recipient.email],
            reply_to=[invite.organizer] if invite.organizer else None,
            **kwargs,
        )
        self.method = invite.method
        self.attach_alternative(invite.calendar.decode("utf-8"), "text/calendar")

    def message(self, *args, **kwargs):
        msg = super().message(*args, **kwargs)
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                part.replace_header(
                    "Content-Type", f"text/calendar; method={self.method}; charset=UTF-8"
                )
        return msg


def invites_enqueue(*, publication_id: int) -> None:
    """Queue the send of a committed publication; a queue that cannot be reached is logged
    (the publication stands; `invites_send` can be run again)."""
    try:
        import_string(SEND_TASK).enqueue(publication_id)
    except Exception:
        logger.exception("the invites of publication %s could not be queued", publication_id)


def invites_send(*, publication_id: int) -> dict[str, int]:
    """Send what the publication changed for each person; counts of messages sent and skipped.
    A publication no longer in force sends nothing (its successor's send will)."""
    publication = Publication.objects.select_related("event", "plan").get(pk=publication_id)
    in_force = publication_in_force(event=publication.event)
    if in_force is None or in_force.pk != publication.pk:
        return {"sent": 0, "skipped": 0}
    everyone = publication_invites(publication=publication)
    last = _last_messages(publication)
    current = {invite.thread for invite in everyone}
    gone = [
        (Recipient(role, person, email, sent.name or email), uid)
        for (role, person, email, uid), sent in last.items()
        if sent.method == REQUEST and (role, person, email, uid) not in current
    ]
    candidates = everyone + publication_withdrawals(publication=publication, gone=gone)
    wanted = [invite for invite in candidates if _due(invite, last.get(invite.thread))]
    sent = 0
    if wanted:
        with get_connection() as connection:
            sent = sum(_send(publication, invite, connection) for invite in wanted)
    return {"sent": sent, "skipped": len(candidates) - sent}


def _last_messages(publication: Publication) -> dict[tuple[str, str, str, str], SentInvite]:
    """(role, person, email, uid) -> the last message about that item to that person, up to
    and including this publication (so a re-run finds its own messages)."""
    rows = SentInvite.objects.filter(
        publication__event=publication.event,
        publication__sequence__lte=publication.sequence,
    ).order_by("publication__sequence", "pk")
    return {(r.role, r.person, r.email, r.uid): r for r in rows}


def _due(invite: Invite, last: SentInvite | None) -> bool:
    if invite.method == CANCEL:
        return last is not None and last.method == REQUEST
    return last is None or last.method != REQUEST or last.digest != invite.digest


def _send(publication: Publication, invite: Invite, connection) -> bool:
    """Claim the message, send it; False when another run claimed it first."""
    who = invite.recipient
    try:
        with transaction.atomic():
            claim = SentInvite.objects.create(
                publication=publication,
                role=who.role,
                person=who.person,
                email=who.email,
                name=who.name,
                uid=invite.uid,
                method=invite.method,
                digest=invite.digest,
            )
    except IntegrityError:
        return False
    try:
        InviteEmail(invite, connection=connection).send()
    except Exception:
        claim.delete()
        raise
    return True
