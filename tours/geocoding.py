"""Coordinates for places and facilities given only an address, from a Nominatim geocoder.

Planners often know a hotel's address but not its latitude and longitude. Before an import or a
save writes anything, `geocode_missing` fills in the missing coordinates and marks them
"geocoded" so the planner can tell them from entered ones. Nominatim's usage policy allows at
most one request per second and asks that answers be cached, so every answer (found or not) is
kept in `GeocodeResult` and requests are spaced process-wide. A geocoder that cannot be reached
never breaks the caller: it becomes a `Problem` telling the planner to enter lat/lon instead.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim

from delegations.errors import Problem
from tours.models import GeocodeResult
from tours.schemas import FacilityIn, Located

GEOCODED = "geocoded"

_request_lock = threading.Lock()
_last_request_at = float("-inf")


@dataclass(frozen=True)
class Answer:
    """One geocoder answer; `lat is None` records that the geocoder found nothing."""

    lat: float | None
    lon: float | None
    display_name: str = ""


class GeocoderUnreachable(Exception):
    """The geocoder did not answer (network, timeout, HTTP error): not cached, maybe transient."""


def normalize(address: str) -> str:
    """The cache key: spacing and case differences must not cause a second request."""
    return " ".join(address.split()).casefold()


def geocode_missing(items: list[tuple[str, Located]]) -> list[Problem]:
    """Fill lat/lon of every item lacking them; one Problem (with its path) per failure.

    Runs before the caller's transaction, so a slow geocoder never holds database locks. Once the
    geocoder is found unreachable, the remaining items are not sent to it: each would only wait
    for its own timeout. Cached answers are still used for them.
    """
    problems: list[Problem] = []
    failure: str | None = None
    for path, item in items:
        if item.lat is not None:
            continue
        if not item.address:
            problems.append(Problem(path, f"no coordinates and no address for {_what(item)}"))
            continue
        try:
            answer = lookup(item.address, ask=failure is None)
        except GeocoderUnreachable as exc:
            failure = failure or str(exc)
            problems.append(Problem(path, _unreachable_message(item, failure)))
            continue
        if answer.lat is None or answer.lon is None:
            problems.append(Problem(path, _not_found_message(item)))
            continue
        item.lat, item.lon = answer.lat, answer.lon
        item.coordinates_source = GEOCODED
    return problems


def lookup(address: str, *, ask: bool = True) -> Answer:
    """The cached answer for `address`, asking the geocoder (once ever) when there is none.

    With `ask=False` only the cache is consulted and a miss counts as unreachable.
    """
    query = normalize(address)
    cached = GeocodeResult.objects.filter(query=query).first()
    if cached is not None:
        return Answer(cached.lat, cached.lon, cached.display_name)
    if not ask:
        raise GeocoderUnreachable("not asked again after an earlier failure")
    answer = _ask_geocoder(" ".join(address.split()))
    _remember(query, answer)
    return answer


def _remember(query: str, answer: Answer) -> None:
    """Store an answer; get_or_create tolerates a concurrent request storing it first."""
    if len(query) > GeocodeResult._meta.get_field("query").max_length:
        return  # too long to be a cache key; such an address is simply asked again next time
    GeocodeResult.objects.get_or_create(
        query=query,
        defaults={
            "lat": answer.lat,
            "lon": answer.lon,
            "display_name": answer.display_name[:500],
            "provider": _provider()[:200],
        },
    )


def _ask_geocoder(query: str) -> Answer:
    """One request to Nominatim, spaced from the previous one by at least `min_delay_s`."""
    config = settings.KENGAKU_GEOCODER
    geocoder = Nominatim(
        domain=config["domain"],
        scheme=config["scheme"],
        user_agent=config["user_agent"],
        timeout=config["timeout_s"],
    )
    try:
        with _spaced(float(config["min_delay_s"])):
            location = geocoder.geocode(query, exactly_one=True)
    except (GeopyError, KeyError, TypeError, ValueError) as exc:
        raise GeocoderUnreachable(f"{type(exc).__name__}: {exc}") from exc
    if location is None:
        return Answer(None, None)
    return Answer(float(location.latitude), float(location.longitude), location.address or "")


@contextmanager
def _spaced(delay: float) -> Iterator[None]:
    """Hold the process-wide lock and keep `delay` seconds between the end of one request and
    the start of the next (measured from the end, so slow answers never bunch requests up)."""
    global _last_request_at
    with _request_lock:
        wait = _last_request_at + delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            yield
        finally:
            _last_request_at = time.monotonic()


def _provider() -> str:
    return f"nominatim:{settings.KENGAKU_GEOCODER['domain']}"


def _what(item: Located) -> str:
    """'place 'hotel-x'' or 'facility 'tsurumi-plant'': planners know items by their keys."""
    kind = "facility" if isinstance(item, FacilityIn) else "place"
    return f"{kind} {item.key!r}"


def _not_found_message(item: Located) -> str:
    return (
        f"no coordinates given and the geocoder found nothing for {item.address!r} "
        f"({_what(item)}): correct the address or enter lat and lon"
    )


def _unreachable_message(item: Located, detail: str) -> str:
    return (
        f"no coordinates given and the geocoder could not be reached to locate "
        f"{item.address!r} ({_what(item)}; {detail}): try again later, or enter lat and lon "
        f"instead"
    )
