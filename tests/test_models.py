"""Database constraints hold on their own (not only in the schemas), and times are stored aware."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import IntegrityError, models, transaction

from delegations.models import Delegation, DelegationInterest, Interpreter
from tours.models import Bus, Event, Facility, FacilityWindow, Place

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


def at(hour: int, minute: int = 0, day: dt.date = dt.date(2025, 11, 27)) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TOKYO)


def event_row(key: str = "day", **changes) -> Event:
    values = {
        "key": key,
        "name": "Day",
        "date": dt.date(2025, 11, 27),
        "organizer_name": "Org",
        "organizer_email": "org@example.org",
        "day_start": at(8),
        "day_end": at(18),
        "lunch_earliest": at(11, 30),
        "lunch_latest": at(13),
        **changes,
    }
    return Event.objects.create(**values)


def place_row(event: Event, key: str = "hotel", **changes) -> Place:
    values = {"key": key, "name": "Hotel", "lat": 35.45, "lon": 139.63, "kind": "hotel"}
    return Place.objects.create(event=event, **{**values, **changes})


def facility_row(event: Event, key: str = "plant", **changes) -> Facility:
    values = {"key": key, "name": "Plant", "lat": 35.5, "lon": 139.7, "visit_minutes": 60,
              "max_people": 30, "max_visits": 2}  # fmt: skip
    return Facility.objects.create(event=event, **{**values, **changes})


def delegation_row(event: Event, key: str = "osaka", **changes) -> Delegation:
    hotel = Place.objects.filter(event=event).first() or place_row(event)
    values = {"key": key, "city": "Osaka", "country": "JP", "language": "ja", "size": 4,
              "pickup": hotel, "dropoff": hotel}  # fmt: skip
    return Delegation.objects.create(event=event, **{**values, **changes})


def rejected(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_valid_rows_are_accepted():
    event = event_row()
    facility = facility_row(event)
    FacilityWindow.objects.create(facility=facility, starts_at=at(9), ends_at=at(12))
    Bus.objects.create(event=event, key="bus", seats=20, cost=100)
    delegation = delegation_row(event, wheelchair_users=4)
    DelegationInterest.objects.create(delegation=delegation, facility=facility, value=100)
    assert Event.objects.count() == 1
    assert DelegationInterest.objects.get().value == 100


@pytest.mark.parametrize("end", [at(8), at(7, 59)])
def test_event_day_end_after_start(end):
    rejected(lambda: event_row(day_end=end))


def test_event_other_rules():
    rejected(lambda: event_row(lunch_latest=at(11)))
    rejected(lambda: event_row(lunch_minutes=None))  # lunch is all there or all null
    rejected(lambda: event_row(lunch_earliest=None, lunch_latest=None))
    rejected(lambda: event_row(min_visits_per_bus=4, max_visits_per_bus=3))
    rejected(lambda: event_row(travel_speed_kmh=0, travel_matrix=None))
    assert Event.objects.count() == 0


def test_event_lunch_may_take_no_time_or_be_null():
    boxed = event_row(key="boxed", lunch_minutes=0, boarding_minutes=0)
    half_day = event_row(key="half", lunch_earliest=None, lunch_latest=None, lunch_minutes=None)
    assert (boxed.lunch_minutes, boxed.boarding_minutes) == (0, 0)
    assert Event.objects.get(pk=half_day.pk).lunch_minutes is None


def test_event_without_any_travel_model_is_rejected():
    rejected(lambda: event_row(travel_speed_kmh=None, travel_road_factor=None, travel_matrix=None))


@pytest.mark.parametrize(("lat", "lon"), [(95, 0), (-90.01, 0), (0, 180.5), (0, -181)])
def test_coordinates_in_range(lat, lon):
    event = event_row()
    rejected(lambda: place_row(event, lat=lat, lon=lon))
    rejected(lambda: facility_row(event, lat=lat, lon=lon))
    assert Place.objects.count() == Facility.objects.count() == 0


def test_place_max_people_positive_when_given():
    event = event_row()
    rejected(lambda: place_row(event, kind="lunch", max_people=0))
    assert place_row(event, kind="lunch", max_people=None).max_people is None


@pytest.mark.parametrize(
    "field", ["visit_minutes", "max_people", "max_visits", "max_buses_at_once"]
)
def test_facility_counts_positive(field):
    event = event_row()
    rejected(lambda: facility_row(event, **{field: 0}))


@pytest.mark.parametrize("end", [at(9), at(8, 30)])
def test_facility_window_ends_after_it_starts(end):
    facility = facility_row(event_row())
    rejected(lambda: FacilityWindow.objects.create(facility=facility, starts_at=at(9), ends_at=end))


def test_bus_rules():
    event = event_row()
    rejected(lambda: Bus.objects.create(event=event, key="bus", seats=0, cost=1))
    rejected(
        lambda: Bus.objects.create(
            event=event, key="bus", seats=10, cost=1, available_from=at(18), available_until=at(8)
        )
    )
    rejected(
        lambda: Interpreter.objects.create(
            event=event, key="int", name="I", available_from=at(18), available_until=at(8)
        )
    )


@pytest.mark.parametrize("model", [Bus, Interpreter])
@pytest.mark.parametrize("ends", [{"available_from": at(8)}, {"available_until": at(18)}])
def test_half_open_availability_is_rejected(model, ends):
    event = event_row()
    extra = {"seats": 9, "cost": 1} if model is Bus else {"name": "I"}
    rejected(lambda: model.objects.create(event=event, key="x", **extra, **ends))


def test_delegation_rules():
    event = event_row()
    rejected(lambda: delegation_row(event, size=4, wheelchair_users=5))
    rejected(lambda: delegation_row(event, size=0, wheelchair_users=0))
    assert Delegation.objects.count() == 0


def test_interest_at_most_100_and_once_per_facility():
    event = event_row()
    facility = facility_row(event)
    delegation = delegation_row(event)
    rejected(
        lambda: DelegationInterest.objects.create(
            delegation=delegation, facility=facility, value=101
        )
    )
    DelegationInterest.objects.create(delegation=delegation, facility=facility, value=3)
    rejected(
        lambda: DelegationInterest.objects.create(delegation=delegation, facility=facility, value=4)
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda e: place_row(e, key="same"),
        lambda e: facility_row(e, key="same"),
        lambda e: Bus.objects.create(event=e, key="same", seats=9, cost=1),
        lambda e: Interpreter.objects.create(event=e, key="same", name="I"),
        lambda e: delegation_row(e, key="same"),
    ],
    ids=["place", "facility", "bus", "interpreter", "delegation"],
)
def test_keys_are_unique_per_event_only(make):
    first, second = event_row("first"), event_row("second")
    row = make(first)
    rejected(lambda: make(first))
    other = make(second)  # the same key in another event is fine
    assert (row.key, other.key) == ("same", "same")
    assert row.event_id != other.event_id
    rejected(lambda: event_row("first"))


def datetime_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]


def test_stored_times_are_aware_and_read_back_in_the_event_zone(demo_event, demo_document):
    assert settings.USE_TZ is True
    for model in (Event, FacilityWindow, Bus, Interpreter, Delegation):
        for row in model.objects.all():
            for name in datetime_fields(model):
                value = getattr(row, name)
                assert value is None or value.tzinfo is not None, (model, name)
                if value is not None and name not in ("created_at", "updated_at"):
                    assert value.astimezone(TOKYO).date() == dt.date(2025, 11, 27), (model, name)

    def hhmm(value: dt.datetime) -> str:
        return value.astimezone(TOKYO).strftime("%H:%M")

    event = Event.objects.get()
    documented = demo_document["event"]
    assert [hhmm(event.day_start), hhmm(event.day_end)] == [
        documented["day_start"],
        documented["day_end"],
    ]
    assert hhmm(event.lunch_earliest) == documented["lunch"]["earliest"]
    for facility in demo_document["facilities"]:
        windows = FacilityWindow.objects.filter(facility__key=facility["key"]).order_by("position")
        assert [[hhmm(w.starts_at), hhmm(w.ends_at)] for w in windows] == facility["windows"]
    for bus in demo_document["buses"]:
        row = Bus.objects.get(key=bus["key"])
        assert [hhmm(row.available_from), hhmm(row.available_until)] == bus["available"]
    for interpreter in demo_document["interpreters"]:
        row = Interpreter.objects.get(key=interpreter["key"])
        assert [hhmm(row.available_from), hhmm(row.available_until)] == interpreter["available"]
    for delegation in demo_document["delegations"]:
        row = Delegation.objects.get(key=delegation["key"])
        for name in ("earliest_pickup", "latest_dropoff"):
            stored = getattr(row, name)
            assert (hhmm(stored) if stored else None) == delegation.get(name), (row.key, name)
    # 09:30 in Tokyo is 00:30 UTC: the instant is stored, not the wall-clock digits
    first = FacilityWindow.objects.get(facility__key="tsurumi-plant", position=0)
    assert first.starts_at == dt.datetime(2025, 11, 27, 0, 30, tzinfo=dt.UTC)
