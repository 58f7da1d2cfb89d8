"""After any change the API accepts, the event's export is still an importable scenario.

Split from test_scenario_roundtrip.py: there the document goes in whole; here it is edited
piece by piece through the entity and event endpoints first.
"""

import pytest

from tests.test_scenario_roundtrip import matrix_scenario

EVENT = "ascc-2025-tour"
MATRIX = "matrix-day"


def assert_reimports(planner, key: str) -> None:
    exported = planner.get(f"/events/{key}/scenario").json()
    response = planner.post("/events/import?replace=true", exported)
    assert response.status_code == 201, response.content
    assert planner.get(f"/events/{key}/scenario").json() == exported


def test_edited_demo_still_roundtrips(planner, demo_event):
    base = f"/events/{EVENT}"
    edits = [
        planner.patch(f"{base}/places/hotel-westin", {"key": "westin"}),
        planner.patch(f"{base}/facilities/tsurumi-plant", {"windows": [["10:00", "12:00"]]}),
        planner.patch(f"{base}/delegations/siem-reap", {"key": "siem-reap-city"}),
        planner.post(f"{base}/buses", {"key": "van", "seats": 8, "cost": 50}),
        planner.delete(f"{base}/delegations/adb"),
        planner.delete(f"{base}/facilities/port-museum"),
        planner.patch(f"/events/{EVENT}", {"date": "2025-12-01", "timezone": "Asia/Seoul"}),
    ]
    assert [r.status_code for r in edits] == [200, 200, 200, 201, 204, 204, 200]
    exported = planner.get(f"{base}/scenario").json()
    phnom_penh = next(d for d in exported["delegations"] if d["key"] == "phnom-penh")
    assert phnom_penh["together_with"] == ["siem-reap-city"]
    assert "westin" in {d["pickup"] for d in exported["delegations"]}
    assert_reimports(planner, EVENT)


@pytest.fixture
def matrix_event(planner):
    assert planner.post("/events/import", matrix_scenario()).status_code == 201
    return MATRIX


def test_matrix_event_edits_away_from_the_matrix_roundtrip(planner, matrix_event):
    base = f"/events/{MATRIX}"
    assert planner.patch(f"{base}/buses/van", {"seats": 14}).status_code == 200
    assert planner.patch(f"{base}/facilities/plant", {"max_people": 20}).status_code == 200
    assert planner.patch(f"{base}/delegations/osaka", {"size": 5}).status_code == 200
    assert_reimports(planner, MATRIX)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/places/hotel", {"key": "hotel-2"}),
        ("PATCH", "/facilities/plant", {"key": "plant-2"}),
        ("POST", "/places", {"key": "pier", "name": "Pier", "lat": 13.7, "lon": 100.5,
                             "kind": "venue"}),
        ("DELETE", "/places/noodles", None),
    ],
    ids=["rename-place", "rename-facility", "add-place", "delete-place"],
)  # fmt: skip
def test_matrix_event_stays_importable_after_stop_edits(planner, matrix_event, method, path, body):
    response = planner.call(method, f"/events/{MATRIX}{path}", body)
    assert response.status_code < 500
    assert_reimports(planner, MATRIX)


def test_event_patch_with_a_matrix_of_unknown_keys(planner, matrix_event):
    matrix = {"keys": ["ghost"], "minutes": [[0]]}
    response = planner.patch(f"/events/{MATRIX}", {"travel": {"matrix": matrix}})
    assert response.status_code == 422
    messages = {(d["path"], d["message"]) for d in response.json()["details"]}
    assert ("travel.matrix.keys", "no travel times for 'hotel'") in messages
    assert_reimports(planner, MATRIX)


def test_a_stop_is_added_to_a_matrix_event_after_its_travel_times(planner, matrix_event):
    pier = {"key": "pier", "name": "Pier", "lat": 13.7, "lon": 100.5, "kind": "venue"}
    refused = planner.post(f"/events/{MATRIX}/places", pier)
    assert refused.status_code == 422
    assert "travel matrix has no times for 'pier'" in refused.json()["details"][0]["message"]
    matrix = planner.get(f"/events/{MATRIX}/scenario").json()["travel"]["matrix"]
    n = len(matrix["keys"])
    grown = {
        "keys": [*matrix["keys"], "pier"],
        "minutes": [[*row, 9] for row in matrix["minutes"]] + [[9] * n + [0]],
    }
    assert planner.patch(f"/events/{MATRIX}", {"travel": {"matrix": grown}}).status_code == 200
    assert planner.post(f"/events/{MATRIX}/places", pier).status_code == 201
    assert_reimports(planner, MATRIX)


def test_renaming_a_stop_renames_it_in_the_matrix(planner, matrix_event):
    assert planner.patch(f"/events/{MATRIX}/places/hotel", {"key": "hotel-2"}).status_code == 200
    keys = planner.get(f"/events/{MATRIX}/scenario").json()["travel"]["matrix"]["keys"]
    assert "hotel-2" in keys
    assert "hotel" not in keys


def test_facility_cannot_take_a_place_key(planner, demo_event):
    facility = {"key": "hotel-westin", "name": "X", "lat": 35.4, "lon": 139.6,
                "visit_minutes": 60, "windows": [["09:00", "12:00"]], "max_people": 20,
                "max_visits": 1}  # fmt: skip
    response = planner.post(f"/events/{EVENT}/facilities", facility)
    assert response.status_code in (409, 422), response.content
    assert_reimports(planner, EVENT)


def test_place_cannot_be_renamed_to_a_facility_key(planner, demo_event):
    response = planner.patch(f"/events/{EVENT}/places/lunch-tsurumi", {"key": "osanbashi"})
    assert response.status_code in (409, 422), response.content
    assert_reimports(planner, EVENT)
