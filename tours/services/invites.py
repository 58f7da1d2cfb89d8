"""Send each person their itinerary by email as iMIP (RFC 6047): a text/plain summary beside a
`text/calendar; method=REQUEST` (or CANCEL) part, through Django's email backend.

Sending runs in a background task queued once a publication commits (tours.tasks.send_invites),
never in a request. It is idempotent: a message is claimed by its SentInvite row before it goes
out (unique per publication, role, person, email and method), so running a publication's send
again, or twice at once, sends nothing twice; a message that fails to go out gives its claim
back. A re-publication sends only what changed: a person whose calendar digests as it did in the
last message of that kind they were sent for the event gets nothing.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from tours.itinerary.imip import Invite
from tours.models import Publication, SentInvite
from tours.selectors.itineraries import publication_invites
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
    wanted = [invite for invite in everyone if _changed(publication, invite)]
    sent = 0
    if wanted:
        with get_connection() as connection:
            sent = sum(_send(publication, invite, connection) for invite in wanted)
    return {"sent": sent, "skipped": len(everyone) - sent}


def _changed(publication: Publication, invite: Invite) -> bool:
    """Whether the person's last message of this kind for the event said something else (or
    there was none); this publication's own message counts, so a re-run sends nothing."""
    who = invite.recipient
    last = (
        SentInvite.objects.filter(
            publication__event=publication.event,
            publication__sequence__lte=publication.sequence,
            role=who.role,
            person=who.person,
            email=who.email,
            method=invite.method,
        )
        .order_by("-publication__sequence")
        .values_list("digest", flat=True)
        .first()
    )
    return last != invite.digest


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
