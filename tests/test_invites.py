"""Itinerary invites by email (iMIP, RFC 6047): a real SMTP server on loopback receives them and
the messages are read back with the email package and vobject. One message per person and item
(one UID per iTIP message); re-publications send only what changed and withdraw what people lost."""

import email
import re
import socket
from collections import defaultdict
from email import policy

import pytest
import vobject
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from delegations.models import Delegation, Member
from tests.itinerary_checks import parse
from tours.itinerary.imip import recipients
from tours.models import Bus, ItineraryItem, SentInvite
from tours.selectors.itineraries import itinerary_calendars
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


def calendar_part(msg, method: str) -> dict:
    """The one VEVENT of a message's text/calendar part as read by vobject, after checking the
    MIME shape, the method in both places and the person as ATTENDEE."""
    parts = {part.get_content_type(): part for part in msg.walk()}
    assert msg.get_content_type() == "multipart/alternative"
    assert parts["text/plain"].get_content().strip()
    part = parts["text/calendar"]
    assert part.get_param("method") == method
    assert part.get_content_charset() == "utf-8"
    text = part.get_content()
    (vevent,) = parse(text.encode(), method=method)  # one UID per iTIP message
    attendee = vobject.readOne(text).vevent.attendee
    assert attendee.value == f"mailto:{msg['To']}"
    assert attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]
    assert vevent["organizer"] == ORGANIZER
    return vevent


def mailbox(received) -> dict[tuple[str, str], list[tuple[str, dict]]]:
    """(address, UID) -> [(method, VEVENT)] in the order they arrived."""
    found = defaultdict(list)
    for rcpt, msg in received:
        method = next(
            p.get_param("method") for p in msg.walk() if p.get_content_type() == "text/calendar"
        )
        vevent = calendar_part(msg, method)
        found[(rcpt, vevent["uid"])].append((method, vevent))
    return found


def live_items(files, scenario) -> dict[tuple[str, str], dict]:
    """(address, UID) -> the VEVENT as each person's published calendar has it (read by vobject),
    for everyone with an address; DTSTAMP left out."""
    found = {}
    for who in recipients(scenario):
        data = files.get((who.role, who.person))
        for vevent in parse(data) if data else []:
            if vevent["status"] == "CONFIRMED":
                found[(who.email, vevent["uid"])] = {**vevent, "stamp": None}
    return found


@pytest.mark.django_db
def test_each_person_gets_one_message_per_item_once(event, smtp):
    publication = publish(event)
    counts = invites_send(publication_id=publication.pk)
    received = smtp.messages()
    assert counts["sent"] == len(received) > 0
    for rcpt, msg in received:
        assert msg["To"] == rcpt and "tours@kengaku.example" in msg["From"]
        assert msg["Reply-To"] == ORGANIZER.removeprefix("mailto:")  # replies reach planners
    got = mailbox(received)
    assert all(len(messages) == 1 for messages in got.values())  # each item once per person

    files = itinerary_calendars(event_key=event.key)
    expected = live_items(files, publication.plan.scenario)
    assert set(got) == set(expected)  # every live item of every person, and nothing else
    for thread, [(method, vevent)] in got.items():
        assert method == "REQUEST" and vevent["status"] == "CONFIRMED"
        assert {**vevent, "stamp": None} == expected[thread]
    (_, first), *_ = received
    assert first["Subject"].startswith(f"{calendar_part(first, 'REQUEST')['summary']}, 27 Nov")
    domains = {rcpt.split("@")[1] for rcpt, _ in got}
    assert {"bus.example", "interpreters.example", "city.yokohama.example"} <= domains
    sent = SentInvite.objects.filter(publication=publication)
    assert sent.count() == len(received)
    assert {s.role for s in sent} == {"member", "interpreter", "bus", "facility"}

    assert invites_send(publication_id=publication.pk) == {"sent": 0, "skipped": len(received)}
    assert len(smtp.received) == len(received)  # nothing is sent twice


@pytest.mark.django_db
def test_a_republication_mails_only_changed_items_and_cancels_what_people_lost(event, smtp):
    first = publish(event)
    invites_send(publication_id=first.pk)
    before = mailbox(smtp.messages())
    gone = first.plan.document["buses"][0]["delegations"][0]
    members = {
        m.email for m in Member.objects.filter(delegation__key=gone, delegation__event=event)
    }
    Delegation.objects.filter(event=event, key=gone).delete()
    second = publish(event, replan={})
    start = len(smtp.received)
    invites_send(publication_id=second.pk)
    after = mailbox(smtp.messages(start))

    now = live_items(itinerary_calendars(event_key=event.key), second.plan.scenario)
    changed = {t for t, vevent in now.items() if [("REQUEST", vevent)] != [
        (m, {**v, "stamp": None}) for m, v in before.get(t, [])
    ]}  # fmt: skip
    requests = {t for t, messages in after.items() if messages[0][0] == "REQUEST"}
    assert (requests - changed, changed - requests) == (set(), set())  # new and changed items
    assert 0 < len(requests) < len(now)  # items that did not change are not sent again

    cancels = {t: messages for t, messages in after.items() if messages[0][0] == "CANCEL"}
    lost = {t for t in before if t not in now}
    # only what was sent before and is no longer theirs
    assert (set(cancels) - lost, lost - set(cancels)) == (set(), set())
    assert {rcpt for rcpt, _ in lost} >= {m for m in members if m}  # the deleted delegation's
    for thread, [(_, vevent)] in cancels.items():
        [(_, sent)] = before[thread]
        assert vevent["status"] == "CANCELLED" and vevent["sequence"] > sent["sequence"], thread
        assert (vevent["start"], vevent["end"]) == (sent["start"], sent["end"]), (vevent, sent)
    cancelled = set(
        ItineraryItem.objects.filter(event=event, cancelled=True).values_list("uid", flat=True)
    )
    assert {uid for rcpt, uid in cancels if rcpt in members} <= cancelled
    assert all(len(messages) == 1 for messages in after.values())
    assert invites_send(publication_id=second.pk)["sent"] == 0


@pytest.mark.django_db
def test_a_member_who_leaves_is_withdrawn_and_the_others_keep_their_calendars(event, smtp):
    first = publish(event)
    invites_send(publication_id=first.pk)
    before = mailbox(smtp.messages())
    leaving, staying = Member.objects.filter(delegation__event=event, delegation__key="bangkok")[:2]
    assert leaving.email and staying.email
    mine = {uid: sent for (rcpt, uid), [(_, sent)] in before.items() if rcpt == leaving.email}
    assert mine
    leaving.delete()
    second = publish(
        event, replan={"weights": {"delegation_moved": 10**6, "interpreter_moved": 10**6}}
    )
    start = len(smtp.received)
    invites_send(publication_id=second.pk)
    after = mailbox(smtp.messages(start))

    withdrawn = {uid: messages for (rcpt, uid), messages in after.items() if rcpt == leaving.email}
    assert set(withdrawn) == set(mine)
    for uid, [(method, vevent)] in withdrawn.items():
        assert method == "CANCEL" and vevent["status"] == "CANCELLED"
        assert vevent["sequence"] > mine[uid]["sequence"]  # above the one they hold
    cancelled = set(
        ItineraryItem.objects.filter(event=event, cancelled=True).values_list("uid", flat=True)
    )
    theirs = [(uid, m) for (rcpt, uid), messages in after.items() if rcpt == staying.email
              for m, _ in messages]  # fmt: skip
    assert all(m == "REQUEST" or uid in cancelled for uid, m in theirs)  # she stays on the rest


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
def test_the_command_writes_one_email_per_person_and_item(event, tmp_path, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    publish(event)
    call_command("itineraries", event.key, "--out", str(tmp_path))
    files = sorted((tmp_path / "emails").glob("*.eml"))
    somchai = sorted(p.name for p in files if p.name.startswith("member-bangkok.somchai-"))
    assert somchai and re.fullmatch(
        r"member-bangkok\.somchai-rattanakul-01-\d{4}-request\.eml", somchai[0]
    )
    uids = set()
    for path in files:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        method = path.stem.rsplit("-", 1)[1].upper()
        uids.add((msg["To"], calendar_part(msg, method)["uid"]))
    assert len(uids) == len(files)  # one file per person and item
    assert not SentInvite.objects.exists()  # written, not sent
