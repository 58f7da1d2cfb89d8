"""Least-change re-planning through the Django side: from the published plan, with the diff kept;
pins that cannot hold stop a solve before it starts."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from delegations.errors import Conflict, ValidationFailed
from delegations.models import Delegation
from tours.models import Plan
from tours.services.pins import PinConflict
from tours.services.plans import plan_create
from tours.services.publication import plan_publish

pytestmark = pytest.mark.django_db

STRICT = {"delegation_moved": 10**6, "interpreter_moved": 10**5}


def _published(event) -> Plan:
    plan = plan_create(event_key=event.key, time_limit_s=3, workers=2)
    plan_publish(plan_id=plan.pk)
    return plan


def test_a_cancellation_is_re_planned_from_the_published_plan_with_its_diff(demo_event):
    published = _published(demo_event)
    gone = published.document["buses"][0]["delegations"][0]
    Delegation.objects.filter(event=demo_event, key=gone).delete()
    plan = plan_create(event_key=demo_event.key, time_limit_s=3, workers=2,
                       replan={"weights": STRICT})  # fmt: skip
    assert plan.based_on == published
    assert plan.checker_violations == 0
    disruption = plan.disruption
    assert disruption["weights"]["delegation_moved"] == 10**6
    assert disruption["delegations_moved"] == 0  # nobody else has to move for a cancellation
    changes = disruption["changes"]
    assert [m["text"] for m in changes["delegations"]] == [
        f"delegation {gone!r} is no longer carried (it was on bus "
        f"{published.document['buses'][0]['bus']!r})"
    ]
    assert gone in changes["affected"]["delegations"]
    riders = {d: b["bus"] for b in plan.document["buses"] for d in b["delegations"]}
    before = {d: b["bus"] for b in published.document["buses"] for d in b["delegations"]}
    assert riders == {d: bus for d, bus in before.items() if d != gone}


def test_a_re_plan_needs_a_published_plan_and_valid_weights(demo_event):
    with pytest.raises(Conflict) as nothing:
        plan_create(event_key=demo_event.key, time_limit_s=2, workers=1, replan={})
    assert nothing.value.code == "nothing_published"
    with pytest.raises(ValidationFailed) as bad:
        plan_create(event_key=demo_event.key, time_limit_s=2, workers=1,
                    replan={"weights": {"visit_shifted": "lots"}})  # fmt: skip
    assert bad.value.details[0]["path"] == "replan.weights"
    assert not Plan.objects.exists()


def test_the_command_re_plans_and_says_what_changed(demo_event):
    _published(demo_event)
    out = StringIO()
    call_command("plan", demo_event.key, "--time-limit", "3", "--replan",
                 "--disruption-weights", '{"delegation_moved": 1000000}', stdout=out)  # fmt: skip
    lines = out.getvalue().strip().splitlines()
    assert lines[1].startswith("re-planned from plan ")
    with pytest.raises(CommandError, match="goes with --replan"):
        call_command("plan", demo_event.key, "--disruption-weights", "{}")


def test_pins_that_cannot_hold_stop_a_solve_before_it_starts(demo_event):
    # two buses for one delegation: refused before any solve (no plan is stored)
    from tours.models import Bus, Pin

    delegation = Delegation.objects.get(event=demo_event, key="bangkok")
    first, second = Bus.objects.filter(event=demo_event)[:2]
    Pin.objects.create(event=demo_event, kind="delegation_bus", bus=first, delegation=delegation)
    Pin.objects.create(event=demo_event, kind="delegation_bus", bus=second, delegation=delegation)
    with pytest.raises(PinConflict) as conflict:
        plan_create(event_key=demo_event.key, time_limit_s=2, workers=1)
    assert "bangkok" in conflict.value.message
    assert not Plan.objects.exists()
