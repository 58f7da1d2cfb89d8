"""Itineraries as iMIP invitations (RFC 6047 over RFC 5546): what one person is sent by email.

Pure, like render: the same plan, scenario and item identities in; for every person with an email
address a METHOD:REQUEST calendar of their live items and a METHOD:CANCEL calendar of their
cancelled ones (same UIDs, their SEQUENCE, STATUS:CANCELLED), each with a plain-text summary and a
digest of what it says (DTSTAMP left out, so an unchanged day digests the same at every
publication). The VEVENTs are render's own, with the person added as ATTENDEE.
"""

import copy
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from icalendar import Calendar, Event, vCalAddress

from tours.itinerary.render import PRODID, Identity, calendar_objects

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
    subject: str
    text: str  # the plain-text summary sent beside the calendar
    calendar: bytes
    digest: str


def recipients(scenario: dict) -> list[Recipient]:
    """Everyone with an email address: members, interpreters, bus drivers, facility hosts."""
    found = []
    for delegation in scenario.get("delegations", []):
        for n, member in enumerate(delegation.get("members", []), start=1):
            found.append(("member", f"{delegation['key']}-{n}", member))
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
    """The REQUEST and CANCEL messages of everyone with an email address and items (either
    calendar is left out when it would be empty)."""
    built = calendar_objects(plan, scenario, identity, stamp=stamp)
    found = []
    for recipient in recipients(scenario):
        cal = built.get((recipient.role, recipient.person))
        if cal is None:
            continue
        vevents = list(cal.walk("VEVENT"))
        live = [e for e in vevents if str(e.get("STATUS")) != "CANCELLED"]
        gone = [e for e in vevents if str(e.get("STATUS")) == "CANCELLED"]
        for method, chosen in ((REQUEST, live), (CANCEL, gone)):
            if chosen:
                found.append(_invite(recipient, method, chosen, cal, scenario["event"]))
    return found


def _invite(
    recipient: Recipient, method: str, vevents: list[Event], published: Calendar, event: dict
) -> Invite:
    who = f"kengaku:{event['key']}/{recipient.role}/{recipient.person}/{method}"
    cal = Calendar.new(prodid=PRODID, method=method, uid=uuid.uuid5(uuid.NAMESPACE_URL, who))
    for vevent in vevents:
        vevent = copy.deepcopy(vevent)  # members of a delegation share render's VEVENTs
        vevent.add("attendee", _attendee(recipient))
        cal.add_component(vevent)
    for timezone in published.walk("VTIMEZONE"):
        cal.add_component(timezone)
    data = cal.to_ical()
    what = "Itinerary" if method == REQUEST else "Cancelled"
    return Invite(
        recipient=recipient,
        method=method,
        subject=f"{what}: {event['name']}, {event['date']}",
        text=summary(recipient, method, vevents, event),
        calendar=data,
        digest=digest(data),
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


def summary(recipient: Recipient, method: str, vevents: list[Event], event: dict) -> str:
    """The day in plain text, for mail clients that do not read the calendar part."""
    head = (
        f"Your itinerary for {event['name']} on {event['date']}:"
        if method == REQUEST
        else f"These items of {event['name']} on {event['date']} were removed from the plan:"
    )
    lines = [f"Dear {recipient.name},", "", head, ""]
    for vevent in sorted(vevents, key=lambda e: e.start):
        lines.append(f"{vevent.start:%H:%M}-{vevent.end:%H:%M}  {vevent['SUMMARY']}")
        if vevent.get("LOCATION"):
            lines.append(f"             {vevent['LOCATION']}")
    organizer = event.get("organizer") or {}
    lines += ["", f"{organizer.get('name', '')} <{organizer.get('email', '')}>"]
    return "\n".join(lines) + "\n"


def digest(data: bytes) -> str:
    """sha256 of an iCalendar object without its DTSTAMP lines (they change at every send)."""
    kept = [line for line in data.split(b"\r\n") if not line.startswith(b"DTSTAMP")]
    return hashlib.sha256(b"\r\n".join(kept)).hexdigest()
