"""import(export(x)) == x for canonical scenarios, through the API and the management commands."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from delegations.models import Delegation, Interpreter
from tours.models import Bus, Event, Facility
from tours.scenario.document import canonical, scenario_parse

EVENT = "ascc-2025-tour"


def expected(document: dict) -> dict:
    return canonical(scenario_parse(copy.deepcopy(document)))


def matrix_scenario() -> dict:
    """The smallest useful day with a hand-made travel matrix instead of speed and road factor."""
    return {
        "format": "kengaku.scenario/1",
        "event": {
            "key": "matrix-day",
            "name": "Matrix day",
            "date": "2026-03-02",
            "timezone": "Asia/Bangkok",
            "organizer": {"name": "Org", "email": "org@example.org"},
            "day_start": "08:00",
            "day_end": "17:00",
            "lunch": {"earliest": "11:30", "latest": "13:00", "minutes": 45},
            "staff_seats_per_bus": 2,
            "max_visits_per_bus": 2,
            "min_visits_per_bus": 0,
            "boarding_minutes": 5,
        },
        "travel": {
            "matrix": {
                "keys": ["hotel", "noodles", "plant"],
                "minutes": [[0, 12, 30], [12, 0, 20], [31, 21, 0]],
            }
        },
        "places": [
            {"key": "hotel", "name": "Hotel", "lat": 13.75, "lon": 100.5, "kind": "hotel"},
            {
                "key": "noodles",
                "name": "Noodle house",
                "lat": 13.76,
                "lon": 100.51,
                "kind": "lunch",
                "max_people": 40,
            },
        ],
        "facilities": [
            {
                "key": "plant",
                "name": "Water plant",
                "lat": 13.8,
                "lon": 100.55,
                "visit_minutes": 60,
                "windows": [["09:00", "11:00"], ["13:30", "16:00"]],
                "max_people": 30,
                "max_visits": 2,
                "themes": ["water"],
            }
        ],
        "buses": [{"key": "van", "seats": 12, "cost": 80}],
        "interpreters": [{"key": "int-th", "name": "Nok", "languages": ["ja", "th"]}],
        "delegations": [
            {
                "key": "osaka",
                "city": "Osaka",
                "country": "JP",
                "language": "ja",
                "size": 4,
                "pickup": "hotel",
                "dropoff": "hotel",
                "interests": {"plant": 4},
            }
        ],
        "weights": {"interest": 50},
    }


def minimal_scenario() -> dict:
    """Every optional field absent: the export must show the defaults and nothing more."""
    document = matrix_scenario()
    document["event"] = {
        k: v
        for k, v in document["event"].items()
        if k in {"key", "name", "date", "organizer", "day_start", "day_end", "lunch"}
    }
    document["event"]["key"] = "bare-day"
    del document["travel"], document["weights"], document["interpreters"]
    del document["places"][1]["max_people"]
    return document


def import_and_export(client, document: dict, replace: bool = False) -> dict:
    suffix = "?replace=true" if replace else ""
    response = client.post(f"/events/import{suffix}", document)
    assert response.status_code == 201, response.content
    exported = client.get(f"/events/{document['event']['key']}/scenario")
    assert exported.status_code == 200
    return exported.json()


def test_demo_roundtrip_through_the_api(planner, demo_document):
    first = import_and_export(planner, demo_document)
    assert first == expected(demo_document)
    second = import_and_export(planner, first, replace=True)
    assert second == first


def test_demo_export_is_canonical(planner, demo_document):
    exported = import_and_export(planner, demo_document)
    assert canonical(scenario_parse(copy.deepcopy(exported))) == exported
    bangkok = next(d for d in exported["delegations"] if d["key"] == "bangkok")
    assert bangkok["earliest_pickup"] == "08:30"
    assert bangkok["must_visit"] == ["tsurumi-plant"]
    assert len(bangkok["members"]) == 6
    phnom_penh = next(d for d in exported["delegations"] if d["key"] == "phnom-penh")
    assert phnom_penh["together_with"] == ["siem-reap"]


def test_matrix_scenario_roundtrip(planner):
    document = matrix_scenario()
    first = import_and_export(planner, document)
    assert first == expected(document)
    assert first["travel"] == document["travel"]
    assert "speed_kmh" not in first["travel"]
    assert first["facilities"][0]["windows"] == [["09:00", "11:00"], ["13:30", "16:00"]]
    assert first["weights"] == {"interest": 50, "bus_cost": 1, "driving_minute": 1}
    assert import_and_export(planner, first, replace=True) == first


def test_absent_optional_fields_roundtrip_with_defaults(planner):
    document = minimal_scenario()
    first = import_and_export(planner, document)
    assert first == expected(document)
    assert first["event"]["timezone"] == "Asia/Tokyo"
    assert first["event"]["staff_seats_per_bus"] == 1
    assert first["travel"] == {"speed_kmh": 18, "road_factor": 1.3}
    assert first["weights"] == {"interest": 100, "bus_cost": 1, "driving_minute": 1}
    assert first["interpreters"] == []
    place = first["places"][0]
    assert set(place) == {"key", "name", "lat", "lon", "kind", "coordinates_source"}
    bus = first["buses"][0]
    assert bus == {"key": "van", "seats": 12, "wheelchair_spaces": 0, "cost": 80}
    delegation = first["delegations"][0]
    assert "earliest_pickup" not in delegation
    assert delegation["members"] == []
    assert delegation["must_visit"] == delegation["avoid"] == delegation["together_with"] == []
    assert import_and_export(planner, first, replace=True) == first


def test_day_without_lunch_roundtrips_with_lunch_null(planner):
    document = matrix_scenario()
    document["event"]["lunch"] = None  # a half-day tour
    document["event"]["boarding_minutes"] = 0  # drive-by pickups
    first = import_and_export(planner, document)
    assert first == expected(document)
    assert first["event"]["lunch"] is None and first["event"]["boarding_minutes"] == 0
    assert import_and_export(planner, first, replace=True) == first


def test_lunch_of_no_minutes_roundtrips(planner):
    document = matrix_scenario()
    document["event"]["lunch"]["minutes"] = 0  # a lunch box on the bus
    first = import_and_export(planner, document)
    assert first == expected(document)
    assert first["event"]["lunch"]["minutes"] == 0


# management commands


def write_json(path, document) -> str:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_import_command_prints_the_event_key(tmp_path, demo_document):
    out = io.StringIO()
    call_command("import_scenario", write_json(tmp_path / "demo.json", demo_document), stdout=out)
    assert out.getvalue().strip() == EVENT
    assert Event.objects.filter(key=EVENT).exists()
    assert Delegation.objects.filter(event__key=EVENT).count() == 21


def test_export_command_writes_the_api_export(planner, tmp_path, demo_document):
    call_command(
        "import_scenario", write_json(tmp_path / "in.json", demo_document), stdout=io.StringIO()
    )
    target = tmp_path / "out.json"
    call_command("export_scenario", EVENT, "--out", str(target), stderr=io.StringIO())
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == planner.get(f"/events/{EVENT}/scenario").json()
    assert written == expected(demo_document)


def test_export_command_to_stdout(planner, demo_event):
    out = io.StringIO()
    call_command("export_scenario", EVENT, stdout=out)
    assert json.loads(out.getvalue()) == planner.get(f"/events/{EVENT}/scenario").json()


@pytest.mark.django_db
def test_commands_roundtrip_a_day_without_lunch(tmp_path):
    document = matrix_scenario()
    document["event"]["lunch"] = None
    source = write_json(tmp_path / "in.json", document)
    call_command("import_scenario", source, stdout=io.StringIO())
    target = tmp_path / "out.json"
    call_command("export_scenario", "matrix-day", "--out", str(target), stderr=io.StringIO())
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == expected(document)
    assert written["event"]["lunch"] is None
    call_command("import_scenario", str(target), "--replace", stdout=io.StringIO())
    assert Event.objects.get(key="matrix-day").lunch_minutes is None


@pytest.mark.django_db
def test_export_command_unknown_event():
    with pytest.raises(CommandError, match="no-such-day"):
        call_command("export_scenario", "no-such-day", stdout=io.StringIO())


@pytest.mark.django_db
def test_import_command_refuses_existing_key_without_replace(tmp_path, demo_document):
    path = write_json(tmp_path / "demo.json", demo_document)
    call_command("import_scenario", path, stdout=io.StringIO())
    demo_document["event"]["name"] = "Changed"
    path = write_json(tmp_path / "changed.json", demo_document)
    with pytest.raises(CommandError, match="replace"):
        call_command("import_scenario", path, stdout=io.StringIO())
    assert Event.objects.get(key=EVENT).name != "Changed"
    call_command("import_scenario", path, "--replace", stdout=io.StringIO())
    assert Event.objects.get(key=EVENT).name == "Changed"


@pytest.mark.django_db
def test_import_command_lists_the_paths_of_a_broken_file(tmp_path, demo_document):
    demo_document["delegations"][3]["pickup"] = "hotel-9"
    demo_document["buses"][0]["seats"] = 0
    path = write_json(tmp_path / "broken.json", demo_document)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_scenario", path, stdout=io.StringIO())
    text = str(excinfo.value)
    assert "delegations[3].pickup" in text
    assert "unknown place 'hotel-9'" in text
    assert "buses[0].seats" in text
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_import_command_rejects_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text("format: kengaku.scenario/1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_scenario", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_scenario", str(tmp_path / "missing.json"), stdout=io.StringIO())


@pytest.mark.django_db
def test_load_demo_loads_a_realistic_day():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    event = Event.objects.get(key=EVENT)
    delegations = Delegation.objects.filter(event=event).count()
    assert 18 <= delegations <= 22
    assert 10 <= Facility.objects.filter(event=event).count() <= 12
    assert 5 <= Bus.objects.filter(event=event).count() <= 7
    assert 8 <= Interpreter.objects.filter(event=event).count() <= 10
    assert EVENT in out.getvalue()
    call_command("load_demo", stdout=io.StringIO())  # reloading replaces, never duplicates
    assert Event.objects.count() == 1
    assert Delegation.objects.count() == delegations
