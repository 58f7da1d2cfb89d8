"""Times of day in an event's zone: "HH:MM" in documents, aware datetimes in the database."""

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(value: str) -> dt.time:
    match = TIME_PATTERN.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"malformed time {value!r}: expected HH:MM from 00:00 to 23:59")
    return dt.time(int(match.group(1)), int(match.group(2)))


def zone(name: str) -> ZoneInfo:
    if not isinstance(name, str) or name not in _known_zones():
        raise ValueError(f"unknown IANA timezone {name!r} (e.g. 'Asia/Tokyo')")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - guarded above
        raise ValueError(f"unknown IANA timezone {name!r}") from exc


_ZONES: set[str] = set()


def _known_zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def local_datetime(day: dt.date, hhmm: str, tz_name: str) -> dt.datetime:
    """The aware instant at wall-clock `hhmm` on `day` in `tz_name`."""
    return dt.datetime.combine(day, parse_hhmm(hhmm), tzinfo=zone(tz_name))


def to_hhmm(value: dt.datetime, tz_name: str) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime: Kengaku stores aware datetimes only")
    return value.astimezone(zone(tz_name)).strftime("%H:%M")


def optional_local(day: dt.date, hhmm: str | None, tz_name: str) -> dt.datetime | None:
    return None if hhmm is None else local_datetime(day, hhmm, tz_name)


def optional_hhmm(value: dt.datetime | None, tz_name: str) -> str | None:
    return None if value is None else to_hhmm(value, tz_name)


class EventClock:
    """Converts between an event's local "HH:MM" and the aware datetimes stored for it."""

    def __init__(self, day: dt.date, tz_name: str):
        self.day, self.tz_name = day, tz_name

    def at(self, hhmm: str | None) -> dt.datetime | None:
        return optional_local(self.day, hhmm, self.tz_name)

    def hhmm(self, value: dt.datetime | None) -> str | None:
        return optional_hhmm(value, self.tz_name)

    def span(self, start: dt.datetime | None, end: dt.datetime | None) -> list[str] | None:
        if start is None or end is None:
            return None
        return [self.hhmm(start), self.hhmm(end)]

    @classmethod
    def of(cls, event) -> "EventClock":
        day = event.date if isinstance(event.date, dt.date) else dt.date.fromisoformat(event.date)
        return cls(day, event.timezone)
