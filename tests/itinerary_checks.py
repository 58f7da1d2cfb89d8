"""Checks shared by the itinerary tests: RFC 5545 shape, and parsing with vobject (an
implementation independent of icalendar)."""

import datetime as dt
import re

import vobject

TOKYO = dt.timedelta(hours=9)


def assert_rfc5545_lines(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)


def parse(data: bytes, method: str = "PUBLISH") -> list[dict]:
    """The VEVENTs of one calendar as read by vobject, with their local times."""
    text = data.decode("utf-8")
    cal = vobject.readOne(text)
    tzids = {tz.tzid.value for tz in getattr(cal, "vtimezone_list", [])}
    used = set(re.findall(r"^DT(?:START|END);TZID=([^:;]+)", text.replace("\r\n ", ""), re.M))
    assert used and used <= tzids  # a VTIMEZONE for every TZID used
    assert cal.method.value == method
    events = []
    for vevent in cal.vevent_list:
        start, dtend = vevent.dtstart.value, getattr(vevent, "dtend", None)
        end = start if dtend is None else dtend.value  # no DTEND: a stop of no minutes
        assert start.utcoffset() == TOKYO and (dtend is None or end > start)
        events.append(
            {
                "uid": vevent.uid.value,
                "sequence": int(vevent.sequence.value),
                "status": vevent.status.value,
                "start": start.strftime("%H:%M"),
                "end": end.strftime("%H:%M"),
                "date": start.date().isoformat(),
                "summary": vevent.summary.value,
                "location": vevent.location.value,
                "description": vevent.description.value,
                "organizer": vevent.organizer.value,
                "stamp": vevent.dtstamp.value,
            }
        )
    return events
