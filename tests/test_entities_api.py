"""CRUD through the API for places, facilities, buses, interpreters and delegations.

Bodies in and out have the scenario's shape; event endpoints are in test_events_api.py.
"""

import pytest

from delegations.models import Member

EVENT = "ascc-2025-tour"
BASE = f"/events/{EVENT}"

# A new object of each kind, valid against the demo event, and what its answer must be.
NEW = {
    "places": {"key": "hotel-sakuragicho", "name": "Hotel Sakuragicho", "lat": 35.451,
               "lon": 139.631, "kind": "hotel"},
    "facilities": {"key": "hodogaya-plant", "name": "Hodogaya Plant", "lat": 35.47,
                   "lon": 139.58, "visit_minutes": 60, "windows": [["09:30", "12:00"]],
                   "max_people": 25, "max_visits": 2, "themes": ["waste"]},
    "buses": {"key": "coach-extra", "seats": 24, "cost": 180, "available": ["08:00", "18:00"]},
    "interpreters": {"key": "int-km-2", "name": "Sokha Tanaka", "languages": ["ja", "km"]},
    "delegations": {"key": "hue", "city": "Hue", "country": "VN", "language": "vi", "size": 3,
                    "pickup": "hotel-westin", "dropoff": "pacifico-north",
                    "interests": {"kawai-water": 4}, "theme_interests": {"water": 3},
                    "members": [{"name": "Nguyen Van A"}]},
}  # fmt: skip

DEFAULTS = {
    "places": {"coordinates_source": "entered"},
    "facilities": {"coordinates_source": "entered", "max_buses_at_once": 1, "wheelchair": False,
                   "guide_languages": ["ja"]},
    "buses": {"wheelchair_spaces": 0},
    "interpreters": {},
    "delegations": {"wheelchair_users": 0, "priority": 1, "must_visit": [], "avoid": [],
                    "together_with": []},
}  # fmt: skip

EXISTING = {
    "places": "hotel-westin",
    "facilities": "port-museum",
    "buses": "coach-medium-2",
    "interpreters": "int-uz",
    "delegations": "samarkand",
}

KINDS = list(NEW)


@pytest.mark.parametrize("kind", KINDS)
def test_create_read_delete(planner, demo_event, kind):
    created = planner.post(f"{BASE}/{kind}", NEW[kind])
    assert created.status_code == 201, created.content
    assert created.json() == {**NEW[kind], **DEFAULTS[kind], "version": 1}
    url = f"{BASE}/{kind}/{NEW[kind]['key']}"
    assert planner.get(url).json() == created.json()
    listed = planner.get(f"{BASE}/{kind}").json()
    assert listed["items"][-1] == created.json()
    assert planner.delete(url).status_code == 204
    gone = planner.get(url)
    assert gone.status_code == 404
    assert gone.json()["code"] == "not_found"
    assert NEW[kind]["key"] in gone.json()["message"]


@pytest.mark.parametrize("kind", KINDS)
def test_list_is_paginated(planner, demo_event, demo_document, kind):
    first = planner.get(f"{BASE}/{kind}?limit=2&offset=0").json()
    assert first["count"] == len(demo_document[kind])
    assert [item["key"] for item in first["items"]] == [x["key"] for x in demo_document[kind][:2]]
    second = planner.get(f"{BASE}/{kind}?limit=2&offset=2").json()
    assert [item["key"] for item in second["items"]] == [x["key"] for x in demo_document[kind][2:4]]


def keys_of(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["key"] for item in response.json()["items"])


def test_delegation_filters(planner, demo_event, demo_document):
    delegations = demo_document["delegations"]
    vietnamese = sorted(d["key"] for d in delegations if d["language"] == "vi")
    assert vietnamese == ["da-nang", "hanoi", "ho-chi-minh-city"]
    assert keys_of(planner.get(f"{BASE}/delegations?language=vi")) == vietnamese
    assert keys_of(planner.get(f"{BASE}/delegations?country=VN")) == vietnamese
    assert keys_of(planner.get(f"{BASE}/delegations?country=vn")) == vietnamese
    water = sorted(d["key"] for d in delegations if d["theme_interests"].get("water", 0) > 0)
    assert keys_of(planner.get(f"{BASE}/delegations?theme=water")) == water
    combined = planner.get(f"{BASE}/delegations?language=vi&theme=water&limit=1").json()
    assert combined["count"] == len(set(vietnamese) & set(water))
    assert len(combined["items"]) == 1


def test_facility_interpreter_and_place_filters(planner, demo_event, demo_document):
    facilities = demo_document["facilities"]
    waste = sorted(f["key"] for f in facilities if "waste" in f["themes"])
    assert keys_of(planner.get(f"{BASE}/facilities?theme=waste")) == waste
    assert keys_of(planner.get(f"{BASE}/facilities?wheelchair=true")) == ["osanbashi"]
    assert len(keys_of(planner.get(f"{BASE}/facilities?wheelchair=false"))) == len(facilities) - 1
    assert keys_of(planner.get(f"{BASE}/interpreters?language=km")) == ["int-km"]
    lunch = sorted(p["key"] for p in demo_document["places"] if p["kind"] == "lunch")
    assert keys_of(planner.get(f"{BASE}/places?kind=lunch")) == lunch


@pytest.mark.parametrize(
    ("kind", "query", "name"),
    [("places", "language=vi", "language"), ("buses", "country=VN", "country"),
     ("interpreters", "theme=water", "theme"), ("facilities", "kind=lunch", "kind")],
)  # fmt: skip
def test_inapplicable_filter_is_422(planner, demo_event, kind, query, name):
    response = planner.get(f"{BASE}/{kind}?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["details"][0]["path"] == name
    assert "not a filter" in body["details"][0]["message"]


def test_patch_changes_only_what_is_named(planner, demo_event):
    before = planner.get(f"{BASE}/facilities/tsurumi-plant").json()
    response = planner.patch(f"{BASE}/facilities/tsurumi-plant", {"max_people": 35})
    assert response.status_code == 200, response.content
    assert response.json() == {**before, "max_people": 35, "version": before["version"] + 1}
    assert planner.get(f"{BASE}/facilities/tsurumi-plant").json() == response.json()
    bus = planner.patch(f"{BASE}/buses/coach-micro-1", {"cost": 99}).json()
    assert bus["cost"] == 99
    assert bus["driver"] == planner.get(f"{BASE}/scenario").json()["buses"][5]["driver"]


@pytest.mark.parametrize(
    ("kind", "key", "change", "path"),
    [("delegations", "bangkok", {"wheelchair_users": 7}, "wheelchair_users"),
     ("delegations", "bangkok", {"pickup": "hotel-9"}, "pickup"),
     ("delegations", "bangkok", {"avoid": ["tsurumi-plant"]}, "must_visit"),
     ("facilities", "tsurumi-plant", {"visit_minutes": 200}, "windows[0]"),
     ("buses", "coach-large-1", {"seats": 0}, "seats"),
     ("interpreters", "int-km", {"languages": ["km", "km"]}, "languages"),
     ("places", "hotel-westin", {"lat": 91}, "lat"),
     ("places", "hotel-westin", {"colour": "red"}, "colour")],
)  # fmt: skip
def test_patch_breaking_a_rule_is_422_with_path(planner, demo_event, kind, key, change, path):
    before = planner.get(f"{BASE}/{kind}/{key}").json()
    response = planner.patch(f"{BASE}/{kind}/{key}", change)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert path in [d["path"] for d in body["details"]], body["details"]
    assert planner.get(f"{BASE}/{kind}/{key}").json() == before


def test_patch_renaming_a_key_keeps_references(planner, demo_event):
    response = planner.patch(f"{BASE}/places/hotel-westin", {"key": "westin-yokohama"})
    assert response.status_code == 200, response.content
    assert response.json()["key"] == "westin-yokohama"
    assert planner.get(f"{BASE}/places/hotel-westin").status_code == 404
    assert planner.get(f"{BASE}/delegations/da-nang").json()["pickup"] == "westin-yokohama"
    renamed = planner.patch(f"{BASE}/facilities/tsurumi-plant", {"key": "tsurumi"}).json()
    assert renamed["windows"] == [["09:30", "12:00"], ["13:00", "16:30"]]
    bangkok = planner.get(f"{BASE}/delegations/bangkok").json()
    assert bangkok["must_visit"] == ["tsurumi"]
    assert bangkok["interests"]["tsurumi"] == 5


def test_patch_renaming_onto_an_existing_key_is_409(planner, demo_event):
    response = planner.patch(f"{BASE}/buses/coach-large-1", {"key": "coach-large-2"})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert planner.get(f"{BASE}/buses/coach-large-1").json()["seats"] == 45


def test_delete_of_a_pickup_place_is_409_naming_the_delegation(planner, demo_event):
    response = planner.delete(f"{BASE}/places/hotel-westin")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    for key in ("da-nang", "cebu-city", "davao", "ulaanbaatar"):
        assert key in body["message"]
    assert planner.get(f"{BASE}/places/hotel-westin").status_code == 200


def test_delete_of_a_must_visit_facility_is_409(planner, demo_event):
    response = planner.delete(f"{BASE}/facilities/tsurumi-plant")
    assert response.status_code == 409
    assert "bangkok" in response.json()["message"]
    assert response.json()["details"][0]["path"] == "key"
    assert planner.get(f"{BASE}/facilities/tsurumi-plant").status_code == 200


def test_delete_of_an_unused_place_and_facility_works(planner, demo_event):
    assert planner.delete(f"{BASE}/places/lunch-tsurumi").status_code == 204
    assert planner.delete(f"{BASE}/facilities/port-museum").status_code == 204
    scenario = planner.get(f"{BASE}/scenario").json()
    assert "lunch-tsurumi" not in [p["key"] for p in scenario["places"]]
    assert "port-museum" not in [f["key"] for f in scenario["facilities"]]


@pytest.mark.parametrize("kind", KINDS)
def test_create_with_an_existing_key_is_409(planner, demo_event, kind):
    body = {**NEW[kind], "key": EXISTING[kind]}
    response = planner.post(f"{BASE}/{kind}", body)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "conflict"
    assert response.json()["details"] == [
        {"path": "key", "message": f"duplicate key {EXISTING[kind]!r}"}
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_create_invalid_is_422(planner, demo_event, kind):
    body = {**NEW[kind], "key": "Not A Key"}
    response = planner.post(f"{BASE}/{kind}", body)
    assert response.status_code == 422
    assert "key" in [d["path"] for d in response.json()["details"]]
    assert planner.get(f"{BASE}/{kind}").json()["count"] == len(
        planner.get(f"{BASE}/scenario").json()[kind]
    )


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_event_is_404(planner, demo_event, kind):
    for response in (
        planner.get(f"/events/nope/{kind}"),
        planner.get(f"/events/nope/{kind}/{EXISTING[kind]}"),
        planner.post(f"/events/nope/{kind}", NEW[kind]),
        planner.patch(f"/events/nope/{kind}/{EXISTING[kind]}", {}),
        planner.delete(f"/events/nope/{kind}/{EXISTING[kind]}"),
    ):
        assert response.status_code == 404
        body = response.json()
        assert body["code"] == "not_found"
        assert "nope" in body["message"]
        assert isinstance(body["details"], list)


def test_unknown_key_is_404(planner, demo_event):
    response = planner.patch(f"{BASE}/buses/coach-ghost", {"seats": 10})
    assert response.status_code == 404
    assert response.json()["details"] == [{"path": "key", "message": "unknown bus 'coach-ghost'"}]


def test_members_survive_a_delegation_patch_that_does_not_touch_them(planner, demo_event):
    before = planner.get(f"{BASE}/delegations/bangkok").json()
    ids = list(
        Member.objects.filter(delegation__key="bangkok").order_by("position").values_list("pk")
    )
    response = planner.patch(f"{BASE}/delegations/bangkok", {"priority": 3, "size": 7})
    assert response.status_code == 200, response.content
    assert response.json() == {**before, "priority": 3, "size": 7, "version": before["version"] + 1}
    assert response.json()["members"] == before["members"]
    after = Member.objects.filter(delegation__key="bangkok").order_by("position")
    assert list(after.values_list("pk")) == ids


def test_delegation_patch_replacing_members(planner, demo_event):
    members = [{"name": "Somchai Rattanakul", "role": "Governor"}, {"name": "New Person"}]
    response = planner.patch(f"{BASE}/delegations/bangkok", {"members": members})
    assert response.status_code == 200, response.content
    assert response.json()["members"] == members
    assert Member.objects.filter(delegation__key="bangkok").count() == 2
