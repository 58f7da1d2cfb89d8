"""Personal feeds: links that open one person's calendar and day page and nothing else, and
the interpreters' confirmations and assignment report."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from delegations.models import Interpreter, Member
from tests.itinerary_checks import assert_rfc5545_lines, parse
from tours.itinerary import plan_items
from tours.models import FeedToken, ItineraryItem
from tours.selectors.interpreters import interpreter_report
from tours.services.feeds import feed_link_revoke, feed_link_rotate, feed_links_issue
from tours.services.plans import plan_create
from tours.services.publication import plan_publish

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def published(demo_event):
    plan = plan_create(event_key=demo_event.key, time_limit_s=2, workers=1)
    plan_publish(plan_id=plan.pk)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def links(published) -> dict[tuple[str, str], str]:
    return {(link["role"], link["person"]): link["token"] for link in feed_links_issue(
        event_key=published.event.key
    )}  # fmt: skip


def uids_of(event, role: str, owner: str) -> set[str]:
    keys = {
        i.key for i in plan_items(event.plans.get().document) if (i.role, i.owner) == (role, owner)
    }
    return set(
        ItineraryItem.objects.filter(event=event, key__in=keys).values_list("uid", flat=True)
    )


def calendar_properties(data: bytes) -> dict[str, str]:
    """The VCALENDAR's own properties (before the first component), unfolded and unescaped."""
    head = data.decode().replace("\r\n ", "").split("\r\nBEGIN:V", 1)[0]
    pairs = (line.split(":", 1) for line in head.split("\r\n")[1:])
    return {name: value.replace("\\,", ",") for name, value in pairs}


def assigned_interpreter(plan) -> tuple[str, dict]:
    """An interpreter on a bus, preferring one with colleagues."""
    buses = sorted(plan.document["buses"], key=lambda b: -len(b["interpreters"]))
    bus = next(b for b in buses if b["interpreters"])
    return bus["interpreters"][0], bus


def test_a_member_feed_is_that_members_calendar_only(published, links):
    event = published.event
    response = Client().get(f"/feeds/{links[('member', 'bangkok.somchai-rattanakul')]}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert_rfc5545_lines(response.content)
    props = calendar_properties(response.content)
    assert props["NAME"].endswith("— Somchai Rattanakul (Bangkok)")
    assert props["X-WR-CALNAME"] == props["NAME"]
    assert (props["REFRESH-INTERVAL;VALUE=DURATION"], props["X-PUBLISHED-TTL"]) == ("PT1H", "PT1H")
    got = {e["uid"] for e in parse(response.content)}
    assert got and got == uids_of(event, "delegation", "bangkok")


def test_a_member_link_follows_the_person_when_someone_before_them_leaves(published, links):
    leaving = Member.objects.get(delegation__event=published.event, name="Somchai Rattanakul")
    leaving.delete()
    replanned = plan_create(event_key=published.event.key, time_limit_s=2, workers=1, replan={})
    plan_publish(plan_id=replanned.pk)
    gone = Client().get(f"/feeds/{links[('member', 'bangkok.somchai-rattanakul')]}.ics")
    assert gone.status_code == 404  # no longer on the tour: the link opens nothing
    stays = Client().get(f"/feeds/{links[('member', 'bangkok.pimchanok-srisuwan')]}.ics")
    assert stays.status_code == 200
    assert calendar_properties(stays.content)["NAME"].endswith("— Pimchanok Srisuwan (Bangkok)")
    page = Client().get(f"/feeds/{links[('member', 'bangkok.pimchanok-srisuwan')]}")
    assert "Pimchanok Srisuwan" in page.content.decode()


def test_a_token_never_opens_another_persons_data(published, links):
    event = published.event
    seen: dict[str, set[str]] = {}
    for (role, person), token in links.items():
        if role not in ("delegation", "bus", "interpreter"):
            continue
        response = Client().get(f"/feeds/{token}.ics")
        assert response.status_code == 200
        seen[f"{role}/{person}"] = {e["uid"] for e in parse(response.content)}
        assert seen[f"{role}/{person}"] == uids_of(event, role, person)
    owners = list(seen)
    for a in owners:
        for b in owners:
            if a != b:
                assert not seen[a] & seen[b], (a, b)  # items are per role and owner
    assert Client().get("/feeds/" + "x" * 43 + ".ics").status_code == 404


def test_links_are_stored_hashed_listed_without_hashes_and_issued_once(planner, published):
    first = planner.post(f"/events/{published.event.key}/feeds")
    assert first.status_code == 201
    issued = first.json()
    assert issued and all(i["calendar_url"].endswith(f"/feeds/{i['token']}.ics") for i in issued)
    assert not FeedToken.objects.filter(token_hash__in=[i["token"] for i in issued]).exists()
    assert planner.post(f"/events/{published.event.key}/feeds").json() == []
    listed = planner.get(f"/events/{published.event.key}/feeds").json()
    assert len(listed) == len(issued)
    assert set(listed[0]) == {"id", "role", "person", "prefix", "created_at", "revoked_at"}


def test_revoked_gets_404_and_rotation_swaps_old_for_new(planner, published, links):
    token = links[("member", "bangkok.somchai-rattanakul")]
    row = FeedToken.objects.get(prefix=token[:8])
    rotated = planner.post(f"/feeds/{row.pk}/rotate")
    assert rotated.status_code == 201
    new = rotated.json()["token"]
    assert Client().get(f"/feeds/{token}.ics").status_code == 404
    assert Client().get(f"/feeds/{token}").status_code == 404
    assert Client().get(f"/feeds/{new}.ics").status_code == 200
    assert planner.post(f"/feeds/{row.pk}/rotate").status_code == 409
    new_row = FeedToken.objects.get(prefix=new[:8])
    assert planner.delete(f"/feeds/{new_row.pk}").status_code == 204
    gone = Client().get(f"/feeds/{new}.ics")
    assert (gone.status_code, gone.content) == (404, b"Not found")
    assert planner.delete("/feeds/999999").status_code == 404
    feed_link_revoke(token_id=new_row.pk)  # twice is harmless
    assert (
        feed_links_issue(event_key=published.event.key)[0]["person"] == "bangkok.somchai-rattanakul"
    )


def test_the_day_page_shows_the_persons_stops(published, links):
    page = Client().get(f"/feeds/{links[('member', 'bangkok.somchai-rattanakul')]}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="viewport"' in html and "<script" not in html and "http" not in html.lower()
    mine = [i for i in plan_items(published.document) if i.owner == "bangkok"]
    assert all(f"{i.start}–{i.end}" in html for i in mine)
    others = {i.start for i in plan_items(published.document) if i.role == "delegation"}
    assert len(re.findall(r'class="time"', html)) == len(mine) < len(others) + len(mine)
    assert "I confirm" not in html


def test_an_interpreter_checks_and_confirms_their_assignment(published, links):
    key, bus = assigned_interpreter(published)
    scenario = published.scenario
    token = links[("interpreter", key)]
    html = Client().get(f"/feeds/{token}").content.decode()
    for d in (d for d in scenario["delegations"] if d["key"] in bus["delegations"]):
        assert f"{d['city']}: {d['language']}, {d['size']} people" in html
    names = {i["key"]: i["name"] for i in scenario["interpreters"]}
    assert all(names[i] in html for i in bus["interpreters"])
    assert bus["stops"][0]["start"] in html and "I confirm" in html

    report = interpreter_report(event_key=published.event.key)
    row = next(r for r in report["interpreters"] if r["key"] == key)
    assert (row["bus"], row["confirmed"], row["problems"]) == (bus["bus"], False, [])
    member = links[("member", "bangkok.somchai-rattanakul")]
    assert Client().post(f"/feeds/{member}/confirm").status_code == 404  # not an interpreter
    done = Client().post(f"/feeds/{token}/confirm")
    assert done.status_code == 302
    assert Client().post(f"/feeds/{token}/confirm").status_code == 302  # idempotent
    assert "Confirmed on" in Client().get(done["Location"]).content.decode()
    row = next(
        r
        for r in interpreter_report(event_key=published.event.key)["interpreters"]
        if r["key"] == key
    )
    assert row["confirmed"] and row["confirmed_at"] is not None


def test_the_report_flags_changes_made_after_publishing(planner, published):
    key, bus = assigned_interpreter(published)
    languages = {d["key"]: d["language"] for d in published.scenario["delegations"]}
    interpreter = Interpreter.objects.get(event=published.event, key=key)
    spoken = [
        lang for lang in interpreter.languages if lang in {languages[d] for d in bus["delegations"]}
    ]
    interpreter.languages = [lang for lang in interpreter.languages if lang not in spoken]
    day = dt.date(2025, 11, 27)
    interpreter.available_from = dt.datetime.combine(day, dt.time(8, 0), tzinfo=TOKYO)
    interpreter.available_until = dt.datetime.combine(day, dt.time(8, 5), tzinfo=TOKYO)
    interpreter.save()
    response = planner.get(f"/events/{published.event.key}/interpreter-report")
    assert response.status_code == 200
    row = next(r for r in response.json()["interpreters"] if r["key"] == key)
    problems = " | ".join(row["problems"])
    assert "08:00–08:05 no longer covers" in problems
    assert spoken and all(f"needs {lang!r}" in problems for lang in spoken)
    assert not row["covers"]

    Interpreter.objects.filter(pk=interpreter.pk).delete()
    row = next(
        r
        for r in interpreter_report(event_key=published.event.key)["interpreters"]
        if r["key"] == key
    )
    assert row["problems"] == ["removed from the event since publishing"]


def test_nothing_published_means_no_links_and_no_report(planner, demo_event):
    assert planner.post(f"/events/{demo_event.key}/feeds").status_code == 404
    assert planner.get(f"/events/{demo_event.key}/interpreter-report").status_code == 404
    assert planner.get(f"/events/{demo_event.key}/feeds").json() == []
    with pytest.raises(Exception):  # noqa: B017
        feed_link_rotate(token_id=1)
