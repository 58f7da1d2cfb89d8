"""Pins through the real API: listed, added (checked for shape, references and conflicts with the
pins already there), deleted; and carried by the scenario document on import and export."""

import copy

from tours.models import Pin
from tours.scenario.document import canonical, scenario_parse

EVENT = "ascc-2025-tour"
PINS = f"/events/{EVENT}/pins"

JAKARTA = {"kind": "delegation_bus", "bus": "coach-medium-1", "delegation": "jakarta"}
INTERPRETER = {"kind": "interpreter_bus", "bus": "coach-medium-1", "interpreter": "int-id"}
VISIT = {"kind": "visit_bus", "bus": "coach-medium-1", "facility": "osanbashi"}
AT_TSURUMI = {
    "kind": "visit_time",
    "bus": "coach-large-2",
    "facility": "tsurumi-plant",
    "start": "10:30",
}


def _import(planner, document):
    return planner.post("/events/import?replace=true", document)


def test_a_scenario_with_pins_roundtrips_in_canonical_order(planner, demo_document):
    document = copy.deepcopy(demo_document)
    document["pins"] = [AT_TSURUMI, VISIT, INTERPRETER, JAKARTA]
    assert _import(planner, document).status_code == 201
    exported = planner.get(f"/events/{EVENT}/scenario").json()
    assert exported["pins"] == [JAKARTA, INTERPRETER, VISIT, AT_TSURUMI]
    assert exported == canonical(scenario_parse(copy.deepcopy(document)))
    assert _import(planner, exported).status_code == 201
    assert planner.get(f"/events/{EVENT}/scenario").json() == exported


def test_a_scenario_without_pins_exports_none(planner, demo_document):
    demo_document["pins"] = []
    assert _import(planner, demo_document).status_code == 201
    assert "pins" not in planner.get(f"/events/{EVENT}/scenario").json()


def test_import_reports_bad_pins_with_their_paths(planner, demo_document):
    demo_document["pins"] = [
        JAKARTA,
        {"kind": "visit_bus", "bus": "bus-9", "facility": "osanbashi"},
        {
            "kind": "delegation_bus",
            "bus": "coach-large-1",
            "delegation": "jakarta",
            "start": "09:00",
        },
        {"kind": "visit_time", "bus": "coach-large-1", "facility": "osanbashi"},
        JAKARTA,
    ]
    response = _import(planner, demo_document)
    assert response.status_code == 422
    found = {(d["path"], d["message"]) for d in response.json()["details"]}
    assert ("pins[1].bus", "unknown bus 'bus-9'") in found
    assert ("pins[2].start", "not part of a delegation_bus pin") in found
    assert ("pins[3].start", "required for a visit_time pin") in found
    assert ("pins[4]", "duplicate pin (the same as pins[0])") in found
    assert not Pin.objects.exists()


def test_add_list_and_delete_pins(planner, demo_event):
    assert planner.get(PINS).json() == []
    created = planner.post(PINS, AT_TSURUMI)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body == {
        "id": body["id"],
        **AT_TSURUMI,
        "description": "bus coach-large-2 starts its visit to tsurumi-plant at 10:30",
    }
    assert planner.post(PINS, JAKARTA).status_code == 201
    listed = planner.get(PINS).json()
    assert [p["kind"] for p in listed] == ["delegation_bus", "visit_time"]
    assert planner.get(f"/events/{EVENT}/scenario").json()["pins"] == [JAKARTA, AT_TSURUMI]
    assert planner.delete(f"{PINS}/{body['id']}").status_code == 204
    assert [p["kind"] for p in planner.get(PINS).json()] == ["delegation_bus"]
    assert planner.delete(f"{PINS}/{body['id']}").status_code == 404


def test_a_pin_with_unknown_keys_or_wrong_fields_is_422_with_paths(planner, demo_event):
    response = planner.post(PINS, {"kind": "delegation_bus", "bus": "bus-9", "delegation": "oslo"})
    assert response.status_code == 422
    found = {(d["path"], d["message"]) for d in response.json()["details"]}
    assert found == {("bus", "unknown bus 'bus-9'"), ("delegation", "unknown delegation 'oslo'")}
    response = planner.post(PINS, {**VISIT, "interpreter": "int-id"})
    assert response.status_code == 422
    assert response.json()["details"] == [
        {"path": "interpreter", "message": "not part of a visit_bus pin"}
    ]
    response = planner.post(PINS, {**VISIT, "colour": "red"})
    assert response.status_code == 422
    assert [d["path"] for d in response.json()["details"]] == ["colour"]
    assert not Pin.objects.exists()


def test_a_conflicting_pin_is_409_naming_the_pins_and_the_rule(planner, demo_event):
    first = planner.post(PINS, JAKARTA).json()
    response = planner.post(PINS, {**JAKARTA, "bus": "coach-large-1"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "pin_conflict"
    (conflict,) = body["details"]
    assert conflict["rule"] == "rule 1: one bus per delegation"
    assert "jakarta is pinned to coach-large-1, coach-medium-1" in conflict["message"]
    pins = {p["id"]: p["description"] for p in conflict["pins"]}
    assert pins == {
        first["id"]: "delegation jakarta rides bus coach-medium-1",
        None: "delegation jakarta rides bus coach-large-1",
    }
    assert Pin.objects.count() == 1


def test_a_visit_pinned_outside_the_facility_windows_is_409(planner, demo_event):
    response = planner.post(PINS, {**AT_TSURUMI, "start": "11:00"})  # 90 min: ends 12:30 > 12:00
    assert response.status_code == 409
    assert response.json()["details"][0]["rule"] == "rule 5: facility windows"
    assert not Pin.objects.exists()


def test_wheelchair_users_beyond_the_spaces_is_409(planner, demo_event):
    # hanoi and colombo each bring a wheelchair user; coach-medium-1 has one space
    assert planner.post(PINS, {**JAKARTA, "delegation": "hanoi"}).status_code == 201
    response = planner.post(PINS, {**JAKARTA, "delegation": "colombo"})
    assert response.status_code == 409
    (conflict,) = response.json()["details"]
    assert conflict["rule"] == "rule 2: wheelchair spaces"
    assert len(conflict["pins"]) == 2


def test_the_same_pin_twice_is_409(planner, demo_event):
    first = planner.post(PINS, VISIT).json()
    response = planner.post(PINS, VISIT)
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert str(first["id"]) in response.json()["message"]


def test_deleting_a_bus_deletes_its_pins(planner, demo_event):
    assert planner.post(PINS, JAKARTA).status_code == 201
    assert planner.post(PINS, AT_TSURUMI).status_code == 201
    assert planner.delete(f"/events/{EVENT}/buses/coach-medium-1").status_code == 204
    assert [p["bus"] for p in planner.get(PINS).json()] == ["coach-large-2"]


def test_deleting_a_delegation_deletes_its_pins(planner, demo_event):
    assert planner.post(PINS, JAKARTA).status_code == 201
    assert planner.delete(f"/events/{EVENT}/delegations/jakarta").status_code == 204
    assert planner.get(PINS).json() == []


def test_viewers_read_pins_but_cannot_add_them(planner, viewer, demo_event):
    assert planner.post(PINS, JAKARTA).status_code == 201
    assert len(viewer.get(PINS).json()) == 1
    assert viewer.post(PINS, VISIT).status_code == 403


def test_pins_of_an_unknown_event_are_404(planner, db):
    assert planner.get("/events/nowhere/pins").status_code == 404
