"""Geocoding of addresses without coordinates, through geopy against a local Nominatim stand-in.

No mocks: geopy makes real HTTP requests to `tests.geocoder_server`, so URL building, JSON
parsing, timeouts and connection errors are exercised as in production.
"""

import itertools
import time

import pytest

from tests.geocoder_server import YOKOHAMA_HALL, FakeNominatim, closed_port, silent_port
from tours.geocoding import geocode_missing, normalize
from tours.models import GeocodeResult, Place
from tours.schemas import FacilityIn, PlaceIn
from tours.selectors.scenario import scenario_export
from tours.services.scenario import scenario_import

pytestmark = pytest.mark.django_db


def place(key: str = "hall", address: str | None = YOKOHAMA_HALL, **coords: float) -> PlaceIn:
    return PlaceIn(key=key, name=f"Place {key}", kind="venue", address=address, **coords)


def facility(key: str, address: str) -> FacilityIn:
    return FacilityIn(
        key=key,
        name=f"Facility {key}",
        address=address,
        visit_minutes=60,
        windows=[("09:00", "12:00")],
        max_people=40,
        max_visits=2,
    )


def test_address_is_geocoded_and_marked(geocoder: FakeNominatim) -> None:
    item = place()
    assert geocode_missing([("places[0]", item)]) == []
    assert (item.lat, item.lon) == (35.4545, 139.6317)
    assert item.coordinates_source == "geocoded"
    assert geocoder.queries() == [YOKOHAMA_HALL]
    assert geocoder.requests[0].path == "/search"
    assert geocoder.requests[0].user_agent == "kengaku-tests/1"
    stored = GeocodeResult.objects.get(query=normalize(YOKOHAMA_HALL))
    assert (stored.lat, stored.lon) == (35.4545, 139.6317)
    assert stored.display_name == "Yokohama Hall, Minatomirai, Nishi-ku"


def test_answer_is_cached_by_normalized_address(geocoder: FakeNominatim) -> None:
    geocode_missing([("places[0]", place())])
    again = place(address="  1-1 MINATOMIRAI,   Nishi-ku,\tYokohama ")
    assert geocode_missing([("places[0]", again)]) == []
    assert (again.lat, again.lon) == (35.4545, 139.6317)
    assert again.coordinates_source == "geocoded"
    assert len(geocoder.requests) == 1


def test_same_address_twice_in_one_call_is_asked_once(geocoder: FakeNominatim) -> None:
    items = [("places[0]", place("a")), ("facilities[0]", facility("b", YOKOHAMA_HALL))]
    assert geocode_missing(items) == []
    assert all(item.lat == 35.4545 for _, item in items)
    assert len(geocoder.requests) == 1


def test_not_found_is_a_problem_naming_the_place_and_is_cached(geocoder: FakeNominatim) -> None:
    items = [("places[0]", place("hall")), ("places[2]", place("hotel-x", "Nowhere 1-2-3"))]
    problems = geocode_missing(items)
    assert [p.path for p in problems] == ["places[2]"]
    assert str(problems[0]).startswith(
        "places[2]: no coordinates given and the geocoder found nothing for 'Nowhere 1-2-3' "
        "(place 'hotel-x')"
    )
    assert items[1][1].lat is None and items[1][1].coordinates_source == "entered"
    assert GeocodeResult.objects.get(query="nowhere 1-2-3").lat is None
    assert len(geocode_missing([("row 3", facility("plant", "nowhere 1-2-3"))])) == 1
    assert geocoder.queries() == [YOKOHAMA_HALL, "Nowhere 1-2-3"]


def test_facility_is_named_as_a_facility(geocoder: FakeNominatim) -> None:
    problems = geocode_missing([("row 3", facility("tsurumi-plant", "Nowhere"))])
    assert problems[0].path == "row 3"
    assert "(facility 'tsurumi-plant')" in problems[0].message


def test_server_down_is_a_problem_not_an_exception(settings) -> None:
    settings.KENGAKU_GEOCODER = {
        "domain": f"127.0.0.1:{closed_port()}",
        "scheme": "http",
        "user_agent": "kengaku-tests/1",
        "timeout_s": 2.0,
        "min_delay_s": 0.0,
    }
    items = [("places[0]", place("hall")), ("places[1]", place("other", "Elsewhere 9"))]
    problems = geocode_missing(items)
    assert [p.path for p in problems] == ["places[0]", "places[1]"]
    for problem, (_, item) in zip(problems, items, strict=True):
        assert "could not be reached" in problem.message
        assert f"(place {item.key!r}" in problem.message
        assert "enter lat and lon" in problem.message
        assert item.lat is None
    assert not GeocodeResult.objects.exists()  # transport failures are not cached


def test_timeout_is_a_problem_not_an_exception(settings) -> None:
    with silent_port() as port:
        settings.KENGAKU_GEOCODER = {
            "domain": f"127.0.0.1:{port}",
            "scheme": "http",
            "user_agent": "kengaku-tests/1",
            "timeout_s": 0.3,
            "min_delay_s": 0.0,
        }
        started = time.monotonic()
        problems = geocode_missing([("places[0]", place("a")), ("places[1]", place("b", "X 1"))])
    assert [p.path for p in problems] == ["places[0]", "places[1]"]
    assert all("could not be reached" in p.message for p in problems)
    assert time.monotonic() - started < 2  # the second item does not wait for its own timeout


def test_failure_is_not_cached_so_a_later_try_asks_again(geocoder: FakeNominatim, settings):
    settings.KENGAKU_GEOCODER = {
        **settings.KENGAKU_GEOCODER,
        "domain": f"127.0.0.1:{closed_port()}",
    }
    assert len(geocode_missing([("places[0]", place())])) == 1
    settings.KENGAKU_GEOCODER = {**settings.KENGAKU_GEOCODER, "domain": geocoder.domain}
    item = place()
    assert geocode_missing([("places[0]", item)]) == []
    assert item.coordinates_source == "geocoded"


def test_items_with_coordinates_are_untouched(geocoder: FakeNominatim) -> None:
    item = place(address="Nowhere 1-2-3", lat=35.1, lon=139.2)
    assert geocode_missing([("places[0]", item)]) == []
    assert (item.lat, item.lon, item.coordinates_source) == (35.1, 139.2, "entered")
    assert geocoder.requests == []


def test_uncached_lookups_are_spaced_by_min_delay(geocoder: FakeNominatim, settings) -> None:
    delay = 0.3
    settings.KENGAKU_GEOCODER = {**settings.KENGAKU_GEOCODER, "min_delay_s": delay}
    items = [(f"places[{i}]", place(f"p{i}", f"Street {i}")) for i in range(3)]
    started = time.monotonic()
    geocode_missing(items)
    arrivals = [r.at for r in geocoder.requests]
    assert len(arrivals) == 3
    assert all(b - a >= delay for a, b in itertools.pairwise(arrivals))
    assert time.monotonic() - started >= 2 * delay


def scenario_document() -> dict:
    """The smallest valid scenario: one event and one place known only by its address."""
    return {
        "format": "kengaku.scenario/1",
        "event": {
            "key": "geo-day",
            "name": "Geocoding day",
            "date": "2025-11-27",
            "timezone": "Asia/Tokyo",
            "organizer": {"name": "Planner", "email": "planner@example.org"},
            "day_start": "08:00",
            "day_end": "18:00",
            "lunch": {"earliest": "11:30", "latest": "13:00", "minutes": 60},
        },
        "places": [
            {"key": "hall", "name": "Yokohama Hall", "kind": "venue", "address": YOKOHAMA_HALL}
        ],
    }


def test_scenario_import_geocodes_and_export_shows_it(geocoder: FakeNominatim) -> None:
    scenario_import(document=scenario_document(), replace=False)
    stored = Place.objects.get(event__key="geo-day", key="hall")
    assert (stored.lat, stored.lon) == (35.4545, 139.6317)
    assert stored.coordinates_source == "geocoded"
    exported = scenario_export(event_key="geo-day")["places"][0]
    assert (exported["lat"], exported["lon"]) == (35.4545, 139.6317)
    assert exported["coordinates_source"] == "geocoded"
    assert exported["address"] == YOKOHAMA_HALL
    assert geocoder.queries() == [YOKOHAMA_HALL]
