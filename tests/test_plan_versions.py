"""Plans are immutable versions: listed with their figures, read back exactly as stored, checked
against their own scenario or the current one, and stale (with what changed) once the event's
data moves on."""

import pytest

from tours.models import Plan
from tours.planning.model.problem import canonical_sha256
from tours.scenario.document import scenario_sha256
from tours.scenario_changes import scenario_changes
from tours.selectors.plans import plan_staleness
from tours.selectors.scenario import scenario_of
from tours.services.plans import plan_create

pytestmark = pytest.mark.django_db
EVENT = "ascc-2025-tour"


def make_plan(event, **fields) -> Plan:
    """A stored plan of the event as it is now, without solving (for what a solve is not for)."""
    scenario = scenario_of(event)
    values = {
        "event": event,
        "scenario": scenario,
        "scenario_sha256": scenario_sha256(scenario),
        "status": "feasible",
        "score": 1000,
        "bound": 1100,
        "solve_seconds": 0.5,
        "time_limit_s": 2,
        "workers": 1,
        "stats": {"gap": 0.090909},
        "document": {"format": "kengaku.plan/1", "status": "feasible", "buses": []},
        **fields,
    }
    return Plan.objects.create(**values)


@pytest.fixture
def solved(demo_event) -> Plan:
    return plan_create(event_key=EVENT, time_limit_s=2, workers=1)


def test_the_stale_hash_is_the_cores_hash(demo_event):
    document = scenario_of(demo_event)
    assert scenario_sha256(document) == canonical_sha256(document)


def test_a_fresh_plan_is_not_stale_and_reads_back_exactly(planner, solved):
    assert solved.checker_violations == 0
    assert planner.get(f"/plans/{solved.pk}").json() == solved.document
    info = planner.get(f"/plans/{solved.pk}/info").json()
    assert (info["stale"], info["changes"]) == (False, [])
    assert info["scenario_sha256"] == info["current_sha256"] == solved.scenario_sha256
    assert (info["status"], info["score"], info["bound"]) == (
        solved.status,
        solved.score,
        solved.bound,
    )
    assert info["stats"] == solved.stats
    assert info["publications"] == [] and info["in_force"] is False
    checked = planner.get(f"/plans/{solved.pk}/check").json()
    assert (checked["against"], checked["ok"], checked["violations"]) == ("own", True, [])


def test_editing_a_delegation_makes_the_plan_stale_and_says_what_changed(planner, demo_event):
    plan = make_plan(demo_event)
    response = planner.patch(f"/events/{EVENT}/delegations/bangkok", {"size": 7})
    assert response.status_code == 200, response.content
    assert planner.delete(f"/events/{EVENT}/buses/coach-micro-1").status_code == 204
    new = {"key": "int-vi-9", "name": "Lan", "languages": ["ja", "vi"]}
    assert planner.post(f"/events/{EVENT}/interpreters", new).status_code == 201
    windows = {"windows": [["09:30", "12:00"], ["13:30", "16:30"]]}
    assert planner.patch(f"/events/{EVENT}/facilities/tsurumi-plant", windows).status_code == 200
    info = planner.get(f"/plans/{plan.pk}/info").json()
    assert info["stale"] is True
    assert info["changes"] == [
        "facility 'tsurumi-plant': windows changed",
        "bus 'coach-micro-1' removed",
        "interpreter 'int-vi-9' added",
        "delegation 'bangkok': size 6 → 7",
    ]
    listed = planner.get(f"/events/{EVENT}/plans").json()["items"]
    assert [(p["id"], p["stale"], p["published"]) for p in listed] == [(plan.pk, True, False)]


def test_changing_it_back_makes_the_plan_current_again(planner, demo_event):
    plan = make_plan(demo_event)
    planner.patch(f"/events/{EVENT}", {"boarding_minutes": 12})
    assert plan_staleness(plan=plan)["changes"] == ["event: boarding_minutes 10 → 12"]
    planner.patch(f"/events/{EVENT}", {"boarding_minutes": 10})
    assert plan_staleness(plan=plan) == {
        "stale": False,
        "changes": [],
        "current_sha256": plan.scenario_sha256,
    }


def test_check_against_the_current_data_finds_what_no_longer_fits(planner, solved):
    route = next(b for b in solved.document["buses"] if b.get("delegations"))
    bus = route["bus"]
    response = planner.patch(f"/events/{EVENT}/buses/{bus}", {"seats": 1})
    assert response.status_code == 200, response.content
    own = planner.get(f"/plans/{solved.pk}/check").json()
    assert own["ok"] is True
    current = planner.get(f"/plans/{solved.pk}/check?against=current").json()
    assert current["ok"] is False
    assert current["against"] == "current"
    assert current["scenario_sha256"] != solved.scenario_sha256
    assert any(bus in v["where"] or bus in v["message"] for v in current["violations"])


def test_plan_lists_newest_first_with_gap_and_flags(planner, demo_event):
    older = make_plan(demo_event, score=900)
    newer = make_plan(demo_event, status="optimal", score=1100, bound=1100, stats={"gap": 0.0})
    items = planner.get(f"/events/{EVENT}/plans").json()["items"]
    assert [p["id"] for p in items] == [newer.pk, older.pk]
    assert items[0]["gap"] == 0.0 and items[1]["gap"] == 0.090909
    assert {p["stale"] for p in items} == {False}
    assert {p["in_force"] for p in items} == {False}


def test_unknown_plans_and_bad_queries(planner, demo_event):
    for path in ("/plans/999999", "/plans/999999/info", "/plans/999999/check"):
        response = planner.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"
    plan = make_plan(demo_event)
    assert planner.get(f"/plans/{plan.pk}/check?against=yesterday").status_code == 422
    assert planner.get("/events/no-such-event/plans").status_code == 404


def test_plans_stay_immutable(demo_event):
    plan = make_plan(demo_event)
    plan.score = 1
    with pytest.raises(ValueError, match="immutable"):
        plan.save()


# The structural diff on its own (no database).


def _doc(**sections) -> dict:
    return {"format": "kengaku.scenario/1", **sections}


def test_keyed_sections_report_added_removed_and_changed_fields():
    old = _doc(delegations=[{"key": "jakarta", "size": 5, "interests": {"a": 3}},
                            {"key": "hanoi", "size": 4}])  # fmt: skip
    new = _doc(delegations=[{"key": "jakarta", "size": 6, "interests": {"a": 4, "b": 1}},
                            {"key": "manila", "size": 2}])  # fmt: skip
    assert scenario_changes(old, new) == [
        "delegation 'hanoi' removed",
        "delegation 'manila' added",
        "delegation 'jakarta': size 5 → 6",
        "delegation 'jakarta': interests.a 3 → 4",
        "delegation 'jakarta': interests.b set to 1",
    ]


def test_objects_lists_new_sections_and_order():
    old = _doc(event={"name": "A", "lunch": {"minutes": 60}}, places=[{"key": "p"}, {"key": "q"}])
    new = _doc(
        event={"name": "B", "lunch": {"minutes": 45}, "notes": "x"},
        places=[{"key": "q"}, {"key": "p"}],
        pins=[{"key": "pin-1", "delegation": "jakarta", "bus": "bus-3"}],
        buses=[{"key": "bus-3", "seats": 9, "wheelchair": False}],
    )
    assert scenario_changes(old, new) == [
        "event: name 'A' → 'B'",
        "event: lunch.minutes 60 → 45",
        "event: notes set to 'x'",
        "places: order changed",
        "bus 'bus-3' added",
        "pin 'pin-1' added",
    ]
    assert scenario_changes(new, new) == []
