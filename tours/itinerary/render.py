"""Render a plan's items as one iCalendar file per person and role (RFC 5545, METHOD:PUBLISH).

Pure: the plan and scenario dicts, the identity of each item (UID, SEQUENCE, cancelled, what it
was last published with) and a `stamp` for DTSTAMP in; icalendar Calendar objects or bytes out.
Times are aware datetimes in the event's zone; add_missing_timezones() writes its VTIMEZONE.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress

from tours.itinerary.items import Item, key_owner, plan_items
from tours.itinerary.people import member_delegation, member_keys

LABELS = {"pickup": "Pickup", "visit": "Visit", "lunch": "Lunch", "dropoff": "Drop-off"}
PRODID = "-//Kengaku//Study-tour itineraries//EN"
REFRESH = dt.timedelta(hours=1)  # how often a subscribed feed is re-read (RFC 7986, and Outlook's)


class Identity(NamedTuple):
    uid: str
    sequence: int
    cancelled: bool
    fingerprint: dict  # {"kind", "start", "end", "at"} last published


@dataclass(frozen=True)
class _Context:
    scenario: dict
    tz: ZoneInfo
    day: dt.date
    stamp: dt.datetime

    def by_key(self, section: str) -> dict[str, dict]:
        return {row["key"]: row for row in self.scenario.get(section, [])}

    def place(self, key: str) -> dict:
        return {**self.by_key("places"), **self.by_key("facilities")}.get(key, {"name": key})

    def at(self, hhmm: str) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time.fromisoformat(hhmm), tzinfo=self.tz)


def calendars(
    plan: dict,
    scenario: dict,
    identity: dict[str, Identity],
    *,
    stamp: dt.datetime,
    only: tuple[str, str] | None = None,
) -> dict[tuple[str, str], bytes]:
    """(role, person key) -> the .ics bytes of that person's calendar (of `only` alone when
    given: a feed renders one calendar, not the event's hundreds)."""
    built = calendar_objects(plan, scenario, identity, stamp=stamp, only=only)
    return {who: cal.to_ical() for who, cal in built.items()}


def calendar_objects(
    plan: dict,
    scenario: dict,
    identity: dict[str, Identity],
    *,
    stamp: dt.datetime,
    only: tuple[str, str] | None = None,
) -> dict[tuple[str, str], Calendar]:
    ctx = _context(scenario, stamp)
    event = scenario["event"]
    wanted = _shows(only)
    owned: dict[tuple[str, str], list[Event]] = {}
    for item in plan_items(plan):
        if not wanted(item.role, item.owner):
            continue
        vevent = _live(item, identity[item.key], ctx)
        owned.setdefault((item.role, item.owner), []).append(vevent)
        if item.role == "bus":
            owned.setdefault(("master", event["key"]), []).append(vevent)
    for key, ident in identity.items():
        role, owner = key_owner(key)
        if ident.cancelled and wanted(role, owner):
            vevent = _cancelled(key, ident, ctx)
            owned.setdefault((role, owner), []).append(vevent)
            if role == "bus":
                owned.setdefault(("master", event["key"]), []).append(vevent)
    for delegation in scenario.get("delegations", []):
        shared = owned.get(("delegation", delegation["key"]))
        if shared is not None:
            for person, _member in member_keys(delegation):
                owned[("member", person)] = shared
    return {
        who: _calendar(who, vevents, ctx)
        for who, vevents in sorted(owned.items())
        if only is None or who == only
    }


def _shows(only: tuple[str, str] | None):
    """Whether the calendar(s) asked for hold items of (role, owner): a member's are their
    delegation's, the master's every bus's."""
    if only is None:
        return lambda role, owner: True
    role, person = only
    if role == "member":
        return lambda r, o: (r, o) == ("delegation", member_delegation(person))
    if role == "master":
        return lambda r, o: r == "bus"
    return lambda r, o: (r, o) == only


def withdrawn_vevents(
    keys: list[str],
    plan: dict,
    scenario: dict,
    identity: dict[str, Identity],
    *,
    stamp: dt.datetime,
) -> tuple[dict[str, Event], list[Timezone]]:
    """Items `keys` as cancelled for someone taken off them, and the VTIMEZONEs they need: each
    as it is now when it is still in the plan (SEQUENCE one above the live one), else as it was
    last published."""
    ctx = _context(scenario, stamp)
    live = {item.key: item for item in plan_items(plan)}
    cal = Calendar.new(prodid=PRODID)
    found = {}
    for key in keys:
        ident, now = identity[key], live.get(key)
        if now is not None and not ident.cancelled:
            ident = ident._replace(sequence=ident.sequence + 1)
        found[key] = _cancelled(key, ident, ctx, now=None if ident.cancelled else now)
        cal.add_component(found[key])
    _add_timezones(cal, ctx)
    return found, list(cal.walk("VTIMEZONE"))


def _context(scenario: dict, stamp: dt.datetime) -> _Context:
    event = scenario["event"]
    return _Context(
        scenario, ZoneInfo(event["timezone"]), dt.date.fromisoformat(event["date"]), stamp
    )


def _add_timezones(cal: Calendar, ctx: _Context) -> None:
    cal.add_missing_timezones(
        first_date=ctx.day - dt.timedelta(days=1), last_date=ctx.day + dt.timedelta(days=1)
    )


def _calendar(who: tuple[str, str], vevents: list[Event], ctx: _Context) -> Calendar:
    event = ctx.scenario["event"]
    role, person = who
    cal = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=f"{event['name']} — {person_name(ctx.scenario, role, person)}",
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"kengaku:{event['key']}/{role}/{person}"),
        refresh_interval=REFRESH,
    )
    cal["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
    cal.add("X-PUBLISHED-TTL", "PT1H")  # the same hint for clients that predate RFC 7986
    for vevent in sorted(vevents, key=lambda e: (e.start, str(e["UID"]))):
        cal.add_component(vevent)
    _add_timezones(cal, ctx)
    return cal


def person_name(scenario: dict, role: str, person: str) -> str:
    """How a calendar's owner is called in its name: a member's name, a delegation's city, ..."""
    rows = {
        "delegation": scenario.get("delegations", []),
        "interpreter": scenario.get("interpreters", []),
        "bus": scenario.get("buses", []),
        "facility": scenario.get("facilities", []),
    }.get(role, [])
    row = next((r for r in rows if r["key"] == person), None)
    if role == "master":
        return "all buses"
    if role == "member":
        found = next(
            (d for d in scenario.get("delegations", []) if d["key"] == member_delegation(person)),
            {"key": member_delegation(person)},
        )
        member = dict(member_keys(found)).get(person)
        if member is None:
            return person
        return f"{member['name']} ({found.get('city') or found['key']})"
    if row is None:
        return person
    return row.get("city") or row.get("name") or person


def _organizer(ctx: _Context) -> vCalAddress:
    organizer = ctx.scenario["event"]["organizer"]
    return vCalAddress.new(organizer["email"], cn=organizer["name"])


def _vevent(uid, ident: Identity, ctx: _Context, *, kind, at, start, end, **text) -> Event:
    place = ctx.place(at)
    location = ", ".join(part for part in (place["name"], place.get("address")) if part)
    vevent = Event.new(
        uid=uid,
        sequence=ident.sequence,
        stamp=ctx.stamp.astimezone(dt.UTC),
        start=ctx.at(start),
        end=ctx.at(end) if end != start else None,  # a 0-minute stop has no DTEND (RFC 5545)
        location=location,
        organizer=_organizer(ctx),
        **text,
    )
    if "lat" in place and "lon" in place:
        vevent.add("geo", (place["lat"], place["lon"]))
    vevent.add("categories", [kind.upper()])
    return vevent


def _live(item: Item, ident: Identity, ctx: _Context) -> Event:
    if ident.cancelled:
        raise ValueError(f"item {item.key} is in the plan but its identity says cancelled")
    return _vevent(
        ident.uid,
        ident,
        ctx,
        kind=item.kind,
        at=item.at,
        start=item.start,
        end=item.end,
        summary=_summary(item, ctx),
        description=_description(item, ctx),
        status="CONFIRMED",
    )


def _cancelled(key: str, ident: Identity, ctx: _Context, *, now: Item | None = None) -> Event:
    fp = now.fingerprint if now is not None else ident.fingerprint
    name = ctx.place(fp["at"])["name"]
    return _vevent(
        ident.uid,
        ident,
        ctx,
        **fp,
        summary=f"Cancelled: {LABELS.get(fp['kind'], fp['kind'])}: {name}",
        description=(
            "This item was removed from the plan."
            if now is None
            else "This item is no longer on your itinerary."
        ),
        status="CANCELLED",
    )


def _summary(item: Item, ctx: _Context) -> str:
    place = ctx.place(item.at)["name"]
    label = LABELS.get(item.kind, item.kind)
    if item.role == "facility":
        return f"Visit: {_cities(item.on_board, ctx)} ({_bus_name(item.bus, ctx)})"
    if item.role in ("bus", "interpreter"):
        return f"{_bus_name(item.bus, ctx)}: {label}: {place}"
    return f"{label}: {place}"


def _description(item: Item, ctx: _Context) -> str:
    place = ctx.place(item.at)
    bus = ctx.by_key("buses").get(item.bus, {})
    driver = bus.get("driver") or {}
    interpreters = ctx.by_key("interpreters")
    lines = []
    if item.role == "facility" and place.get("name_ja"):
        lines.append(f"施設 / Facility: {place['name_ja']} ({place['name']})")
    lines.append(f"Bus: {_bus_name(item.bus, ctx)}")
    if driver.get("name"):
        lines.append(f"Driver: {', '.join(v for v in (driver['name'], driver.get('phone')) if v)}")
    lines.append(f"Meeting point: {place['name']}")
    names = [interpreters.get(i, {"name": i})["name"] for i in item.interpreters]
    lines.append(f"Interpreters: {', '.join(names) or 'none'}")
    lines.append(f"On the bus: {_cities(item.on_board, ctx) or 'nobody'}")
    if item.board:
        lines.append(f"Boarding here: {_cities(item.board, ctx)}")
    if item.alight:
        lines.append(f"Getting off here: {_cities(item.alight, ctx)}")
    if place.get("notes"):
        lines.append(f"Notes: {place['notes']}")
    return "\n".join(lines)


def _bus_name(key: str, ctx: _Context) -> str:
    return ctx.by_key("buses").get(key, {}).get("name") or key


def _cities(keys: tuple[str, ...], ctx: _Context) -> str:
    delegations = ctx.by_key("delegations")
    return ", ".join(delegations.get(d, {}).get("city") or d for d in keys)
