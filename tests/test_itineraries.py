"""Itineraries of a published plan: identity kept across publications, files for every role."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from delegations.models import Delegation
from tests.itinerary_checks import assert_rfc5545_lines, parse
from tours.itinerary import plan_items
from tours.models import ItineraryItem
from tours.selectors.itineraries import itinerary_calendars
from tours.services.itineraries import _update
from tours.services.plans import plan_create
from tours.services.publication import plan_publish

STAMP = dt.datetime(2025, 11, 20, 9, 0, tzinfo=dt.UTC)


def publish(event, **kwargs):
    plan = plan_create(event_key=event.key, time_limit_s=2, workers=1, **kwargs)
    plan_publish(plan_id=plan.pk)
    return plan


def items_by_key(event) -> dict[str, ItineraryItem]:
    return {row.key: row for row in ItineraryItem.objects.filter(event=event)}


@pytest.mark.django_db
def test_the_command_writes_a_calendar_per_person_and_role_at_the_planned_times(
    demo_event, tmp_path
):
    with pytest.raises(CommandError, match="no published plan"):
        call_command("itineraries", demo_event.key, "--out", str(tmp_path))
    plan = publish(demo_event)
    call_command("itineraries", demo_event.key, "--out", str(tmp_path))
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.ics"))
    roles = {path.split("/")[0] for path in written}
    assert roles == {"member", "delegation", "interpreter", "bus", "facility", "master"}
    assert (
        f"master/{demo_event.key}.ics" in written
        and "member/bangkok.somchai-rattanakul.ics" in written
    )
    assert len([p for p in written if p.startswith("bus/")]) == len(plan.document["buses"])
    rows = {row.uid: row for row in ItineraryItem.objects.filter(event=demo_event)}
    planned = {item.key: item for item in plan_items(plan.document)}
    assert set(planned) == {row.key for row in rows.values()}
    for path in written:
        data = (tmp_path / path).read_bytes()
        assert_rfc5545_lines(data)
        for event in parse(data):
            item = planned[rows[event["uid"]].key]
            assert (event["start"], event["end"]) == (item.start, item.end)
            assert (event["date"], event["status"], event["sequence"]) == (
                "2025-11-27", "CONFIRMED", 0)  # fmt: skip


@pytest.mark.django_db
def test_a_replan_keeps_uids_bumps_only_changed_items_and_cancels_removed_ones(demo_event):
    first = publish(demo_event)
    before = items_by_key(demo_event)
    gone = first.document["buses"][0]["delegations"][0]
    Delegation.objects.filter(event=demo_event, key=gone).delete()
    second = publish(demo_event, replan={})
    after = items_by_key(demo_event)
    now = {item.key: item.fingerprint for item in plan_items(second.document)}
    assert set(before) <= set(after)
    for key, row in before.items():
        new = after[key]
        assert new.uid == row.uid  # identity is never re-created
        if key not in now:
            assert (new.cancelled, new.sequence) == (True, 1)
        elif now[key] == row.fingerprint:
            assert (new.cancelled, new.sequence) == (False, 0)
        else:
            assert (new.cancelled, new.sequence, new.fingerprint) == (False, 1, now[key])
    removed = {k for k in before if k.startswith(f"delegation/{gone}/")}
    assert removed and all(after[k].cancelled for k in removed)

    files = itinerary_calendars(event_key=demo_event.key, stamp=STAMP)
    events = parse(files[("delegation", gone)])
    assert {(e["uid"], e["status"], e["sequence"]) for e in events} == {
        (after[k].uid, "CANCELLED", 1) for k in removed
    }
    assert not [p for role, p in files if role == "member" and p.startswith(f"{gone}.")]
    master = {e["uid"]: e for e in parse(files[("master", demo_event.key)])}
    for key, row in after.items():
        if key.startswith("bus/"):
            assert master[row.uid]["sequence"] == row.sequence
            assert master[row.uid]["status"] == ("CANCELLED" if row.cancelled else "CONFIRMED")
    assert itinerary_calendars(event_key=demo_event.key, stamp=STAMP) == files


def publish_and_read(demo_document, **event_changes) -> tuple[object, dict[tuple, list]]:
    from tours.services.scenario import scenario_import

    demo_document["event"].update(event_changes)
    event = scenario_import(document=demo_document)
    plan = publish(event)
    files = itinerary_calendars(event_key=event.key, stamp=STAMP)
    return plan, {who: parse(data) for who, data in files.items()}


@pytest.mark.django_db
def test_a_published_day_without_lunch_has_no_lunch_items(demo_document):
    plan, calendars = publish_and_read(demo_document, lunch=None)
    assert not any(s["kind"] == "lunch" for bus in plan.document["buses"] for s in bus["stops"])
    assert not any(item.kind == "lunch" for item in plan_items(plan.document))
    keys = set(ItineraryItem.objects.values_list("key", flat=True))
    assert keys and not any("/lunch" in key for key in keys)
    summaries = [e["summary"] for events in calendars.values() for e in events]
    assert summaries and not any("Lunch" in text for text in summaries)


@pytest.mark.django_db
def test_stops_of_no_minutes_are_items_that_end_when_they_start(demo_document):
    plan, calendars = publish_and_read(
        demo_document, boarding_minutes=0, lunch={**demo_document["event"]["lunch"], "minutes": 0}
    )
    items = plan_items(plan.document)
    assert {i.kind for i in items if i.start == i.end} == {"pickup", "lunch", "dropoff"}
    assert all(i.start < i.end for i in items if i.kind == "visit")
    rows = {row.uid: row.key for row in ItineraryItem.objects.all()}
    by_key = {i.key: i for i in items}
    for events in calendars.values():  # parse() also checks DTEND, when there is one, is later
        for event in events:
            item = by_key[rows[event["uid"]]]
            assert (event["start"], event["end"]) == (item.start, item.end)


def test_an_item_that_comes_back_is_restored_with_a_higher_sequence():
    where = {"kind": "visit", "start": "09:00", "end": "10:00", "at": "city-hall"}
    row = ItineraryItem(key="delegation/x/visit/city-hall", uid="u", fingerprint=where)
    assert [_update(row, None), _update(row, None)] == ["cancelled", "kept"]
    assert (row.cancelled, row.sequence) == (True, 1)
    assert _update(row, where) == "restored" and (row.cancelled, row.sequence) == (False, 2)
    assert _update(row, where) == "kept" and row.sequence == 2
    moved = {**where, "start": "09:30", "end": "10:30"}
    assert _update(row, moved) == "changed" and (row.sequence, row.fingerprint) == (3, moved)
