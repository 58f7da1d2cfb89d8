"""Event endpoints: create with defaults, read, change (moving every stored time), delete.

Split from test_entities_api.py; the same rules: the scenario shape in and out.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from delegations.models import Delegation, Interpreter
from tours.models import Bus, Event, Facility, FacilityWindow, Place

EVENT = "ascc-2025-tour"

NEW_EVENT = {
    "key": "yokohama-spring",
    "name": "Spring study tour",
    "date": "2026-04-10",
    "organizer": {"name": "Hana Sato", "email": "hana@example.org"},
    "day_start": "08:30",
    "day_end": "17:30",
    "lunch": {"earliest": "11:30", "latest": "13:00"},
}


def test_create_event_with_defaults(planner):
    response = planner.post("/events", NEW_EVENT)
    assert response.status_code == 201, response.content
    assert response.json() == {
        **NEW_EVENT,
        "timezone": "Asia/Tokyo",
        "lunch": {"earliest": "11:30", "latest": "13:00", "minutes": 60},
        "staff_seats_per_bus": 1,
        "max_visits_per_bus": 3,
        "min_visits_per_bus": 1,
        "boarding_minutes": 10,
        "travel": {"speed_kmh": 18, "road_factor": 1.3},
        "weights": {"interest": 100, "bus_cost": 1, "driving_minute": 1},
        "version": 1,
    }
    assert planner.get("/events/yokohama-spring").json() == response.json()
    listing = planner.get("/events").json()
    assert [e["key"] for e in listing["items"]] == ["yokohama-spring"]
    exported = planner.get("/events/yokohama-spring/scenario").json()
    assert exported["places"] == exported["delegations"] == []


def test_create_event_twice_is_409(planner):
    assert planner.post("/events", NEW_EVENT).status_code == 201
    response = planner.post("/events", {**NEW_EVENT, "name": "Other"})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert planner.get("/events/yokohama-spring").json()["name"] == NEW_EVENT["name"]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"day_end": "08:00"}, "day_end"),
        ({"timezone": "Tokyo"}, "timezone"),
        ({"date": "2026-02-30"}, "date"),
        ({"lunch": {"earliest": "11:30", "latest": "noon"}}, "lunch.latest"),
        ({"travel": {"speed_kmh": 0, "road_factor": 1.3}}, "travel.speed_kmh"),
    ],
)
def test_create_invalid_event_is_422(planner, change, path):
    response = planner.post("/events", {**NEW_EVENT, **change})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert path in [d["path"] for d in body["details"]], body["details"]
    assert Event.objects.count() == 0


def test_unknown_event_is_404(planner, demo_event):
    for response in (
        planner.get("/events/nope"),
        planner.patch("/events/nope", {"name": "x"}),
        planner.delete("/events/nope"),
        planner.get("/events/nope/scenario"),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert response.json()["details"] == [{"path": "event", "message": "not found"}]


def local(value: dt.datetime, zone: str) -> tuple[dt.date, str]:
    assert value.tzinfo is not None
    moved = value.astimezone(ZoneInfo(zone))
    return moved.date(), moved.strftime("%H:%M")


def assert_times(planner, day: dt.date, zone: str) -> None:
    """Every stored time of the demo still reads its documented wall-clock time, on `day`."""
    tsurumi = planner.get(f"/events/{EVENT}/facilities/tsurumi-plant").json()
    assert tsurumi["windows"] == [["09:30", "12:00"], ["13:00", "16:30"]]
    window = FacilityWindow.objects.get(facility__key="tsurumi-plant", position=0)
    assert local(window.starts_at, zone) == (day, "09:30")
    event = Event.objects.get(key=EVENT)
    assert local(event.day_start, zone) == (day, "08:00")
    assert local(event.lunch_latest, zone) == (day, "13:00")
    assert local(Bus.objects.get(key="coach-large-1").available_from, zone) == (day, "07:30")
    assert local(Interpreter.objects.get(key="int-en-1").available_until, zone) == (day, "18:30")
    assert local(Delegation.objects.get(key="bangkok").earliest_pickup, zone) == (day, "08:30")
    bangkok = planner.get(f"/events/{EVENT}/delegations/bangkok").json()
    assert bangkok["earliest_pickup"] == "08:30"
    assert planner.get(f"/events/{EVENT}/buses/coach-large-1").json()["available"] == [
        "07:30",
        "19:00",
    ]


def test_moving_the_date_and_zone_keeps_wall_clock_times(planner, demo_event, demo_document):
    before = planner.get(f"/events/{EVENT}/scenario").json()
    assert_times(planner, dt.date(2025, 11, 27), "Asia/Tokyo")

    response = planner.patch(f"/events/{EVENT}", {"date": "2025-12-04"})
    assert response.status_code == 200, response.content
    assert response.json()["date"] == "2025-12-04"
    assert response.json()["day_start"] == "08:00"
    assert_times(planner, dt.date(2025, 12, 4), "Asia/Tokyo")

    response = planner.patch(f"/events/{EVENT}", {"timezone": "Asia/Bangkok"})
    assert response.status_code == 200, response.content
    assert response.json()["timezone"] == "Asia/Bangkok"
    assert_times(planner, dt.date(2025, 12, 4), "Asia/Bangkok")
    window = FacilityWindow.objects.get(facility__key="tsurumi-plant", position=0)
    assert window.starts_at == dt.datetime(2025, 12, 4, 2, 30, tzinfo=dt.UTC)

    after = planner.get(f"/events/{EVENT}/scenario").json()
    before["event"].update(date="2025-12-04", timezone="Asia/Bangkok")
    assert after == before


def test_patch_event_settings_keeps_the_rest(planner, demo_event):
    before = planner.get(f"/events/{EVENT}").json()
    change = {"name": "Renamed day", "weights": {"interest": 10}, "boarding_minutes": 5}
    response = planner.patch(f"/events/{EVENT}", change)
    assert response.status_code == 200, response.content
    expected = {**before, **change, "weights": {"interest": 10, "bus_cost": 1, "driving_minute": 1},
                "version": before["version"] + 1}  # fmt: skip
    assert response.json() == expected
    assert planner.get(f"/events/{EVENT}/delegations").json()["count"] == 21


def test_patch_event_breaking_a_rule_is_422_and_changes_nothing(planner, demo_event):
    before = planner.get(f"/events/{EVENT}/scenario").json()
    for change, path in (
        ({"day_end": "07:00"}, "day_end"),
        ({"timezone": "Asia/Nowhere", "date": "2026-01-01"}, "timezone"),
        ({"min_visits_per_bus": 4}, "min_visits_per_bus"),
        ({"lunch": {"earliest": "07:00", "latest": "08:00"}}, "lunch"),
    ):
        response = planner.patch(f"/events/{EVENT}", change)
        assert response.status_code == 422, (change, response.content)
        assert path in [d["path"] for d in response.json()["details"]], response.json()
    assert planner.get(f"/events/{EVENT}/scenario").json() == before


def test_event_without_lunch_is_created_patched_and_exported_with_lunch_null(planner):
    response = planner.post("/events", {**NEW_EVENT, "lunch": None})
    assert response.status_code == 201, response.content
    assert response.json()["lunch"] is None  # written, not left out like other nulls
    assert planner.get("/events/yokohama-spring").json()["lunch"] is None
    assert planner.get("/events/yokohama-spring/scenario").json()["event"]["lunch"] is None
    lunch = {"earliest": "12:00", "latest": "12:30", "minutes": 0}  # a lunch box on the bus
    back = planner.patch("/events/yokohama-spring", {"lunch": lunch, "boarding_minutes": 0})
    assert back.status_code == 200, back.content
    assert (back.json()["lunch"], back.json()["boarding_minutes"]) == (lunch, 0)
    again = planner.patch("/events/yokohama-spring", {"lunch": None})
    assert again.status_code == 200, again.content
    assert again.json()["lunch"] is None
    assert Event.objects.get(key="yokohama-spring").lunch_earliest is None


def test_event_lunch_is_required_even_though_it_may_be_null(planner):
    response = planner.post("/events", {k: v for k, v in NEW_EVENT.items() if k != "lunch"})
    assert response.status_code == 422, response.content
    assert "lunch" in [d["path"] for d in response.json()["details"]]


def test_patch_event_key(planner, demo_event):
    assert planner.post("/events", NEW_EVENT).status_code == 201
    taken = planner.patch(f"/events/{EVENT}", {"key": "yokohama-spring"})
    assert taken.status_code == 409
    response = planner.patch(f"/events/{EVENT}", {"key": "ascc-2025"})
    assert response.status_code == 200
    assert planner.get(f"/events/{EVENT}").status_code == 404
    assert planner.get("/events/ascc-2025/delegations").json()["count"] == 21


def test_delete_event_without_delegations_cascades(planner):
    assert planner.post("/events", NEW_EVENT).status_code == 201
    base = "/events/yokohama-spring"
    place = {"key": "hotel", "name": "Hotel", "lat": 35.4, "lon": 139.6, "kind": "hotel"}
    assert planner.post(f"{base}/places", place).status_code == 201
    facility = {"key": "plant", "name": "Plant", "lat": 35.5, "lon": 139.7, "visit_minutes": 60,
                "windows": [["09:00", "12:00"]], "max_people": 20, "max_visits": 1}  # fmt: skip
    assert planner.post(f"{base}/facilities", facility).status_code == 201
    assert planner.post(f"{base}/buses", {"key": "bus", "seats": 9, "cost": 1}).status_code == 201
    interpreter = {"key": "int", "name": "I", "languages": ["ja", "en"]}
    assert planner.post(f"{base}/interpreters", interpreter).status_code == 201
    response = planner.delete(base)
    assert response.status_code == 204
    assert planner.get(base).status_code == 404
    for model in (Event, Place, Facility, FacilityWindow, Bus, Interpreter):
        assert model.objects.count() == 0, model


def test_delete_event_with_delegations_cascades(planner, demo_event):
    response = planner.delete(f"/events/{EVENT}")
    assert response.status_code == 204
    assert planner.get(f"/events/{EVENT}").status_code == 404
    for model in (Event, Place, Facility, FacilityWindow, Bus, Interpreter, Delegation):
        assert model.objects.count() == 0, model


def test_wrong_method_is_405(planner, demo_event):
    response = planner.call("PUT", f"/events/{EVENT}", {"name": "x"})
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH", "DELETE"}
    assert Event.objects.get(key=EVENT).name != "x"


def test_wrong_method_answers_with_the_error_body(planner, demo_event):
    response = planner.call("PUT", f"/events/{EVENT}", {"name": "x"})
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "method_not_allowed"
    assert body["details"] == []
