"""GET /api/plans/{plan_id}/explain through the real project API."""

import pytest

from tours.models import Plan
from tours.services.plans import plan_create

RULES = {"accessibility", "avoid", "route length", "window", "capacity", "language", "score"}


@pytest.fixture
def plan(demo_event) -> Plan:
    return plan_create(event_key=demo_event.key, time_limit_s=2, workers=1)


def test_a_viewer_reads_the_explanation_of_a_demo_plan(viewer, plan, demo_document):
    response = viewer.get(f"/plans/{plan.pk}/explain")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["plan"], body["event"]) == (plan.pk, plan.event.key)
    assert list(body["delegations"]) == [d["key"] for d in demo_document["delegations"]]
    assert list(body["buses"]) == [b["bus"] for b in plan.document["buses"]]
    assert list(body["facilities"]) == [f["key"] for f in demo_document["facilities"]]
    for route in plan.document["buses"]:
        bus = body["buses"][route["bus"]]
        assert bus["load"] == route["load"] and bus["free_seats"] == bus["seats"] - bus["load"]
        assert bus["idle_minutes"] >= 0 and bus["delegations"] == route["delegations"]
        for key in route["delegations"]:
            delegation = body["delegations"][key]
            assert delegation["bus"] == route["bus"]
            misses = delegation["misses"]
            assert misses is None or misses["binding"]["rule"] in RULES
    weighted = sum(d["weighted_interest"] for d in body["delegations"].values())
    assert weighted == plan.document["objective"]["interest"]


def test_an_unknown_plan_is_404(viewer, demo_event):
    response = viewer.get("/plans/999999/explain")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_plan_without_its_scenario_cannot_be_explained(planner, plan):
    Plan.objects.filter(pk=plan.pk).update(scenario=None)
    response = planner.get(f"/plans/{plan.pk}/explain")
    assert response.status_code == 409
    assert response.json()["code"] == "plan_without_scenario"


def test_explaining_needs_a_token(anonymous, plan):
    assert anonymous.get(f"/plans/{plan.pk}/explain").status_code == 401
