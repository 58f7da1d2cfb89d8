"""Itineraries as iMIP invitations (RFC 6047 over RFC 5546): what one person is sent by email.

One message per item and person: an iTIP message (RFC 5546) schedules one calendar component,
one UID, and calendar clients act on a REQUEST or CANCEL as on that one event.

Pure, like render: the same plan, scenario and item identities in; for every person with an
email address a METHOD:REQUEST for each of their live items and a METHOD:CANCEL for each of
their cancelled ones (same UID, its SEQUENCE, STATUS:CANCELLED), each with a plain-text summary
and a digest of what it says (DTSTAMP left out, so an unchanged item digests the same at every
publication). The VEVENTs are render's own, with the person added as ATTENDEE.

`withdrawals` builds the CANCEL for an item a person was invited to and no longer has (their
delegation was deleted, they left it, their address changed): the sender knows who that is from
what it sent before.
"""

import copy
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from icalendar import Calendar, Event, vCalAddress

from tours.itinerary.people import member_keys
from tours.itinerary.render import PRODID, Identity, calendar_objects, withdrawn_vevents

REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Recipient:
    role: str  # member, interpreter, bus (its driver) or facility (its host)
    person: str  # the key of that role's calendar
    email: str
    name: str


@dataclass(frozen=True)
class Invite:
    recipient: Recipient
    method: str  # REQUEST or CANCEL
    uid: str  # the one item the message is about
    start: dt.datetime  # when the item starts (local), for ordering and file names
    subject: str
    text: str  # the plain-text summary sent beside the calendar
    calendar: bytes
    digest: str
    organizer: str  # the event organizer's address, where replies go

    @property
    def thread(self) -> tuple[str, str, str, str]:
        """What successive messages about the same item to the same person share."""
        who = self.recipient
        return (who.role, who.person, who.email, self.uid)


def recipients(scenario: dict) -> list[Recipient]:
    """Everyone with an email address: members, interpreters, bus drivers, facility hosts."""
    found = []
    for delegation in scenario.get("delegations", []):
        found += [("member", person, member) for person, member in member_keys(delegation)]
    found += [("interpreter", i["key"], i) for i in scenario.get("interpreters", [])]
    found += [("bus", b["key"], b.get("driver") or {}) for b in scenario.get("buses", [])]
    found += [("facility", f["key"], f.get("host") or {}) for f in scenario.get("facilities", [])]
    return [
        Recipient(role, person, who["email"], who.get("name") or who["email"])
        for role, person, who in found
        if who.get("email")
    ]


def invites(
    plan: dict, scenario: dict, identity: dict[str, Identity], *, stamp: dt.datetime
) -> list[Invite]:
    """A REQUEST for each live item and a CANCEL for each cancelled item of everyone with an
    email address, one message each, in each person's day order."""
    built = calendar_objects(plan, scenario, identity, stamp=stamp)
    found = []
    for recipient in recipients(scenario):
        cal = built.get((recipient.role, recipient.person))
        if cal is None:
            continue
        timezones = list(cal.walk("VTIMEZONE"))
        vevents = list(cal.walk("VEVENT"))
        live = [e for e in vevents if str(e.get("STATUS")) != "CANCELLED"]
        for vevent in vevents:
            method = CANCEL if str(vevent.get("STATUS")) == "CANCELLED" else REQUEST
            found.append(_invite(recipient, method, vevent, live, timezones, scenario["event"]))
    return found


def withdrawals(
    gone: list[tuple[Recipient, str]],
    plan: dict,
    scenario: dict,
    identity: dict[str, Identity],
    *,
    stamp: dt.datetime,
) -> list[Invite]:
    """For each (recipient, uid) in `gone`, the CANCEL that takes item `uid` out of the calendar
    of someone no longer invited to it (a SEQUENCE above the one they hold, as RFC 5546 asks of
    a CANCEL to removed attendees). UIDs that name no item of the event are passed over."""
    keys = {ident.uid: key for key, ident in identity.items()}
    known = [(who, keys[uid]) for who, uid in gone if uid in keys]
    wanted = sorted({key for _, key in known})
    vevents, timezones = withdrawn_vevents(wanted, plan, scenario, identity, stamp=stamp)
    event = scenario["event"]
    return [_invite(who, CANCEL, vevents[key], [], timezones, event) for who, key in known]


def _invite(
    recipient: Recipient,
    method: str,
    vevent: Event,
    day: list[Event],
    timezones: list,
    event: dict,
) -> Invite:
    who = f"kengaku:{event['key']}/{recipient.role}/{recipient.person}/{vevent['UID']}/{method}"
    cal = Calendar.new(prodid=PRODID, method=method, uid=uuid.uuid5(uuid.NAMESPACE_URL, who))
    mailed = copy.deepcopy(vevent)  # members of a delegation share render's VEVENTs
    mailed.add("attendee", _attendee(recipient))
    cal.add_component(mailed)
    for timezone in timezones:
        cal.add_component(timezone)
    data = cal.to_ical()
    return Invite(
        recipient=recipient,
        method=method,
        uid=str(vevent["UID"]),
        start=vevent.start,
        subject=subject(method, vevent, event),
        text=summary(recipient, method, vevent, day, event),
        calendar=data,
        digest=digest(data),
        organizer=(event.get("organizer") or {}).get("email", ""),
    )


def _attendee(recipient: Recipient) -> vCalAddress:
    return vCalAddress.new(
        recipient.email,
        cn=recipient.name,
        cutype="INDIVIDUAL",
        role="REQ-PARTICIPANT",
        partstat="NEEDS-ACTION",
        rsvp=False,
    )


def subject(method: str, vevent: Event, event: dict) -> str:
    what = str(vevent["SUMMARY"])
    if method == CANCEL and not what.startswith("Cancelled"):
        what = f"Cancelled: {what}"
    return f"{what}, {vevent.start:%d %b %H:%M}-{vevent.end:%H:%M} ({event['name']})"


def summary(recipient: Recipient, method: str, vevent: Event, day: list[Event], event: dict) -> str:
    """The item in plain text, then the person's whole day, for mail clients that do not read
    the calendar part."""
    head = (
        f"Your itinerary for {event['name']} on {event['date']} includes:"
        if method == REQUEST
        else f"This item of {event['name']} on {event['date']} is no longer on your itinerary:"
    )
    lines = [f"Dear {recipient.name},", "", head, "", *_item_lines(vevent)]
    if vevent.get("DESCRIPTION") and method == REQUEST:
        lines += ["", *str(vevent["DESCRIPTION"]).splitlines()]
    if day:
        lines += ["", "Your day:"]
        for other in sorted(day, key=lambda e: (e.start, str(e["UID"]))):
            lines += _item_lines(other)
    organizer = event.get("organizer") or {}
    lines += ["", f"{organizer.get('name', '')} <{organizer.get('email', '')}>"]
    return "\n".join(lines) + "\n"


def _item_lines(vevent: Event) -> list[str]:
    lines = [f"{vevent.start:%H:%M}-{vevent.end:%H:%M}  {vevent['SUMMARY']}"]
    if vevent.get("LOCATION"):
        lines.append(f"             {vevent['LOCATION']}")
    return lines


def digest(data: bytes) -> str:
    """sha256 of an iCalendar object without its DTSTAMP lines (they change at every send)."""
    kept = [line for line in data.split(b"\r\n") if not line.startswith(b"DTSTAMP")]
    return hashlib.sha256(b"\r\n".join(kept)).hexdigest()
