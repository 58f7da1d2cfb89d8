"""Optimistic concurrency for events and every scenario entity: ETag / If-Match or `version`.

A write naming a version someone else has moved on from is 412 `version_mismatch` and changes
nothing; a write naming none still works (and moves the version on); the scenario document
never carries versions."""

import threading

import pytest
from django.db import connection, connections

from delegations.errors import PreconditionFailed
from delegations.kinds import DELEGATIONS
from delegations.models import Delegation
from delegations.services.entities import entity_update
from tours.models import Bus, Event

pytestmark = pytest.mark.django_db
EVENT = "ascc-2025-tour"
BASE = f"/events/{EVENT}"
ITEMS = [
    ("places", "hotel-westin", {"name": "Westin (renamed)"}),
    ("facilities", "tsurumi-plant", {"max_people": 35}),
    ("buses", "coach-large-1", {"cost": 310}),
    ("interpreters", "int-km", {"name": "Renamed"}),
    ("delegations", "bangkok", {"size": 7}),
]


@pytest.mark.parametrize(("kind", "key", "change"), ITEMS)
def test_read_gives_the_version_as_etag_and_a_stale_if_match_is_412(planner, demo_event, kind,
                                                                     key, change):  # fmt: skip
    url = f"{BASE}/{kind}/{key}"
    read = planner.get(url)
    assert read["ETag"] == '"1"' and read.json()["version"] == 1
    first = planner.patch(url, change, HTTP_IF_MATCH='"1"')
    assert first.status_code == 200, first.content
    assert first["ETag"] == '"2"' and first.json()["version"] == 2
    before = planner.get(url).json()
    late = planner.patch(url, change, HTTP_IF_MATCH='"1"')
    assert late.status_code == 412, late.content
    body = late.json()
    assert body["code"] == "version_mismatch"
    assert "version 2, not 1" in body["message"]
    assert body["details"] == [{"path": "version", "message": "current version is 2"}]
    assert planner.get(url).json() == before


def test_the_version_may_come_in_the_body_instead(planner, demo_event):
    url = f"{BASE}/delegations/bangkok"
    assert planner.patch(url, {"size": 7, "version": 1}).json()["version"] == 2
    stale = planner.patch(url, {"size": 8, "version": 1})
    assert (stale.status_code, stale.json()["code"]) == (412, "version_mismatch")
    assert Delegation.objects.get(key="bangkok").size == 7
    both = planner.patch(url, {"size": 8, "version": 2}, HTTP_IF_MATCH='"1"')
    assert both.status_code == 400
    bad = planner.patch(url, {"size": 8, "version": "two"})
    assert (bad.status_code, bad.json()["details"][0]["path"]) == (422, "version")


def test_writes_without_a_version_still_work_and_move_it_on(planner, demo_event):
    url = f"{BASE}/buses/coach-large-1"
    for expected in (2, 3):
        response = planner.patch(url, {"cost": 300 + expected})
        assert response.status_code == 200
        assert response.json()["version"] == expected
    assert planner.patch(url, {"cost": 1}, HTTP_IF_MATCH="*").json()["version"] == 4
    listed = planner.get(f"{BASE}/buses").json()["items"]
    assert {b["key"]: b["version"] for b in listed}["coach-large-1"] == 4


def test_weak_and_bare_etags_are_understood_and_garbage_is_400(planner, demo_event):
    url = f"{BASE}/places/hotel-westin"
    assert planner.patch(url, {"name": "A"}, HTTP_IF_MATCH='W/"1"').status_code == 200
    assert planner.patch(url, {"name": "B"}, HTTP_IF_MATCH="2").status_code == 200
    bad = planner.patch(url, {"name": "C"}, HTTP_IF_MATCH='"abc"')
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_request")


def test_delete_honours_if_match(planner, demo_event):
    url = f"{BASE}/buses/coach-micro-1"
    planner.patch(url, {"cost": 5})
    refused = planner.delete(url, HTTP_IF_MATCH='"1"')
    assert (refused.status_code, refused.json()["code"]) == (412, "version_mismatch")
    assert Bus.objects.filter(key="coach-micro-1").exists()
    assert planner.delete(url, HTTP_IF_MATCH='"2"').status_code == 204
    assert planner.get(url).status_code == 404


def test_the_event_has_a_version_too(planner, demo_event):
    read = planner.get(BASE)
    assert read["ETag"] == '"1"' and read.json()["version"] == 1
    changed = planner.patch(BASE, {"name": "Day one"}, HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == 2 and changed["ETag"] == '"2"'
    late = planner.patch(BASE, {"name": "Day two", "version": 1})
    assert (late.status_code, late.json()["code"]) == (412, "version_mismatch")
    assert "event 'ascc-2025-tour' is at version 2, not 1" in late.json()["message"]
    assert Event.objects.get(key=EVENT).name == "Day one"
    assert planner.delete(BASE, HTTP_IF_MATCH='"1"').status_code == 412
    assert planner.patch("/events/nope", {"name": "x"}, HTTP_IF_MATCH='"1"').status_code == 404
    assert planner.delete(BASE, HTTP_IF_MATCH='"2"').status_code == 204


def test_versions_stay_out_of_the_scenario_document(planner, demo_event):
    planner.patch(f"{BASE}/delegations/bangkok", {"size": 7})
    planner.patch(BASE, {"name": "Renamed"})
    exported = planner.get(f"{BASE}/scenario").json()
    assert "version" not in repr(exported)
    assert (exported["event"]["name"], exported["delegations"][0]["size"]) == ("Renamed", 7)
    csv = planner.get(f"{BASE}/delegations.csv").content.decode("utf-8-sig")
    assert "version" not in csv.splitlines()[0]


def test_a_csv_import_moves_updated_rows_on(planner, demo_event):
    csv = planner.get(f"{BASE}/buses.csv").content
    response = planner.post(f"{BASE}/buses.csv", csv, content_type="text/csv")
    assert response.status_code == 200, response.content
    assert set(Bus.objects.filter(event=demo_event).values_list("version", flat=True)) == {2}


def test_two_writers_with_the_same_version_one_wins(demo_event):
    """Sequentially: the second writer read version 1 too, and is refused."""
    entity_update(DELEGATIONS, event=demo_event, key="bangkok", changes={"size": 7}, expected=1)
    with pytest.raises(PreconditionFailed):
        entity_update(DELEGATIONS, event=demo_event, key="bangkok", changes={"size": 8}, expected=1)
    row = Delegation.objects.get(key="bangkok")
    assert (row.size, row.version) == (7, 2)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_concurrent_writers_with_the_same_version_one_wins(demo_event):
    """At once, from two connections: the conditional UPDATE lets exactly one through."""
    barrier, outcomes = threading.Barrier(2), [None, None]

    def write(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            changes = {"size": 7 + i}
            event = Event.objects.get(key=EVENT)
            entity_update(DELEGATIONS, event=event, key="bangkok", changes=changes, expected=1)
            outcomes[i] = "ok"
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(map(str, outcomes)).count("ok") == 1, outcomes
    assert any(isinstance(o, PreconditionFailed) for o in outcomes), outcomes
    row = Delegation.objects.get(key="bangkok")
    assert row.version == 2 and row.size in (7, 8)
