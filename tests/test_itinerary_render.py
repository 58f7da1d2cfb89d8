"""The pure rendering of itineraries (tours.itinerary): no database, a hand-made plan over the
demo scenario."""

import copy
import datetime as dt
import uuid

from tests.itinerary_checks import assert_rfc5545_lines, parse
from tours.itinerary import Identity, calendars, plan_items
from tours.itinerary.imip import Recipient, withdrawals

STAMP = dt.datetime(2025, 11, 20, 9, 0, tzinfo=dt.UTC)


def _stop(kind, at, start, end, board=(), alight=()):
    return {"kind": kind, "at": at, "arrive": start, "start": start, "end": end,
            "board": list(board), "alight": list(alight)}  # fmt: skip


def small_plan(bus="coach-large-1") -> dict:
    stops = [
        _stop("pickup", "hotel-new-grand", "09:00", "09:10", board=["bangkok", "jakarta"]),
        _stop("visit", "tsurumi-plant", "09:40", "11:10"),
        _stop("lunch", "pacifico-north", "12:00", "13:00"),
        _stop("dropoff", "pacifico-north", "13:05", "13:15", alight=["bangkok", "jakarta"]),
    ]
    return {"format": "kengaku.plan/1", "buses": [{
        "bus": bus, "load": 12, "interpreters": ["int-en-1"],
        "delegations": ["bangkok", "jakarta"], "stops": stops}]}  # fmt: skip


def identity_for(plan: dict, **overrides) -> dict[str, Identity]:
    ids = {
        item.key: Identity(
            str(uuid.uuid5(uuid.NAMESPACE_URL, item.key)), 0, False, item.fingerprint
        )
        for item in plan_items(plan)
    }
    return {**ids, **overrides}


def cancelled_item(n: int, sequence: int, kind: str, start: str, end: str, at: str) -> Identity:
    """The identity of an item no longer in the plan, as it was last published."""
    fingerprint = {"kind": kind, "start": start, "end": end, "at": at}
    return Identity(f"0f1d3c5e-0000-4000-8000-{n:012d}", sequence, True, fingerprint)


def test_every_role_gets_a_calendar_that_vobject_reads_at_the_planned_local_times(
    demo_document,
):
    plan = small_plan()
    files = calendars(plan, demo_document, identity_for(plan), stamp=STAMP)
    roles = {role for role, _ in files}
    assert roles == {"member", "delegation", "interpreter", "bus", "facility", "master"}
    assert ("member", "bangkok.somchai-rattanakul") in files
    assert ("facility", "tsurumi-plant") in files
    for data in files.values():
        assert_rfc5545_lines(data)
        assert b"BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo" in data
    bangkok = parse(files[("delegation", "bangkok")])
    assert [(e["start"], e["end"]) for e in bangkok] == [
        ("09:00", "09:10"), ("09:40", "11:10"), ("12:00", "13:00"), ("13:05", "13:15")
    ]  # fmt: skip
    assert {e["date"] for e in bangkok} == {"2025-11-27"}
    assert all(e["organizer"].lower().startswith("mailto:") for e in bangkok)
    assert bangkok[1]["summary"] == "Visit: Tsurumi Waste-to-Energy Plant"
    assert "1-15-1 Suehiro-cho" in bangkok[1]["location"]
    assert "Interpreters: Aya Morita" in bangkok[1]["description"]
    pimchanok = files[("member", "bangkok.pimchanok-srisuwan")]
    assert pimchanok != files[("delegation", "bangkok")]  # her own calendar
    assert parse(pimchanok) == bangkok  # the same items, same UIDs
    host = parse(files[("facility", "tsurumi-plant")])
    assert len(host) == 1 and "鶴見工場" in host[0]["description"]
    assert "Bangkok" in host[0]["summary"]
    assert len(parse(files[("master", "ascc-2025-tour")])) == 4


def test_rendering_is_byte_stable_for_a_given_stamp(demo_document):
    plan = small_plan()
    ids = identity_for(plan)
    first = calendars(plan, demo_document, ids, stamp=STAMP)
    again = calendars(copy.deepcopy(plan), copy.deepcopy(demo_document), ids, stamp=STAMP)
    assert first == again
    later = calendars(plan, demo_document, ids, stamp=STAMP + dt.timedelta(hours=1))
    assert later != first


def test_one_calendar_alone_renders_as_it_does_among_all_the_others(demo_document):
    plan = small_plan()
    gone = cancelled_item(2, 2, "pickup", "08:30", "08:40", "hotel-intercontinental-grand")
    ids = identity_for(plan, **{"bus/coach-large-1/pickup/hotel-intercontinental-grand#2": gone})
    everyone = calendars(plan, demo_document, ids, stamp=STAMP)
    assert len(everyone) > 10
    for who, data in everyone.items():
        assert calendars(plan, demo_document, ids, stamp=STAMP, only=who) == {who: data}
    assert calendars(plan, demo_document, ids, stamp=STAMP, only=("bus", "nobody")) == {}


def test_moving_a_delegation_to_another_bus_keeps_its_keys_but_not_the_bus_keys():
    keys = {item.key for item in plan_items(small_plan())}
    moved = {item.key for item in plan_items(small_plan(bus="microbus-1"))}
    delegation_keys = {k for k in keys if k.startswith("delegation/")}
    assert delegation_keys == {k for k in moved if k.startswith("delegation/")}
    assert "delegation/bangkok/visit/tsurumi-plant" in delegation_keys
    assert "bus/coach-large-1/visit/tsurumi-plant" in keys - moved
    assert "interpreter/int-en-1/visit/tsurumi-plant" in keys & moved


def test_cancelled_items_are_sent_with_status_cancelled_and_their_sequence(demo_document):
    plan = small_plan()
    gone = cancelled_item(1, 3, "visit", "14:00", "15:00", "city-hall")
    ids = identity_for(plan, **{"delegation/bangkok/visit/city-hall": gone})
    files = calendars(plan, demo_document, ids, stamp=STAMP)
    events = {e["uid"]: e for e in parse(files[("delegation", "bangkok")])}
    cancelled = events[gone.uid]
    assert (cancelled["status"], cancelled["sequence"]) == ("CANCELLED", 3)
    assert (cancelled["start"], cancelled["end"]) == ("14:00", "15:00")
    assert {e["status"] for e in events.values() if e["uid"] != gone.uid} == {"CONFIRMED"}
    assert gone.uid not in {e["uid"] for e in parse(files[("delegation", "jakarta")])}


def test_a_withdrawal_cancels_one_item_for_one_person_above_the_sequence_they_hold(
    demo_document,
):
    plan = small_plan()
    gone = cancelled_item(3, 4, "visit", "14:00", "15:00", "city-hall")
    ids = identity_for(plan, **{"delegation/bangkok/visit/city-hall": gone})
    visit = ids["delegation/bangkok/visit/tsurumi-plant"]
    who = Recipient("member", "bangkok.somchai-rattanakul", "somchai.r@bma.example", "Somchai")
    asked = [(who, visit.uid), (who, gone.uid), (who, "day:REQUEST")]
    sent = withdrawals(asked, plan, demo_document, ids, stamp=STAMP)
    assert [(i.method, i.uid) for i in sent] == [("CANCEL", visit.uid), ("CANCEL", gone.uid)]
    for invite in sent:  # the UID that names no item (a pre-0006 record) is passed over
        assert_rfc5545_lines(invite.calendar)
        assert b"ATTENDEE;CN=Somchai" in invite.calendar
    (still_live,) = parse(sent[0].calendar, method="CANCEL")
    assert (still_live["status"], still_live["sequence"]) == ("CANCELLED", visit.sequence + 1)
    assert (still_live["start"], still_live["end"]) == ("09:40", "11:10")  # as it is now
    (removed,) = parse(sent[1].calendar, method="CANCEL")
    assert (removed["status"], removed["sequence"]) == ("CANCELLED", 4)  # already above
    assert (removed["start"], removed["end"]) == ("14:00", "15:00")  # as last published
