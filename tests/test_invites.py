"""Itinerary invites by email (iMIP, RFC 6047): a real SMTP server on loopback receives them and
the messages are read back with the email package and vobject."""

import email
import socket
from email import policy

import pytest
import vobject
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from delegations.models import Delegation
from tours.models import Bus, ItineraryItem, SentInvite
from tours.selectors.itineraries import itinerary_calendars, publication_invites
from tours.services.invites import invites_send
from tours.services.plans import plan_create
from tours.services.publication import plan_publish
from tours.tasks import send_invites

ORGANIZER = "mailto:ascc-tour@city.yokohama.example"


class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def messages(self, start: int = 0) -> list[tuple[str, email.message.EmailMessage]]:
        found = []
        for rcpt, data in self.received[start:]:
            assert len(rcpt) == 1
            found.append((rcpt[0], email.message_from_bytes(data, policy=policy.default)))
        return found


@pytest.fixture
def smtp(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "Kengaku <tours@kengaku.example>"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def event(demo_event):
    """The demo, whose members, interpreters and hosts have addresses; its drivers get one."""
    for bus in Bus.objects.filter(event=demo_event):
        bus.driver_name = bus.driver_name or "Driver"
        bus.driver_email = f"driver-{bus.key}@bus.example"
        bus.save(update_fields=["driver_name", "driver_email"])
    return demo_event


def publish(event, **kwargs):
    plan = plan_create(event_key=event.key, time_limit_s=2, workers=1, **kwargs)
    return plan_publish(plan_id=plan.pk)


def method_of(msg) -> str | None:
    parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    return parts[0].get_param("method") if parts else None


def calendar_part(msg, method: str):
    """The message's text/calendar part read by vobject, after checking the MIME shape."""
    parts = {part.get_content_type(): part for part in msg.walk()}
    assert msg.get_content_type() == "multipart/alternative"
    assert parts["text/plain"].get_content().strip()
    part = parts["text/calendar"]
    assert part.get_param("method") == method
    assert part.get_content_charset() == "utf-8"
    cal = vobject.readOne(part.get_content())
    assert cal.method.value == method
    return cal


@pytest.mark.django_db
def test_each_person_with_an_address_gets_one_request_once(event, smtp):
    publication = publish(event)
    counts = invites_send(publication_id=publication.pk)
    received = smtp.messages()
    assert counts["sent"] == len(received) > 0
    roles = set()
    for rcpt, msg in received:
        assert msg["To"] == rcpt and "tours@kengaku.example" in msg["From"]
        cal = calendar_part(msg, "REQUEST")
        assert cal.vevent_list
        for vevent in cal.vevent_list:
            assert vevent.organizer.value == ORGANIZER
            assert vevent.attendee.value == f"mailto:{rcpt}"
            assert vevent.attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]
            assert vevent.status.value == "CONFIRMED"
        roles.add(rcpt.split("@")[1])
    assert {"bus.example", "interpreters.example", "city.yokohama.example"} <= roles
    sent = SentInvite.objects.filter(publication=publication)
    assert sent.count() == len(received)
    assert {s.role for s in sent} == {"member", "interpreter", "bus", "facility"}

    assert invites_send(publication_id=publication.pk) == {"sent": 0, "skipped": len(received)}
    assert len(smtp.received) == len(received)  # nothing is sent twice


@pytest.mark.django_db
def test_a_republication_mails_only_changed_people_and_cancels_removed_items(event, smtp):
    first = publish(event)
    invites_send(publication_id=first.pk)
    before = itinerary_calendars(event_key=event.key, stamp=first.published_at)
    gone = first.plan.document["buses"][0]["delegations"][0]
    Delegation.objects.filter(event=event, key=gone).delete()
    second = publish(event, replan={})
    after = itinerary_calendars(event_key=event.key, stamp=first.published_at)
    start = len(smtp.received)
    invites_send(publication_id=second.pk)

    mailed = {(s.role, s.person) for s in SentInvite.objects.filter(publication=second)}
    addressed = {
        (i.recipient.role, i.recipient.person) for i in publication_invites(publication=second)
    }
    changed = {who for who, data in after.items() if before.get(who) != data}
    assert mailed == changed & addressed
    assert 0 < len(mailed) < len(addressed)  # people whose day did not change get nothing
    assert len(smtp.received) - start == SentInvite.objects.filter(publication=second).count()

    cancelled: dict[tuple[str, str], set[str]] = {}
    for row in ItineraryItem.objects.filter(event=event, cancelled=True):
        role, owner = row.key.split("/")[:2]
        cancelled.setdefault((role, owner), set()).add(row.uid)
    cancels = SentInvite.objects.filter(publication=second, method="CANCEL")
    assert cancels.exists()  # e.g. the driver and interpreters of the dropped pickup
    received = smtp.messages(start)
    for invite in cancels:
        owner = (invite.role, invite.person)
        if invite.role == "member":  # a member's items are their delegation's
            owner = ("delegation", invite.person.rpartition("-")[0])
        assert owner in cancelled
        (msg,) = [m for rcpt, m in received if rcpt == invite.email and method_of(m) == "CANCEL"]
        cal = calendar_part(msg, "CANCEL")
        assert {v.uid.value for v in cal.vevent_list} == cancelled[owner]
        assert {v.status.value for v in cal.vevent_list} == {"CANCELLED"}


@pytest.mark.django_db
def test_publishing_queues_the_send_and_the_task_sends(
    event, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(event)
    queued = DBTaskResult.objects.get(task_path="tours.tasks.send_invites")
    assert queued.args_kwargs["args"] == [publication.pk]
    assert send_invites.call(publication.pk) == len(smtp.received) > 0


@pytest.mark.django_db
def test_the_command_writes_the_emails_as_eml_files(event, tmp_path, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    publish(event)
    call_command("itineraries", event.key, "--out", str(tmp_path))
    files = sorted((tmp_path / "emails").glob("*.eml"))
    assert files and (tmp_path / "emails" / "member-bangkok-1-request.eml") in files
    for path in files:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        method = path.stem.rsplit("-", 1)[1].upper()
        cal = calendar_part(msg, method)
        assert cal.vevent_list[0].attendee.value == f"mailto:{msg['To']}"
    assert not SentInvite.objects.exists()  # written, not sent
