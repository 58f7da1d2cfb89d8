"""POST /api/events/import rejects broken scenarios whole, every problem with its path.

Each case modifies a fresh copy of the demo scenario in one way and expects a 422
`validation_error` whose details name the exact field, and that nothing was written.
"""

import copy

import pytest
from django.conf import settings

from delegations.models import Delegation
from tours.models import Event

EVENT = "ascc-2025-tour"


def setter(*path_and_value):
    """A mutator setting document[p0][p1]...[pn] = value."""
    *path, value = path_and_value

    def mutate(document: dict) -> None:
        target = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


def appended_copy(name: str, index: int = 0):
    def mutate(document: dict) -> None:
        document[name].append(copy.deepcopy(document[name][index]))

    return mutate


def must_and_avoid(document: dict) -> None:
    document["delegations"][1]["must_visit"] = ["city-hall"]
    document["delegations"][1]["avoid"] = ["city-hall", "osanbashi"]


def add_interest(document: dict) -> None:
    document["delegations"][2]["interests"]["no-such-plant"] = 3


# (id, mutator, expected path, words the message must contain)
CASES = [
    ("pickup", setter("delegations", 3, "pickup", "hotel-9"), "delegations[3].pickup",
     ["unknown place 'hotel-9'"]),
    ("dropoff", setter("delegations", 4, "dropoff", "hotel-9"), "delegations[4].dropoff",
     ["unknown place 'hotel-9'"]),
    ("interests-key", add_interest, "delegations[2].interests.no-such-plant",
     ["unknown facility", "'no-such-plant'"]),
    ("must-visit", setter("delegations", 5, "must_visit", ["nowhere"]),
     "delegations[5].must_visit[0]", ["unknown facility 'nowhere'"]),
    ("avoid", setter("delegations", 5, "avoid", ["nowhere"]), "delegations[5].avoid[0]",
     ["unknown facility 'nowhere'"]),
    ("together-with", setter("delegations", 6, "together_with", ["atlantis"]),
     "delegations[6].together_with[0]", ["unknown delegation 'atlantis'"]),
    ("dup-place", appended_copy("places"), "places[10].key", ["duplicate key", "pacifico-north"]),
    ("dup-facility", appended_copy("facilities", 2), "facilities[12].key",
     ["duplicate key", "hokubu-sludge"]),
    ("dup-bus", appended_copy("buses", 1), "buses[6].key", ["duplicate key", "coach-large-2"]),
    ("dup-interpreter", appended_copy("interpreters"), "interpreters[9].key",
     ["duplicate key", "int-en-1"]),
    ("dup-delegation", appended_copy("delegations", 20), "delegations[21].key",
     ["duplicate key", "adb"]),
    ("must-and-avoid", must_and_avoid, "delegations[1].must_visit", ["city-hall", "avoid"]),
    ("short-window", setter("facilities", 0, "windows", [["09:30", "10:00"]]),
     "facilities[0].windows[0]", ["shorter than", "90-minute visit"]),
    ("size-0", setter("delegations", 2, "size", 0), "delegations[2].size", ["greater than 0"]),
    ("seats-0", setter("buses", 1, "seats", 0), "buses[1].seats", ["greater than 0"]),
    ("visit-minutes-0", setter("facilities", 1, "visit_minutes", 0),
     "facilities[1].visit_minutes", ["greater than 0"]),
    ("facility-max-people-0", setter("facilities", 1, "max_people", 0),
     "facilities[1].max_people", ["greater than 0"]),
    ("place-max-people-0", setter("places", 7, "max_people", 0), "places[7].max_people",
     ["greater than 0"]),
    ("wheelchair-users", setter("delegations", 2, "wheelchair_users", 99),
     "delegations[2].wheelchair_users", ["99 wheelchair users"]),
    ("lat-91", setter("places", 2, "lat", 91), "places[2].lat", ["90"]),
    ("lon-minus-181", setter("places", 2, "lon", -181), "places[2].lon", ["-180"]),
    ("facility-lat", setter("facilities", 4, "lat", -90.5), "facilities[4].lat", ["-90"]),
    ("timezone", setter("event", "timezone", "Asia/Nowhere"), "event.timezone",
     ["unknown IANA timezone", "Asia/Nowhere"]),
    ("time-25", setter("event", "day_start", "25:00"), "event.day_start",
     ["malformed time", "'25:00'"]),
    ("time-9-30", setter("facilities", 0, "windows", [["9:30", "12:00"]]),
     "facilities[0].windows[0][0]", ["malformed time", "'9:30'"]),
    ("time-noon-bus", setter("buses", 0, "available", ["07:30", "noon"]),
     "buses[0].available[1]", ["malformed time", "'noon'"]),
    ("time-noon-pickup", setter("delegations", 0, "earliest_pickup", "noon"),
     "delegations[0].earliest_pickup", ["malformed time", "'noon'"]),
    ("time-lunch", setter("event", "lunch", "earliest", "11.30"), "event.lunch.earliest",
     ["malformed time"]),
    ("day-end-equal", setter("event", "day_end", "08:00"), "event.day_end",
     ["not after day_start"]),
    ("day-end-before", setter("event", "day_end", "07:00"), "event.day_end",
     ["not after day_start"]),
    ("format", setter("format", "kengaku.scenario/2"), "format",
     ["unsupported format", "kengaku.scenario/2"]),
    ("unknown-field", setter("delegations", 0, "langauge", "th"), "delegations[0].langauge",
     ["unknown field"]),
    ("unknown-top-field", setter("extra", 1), "extra", ["unknown field"]),
    ("missing-field", lambda d: d["buses"][3].pop("seats"), "buses[3].seats", ["required"]),
    ("interest-101", setter("delegations", 0, "interests", "tsurumi-plant", 101),
     "delegations[0].interests.tsurumi-plant", ["100"]),
    ("bad-key", setter("interpreters", 0, "key", "Int EN"), "interpreters[0].key",
     ["invalid key"]),
]  # fmt: skip


def assert_no_event(client) -> None:
    assert Event.objects.count() == 0
    listing = client.get("/events").json()
    assert listing["count"] == 0
    assert listing["items"] == []


def problem(response, path: str, words: list[str]) -> dict:
    """The detail at `path` whose message has every word; fails with the whole body if none."""
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert isinstance(body["message"], str)
    hits = [d for d in body["details"] if d["path"] == path]
    assert hits, f"no detail at {path!r}: {body['details']}"
    matching = [d for d in hits if all(w in d["message"] for w in words)]
    assert matching, f"{path!r}: {hits} lacks {words}"
    return matching[0]


@pytest.mark.parametrize(
    ("mutate", "path", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_error_is_reported_at_its_path(planner, demo_document, mutate, path, words):
    mutate(demo_document)
    response = planner.post("/events/import", demo_document)
    problem(response, path, words)
    assert_no_event(planner)


def test_several_problems_are_all_listed(planner, demo_document):
    demo_document["delegations"][3]["pickup"] = "hotel-9"
    demo_document["buses"][1]["seats"] = 0
    demo_document["event"]["timezone"] = "Mars/Olympus"
    demo_document["facilities"][0]["windows"] = [["09:30", "10:00"]]
    response = planner.post("/events/import", demo_document)
    assert response.status_code == 422
    details = response.json()["details"]
    assert len(details) >= 4
    paths = {d["path"] for d in details}
    assert {
        "delegations[3].pickup",
        "buses[1].seats",
        "event.timezone",
        "facilities[0].windows[0]",
    } <= paths
    assert_no_event(planner)


def test_body_over_the_limit_is_413(planner, demo_document):
    limit = settings.KENGAKU_MAX_BODY_BYTES
    assert limit == 5 * 1024 * 1024
    demo_document["places"][0]["notes"] = "x" * (limit + 1)
    response = planner.post("/events/import", demo_document)
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "payload_too_large"
    assert str(limit) in body["message"]
    assert body["details"] == []
    assert_no_event(planner)


def test_body_not_json_is_400(planner):
    response = planner.post("/events/import", '{"format": "kengaku.scenario/1",')
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bad_request"
    assert "JSON" in body["message"]
    assert set(body) == {"code", "message", "details"}
    assert_no_event(planner)


@pytest.mark.parametrize("body", [[], ["kengaku.scenario/1"], "null", "42", '"text"'])
def test_body_not_an_object_is_422(planner, body):
    response = planner.post("/events/import", body)
    assert response.status_code == 422
    payload = response.json()
    assert payload["code"] == "validation_error"
    assert payload["details"][0]["path"] == ""
    assert "JSON object" in payload["details"][0]["message"]
    assert_no_event(planner)


def test_reimport_without_replace_is_409_and_keeps_the_event(planner, demo_document):
    assert planner.post("/events/import", demo_document).status_code == 201
    changed = copy.deepcopy(demo_document)
    changed["event"]["name"] = "Something else"
    changed["delegations"] = changed["delegations"][:3]
    response = planner.post("/events/import", changed)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert "replace" in body["message"]
    assert body["details"][0]["path"] == "event.key"
    assert planner.get(f"/events/{EVENT}").json()["name"] == demo_document["event"]["name"]
    assert Delegation.objects.filter(event__key=EVENT).count() == 21


def test_reimport_with_replace_replaces_the_contents(planner, demo_document):
    assert planner.post("/events/import", demo_document).status_code == 201
    event_id = Event.objects.get(key=EVENT).pk
    changed = copy.deepcopy(demo_document)
    changed["event"]["name"] = "Replaced day"
    changed["delegations"] = [d for d in changed["delegations"] if d["key"] != "adb"]
    changed["buses"] = changed["buses"][:2]
    response = planner.post("/events/import?replace=true", changed)
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Replaced day"
    assert Event.objects.get(key=EVENT).pk == event_id
    assert planner.get(f"/events/{EVENT}/delegations/adb").status_code == 404
    assert planner.get(f"/events/{EVENT}/delegations").json()["count"] == 20
    assert planner.get(f"/events/{EVENT}/buses").json()["count"] == 2
    assert planner.get(f"/events/{EVENT}/scenario").json()["event"]["name"] == "Replaced day"


def test_invalid_replace_leaves_the_old_event_intact(planner, demo_document):
    assert planner.post("/events/import", demo_document).status_code == 201
    before = planner.get(f"/events/{EVENT}/scenario").json()
    broken = copy.deepcopy(demo_document)
    broken["delegations"] = broken["delegations"][:2]
    broken["delegations"][0]["pickup"] = "hotel-9"
    response = planner.post("/events/import?replace=true", broken)
    problem(response, "delegations[0].pickup", ["unknown place 'hotel-9'"])
    assert planner.get(f"/events/{EVENT}/scenario").json() == before
    assert Event.objects.count() == 1


def test_body_just_under_the_limit_is_accepted(planner, demo_document):
    demo_document["places"][0]["notes"] = "x" * (settings.KENGAKU_MAX_BODY_BYTES - 200_000)
    response = planner.post("/events/import", demo_document)
    assert response.status_code == 201, response.content[:300]
    place = planner.get(f"/events/{EVENT}/places/pacifico-north").json()
    assert len(place["notes"]) == settings.KENGAKU_MAX_BODY_BYTES - 200_000
