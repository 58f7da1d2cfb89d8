"""`manage.py plan EVENT`: solve through the adapters, store an immutable Plan, print a summary."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from delegations.errors import NotFound, ValidationFailed
from tours import adapters
from tours.adapters import problem_for_event
from tours.models import Plan
from tours.planning.check.verdict import check
from tours.planning.model.problem import canonical_sha256
from tours.selectors.scenario import scenario_export
from tours.services.plans import plan_create

pytestmark = pytest.mark.django_db


def test_plan_stores_a_plan_that_passes_the_checker_and_prints_its_summary(demo_event, tmp_path):
    out, document_file = StringIO(), tmp_path / "plan.json"
    call_command(
        "plan", "ascc-2025-tour", "--time-limit", "10", "--out", str(document_file), stdout=out
    )
    plan = Plan.objects.get()
    assert plan.event == demo_event
    assert plan.checker_violations == 0
    assert check(problem_for_event(demo_event), plan.document).ok
    document = plan.document
    assert document["scenario_sha256"] == plan.scenario_sha256
    assert (plan.status, plan.score, plan.bound) == (
        document["status"],
        document["objective"]["score"],
        document["objective"]["bound"],
    )
    assert (plan.seed, plan.time_limit_s) == (0, 10.0)
    assert json.loads(document_file.read_text(encoding="utf-8")) == document
    line = out.getvalue().strip()
    assert "\n" not in line
    assert re.match(r"^ascc-2025-tour: \w+ score -?\d+ bound \S+ gap \S+ in [\d.]+ s, ", line), line


def test_the_stored_hash_is_the_core_hash_of_the_exported_scenario(demo_event):
    problem = problem_for_event(demo_event)
    assert problem.scenario_sha256 == canonical_sha256(scenario_export(event_key=demo_event.key))


def test_what_the_core_cannot_read_is_a_validation_failure_with_paths(demo_event, monkeypatch):
    document = scenario_export(event_key=demo_event.key)
    document["delegations"][1]["dropoff"] = "nowhere"
    monkeypatch.setattr(adapters, "scenario_export", lambda event_key: document)
    with pytest.raises(ValidationFailed) as caught:
        problem_for_event(demo_event)
    problems = [(p.path, p.message) for p in caught.value.problems]
    assert problems == [("delegations[1].dropoff", "unknown place 'nowhere'")]
    with pytest.raises(CommandError, match=r"delegations\[1\]\.dropoff: unknown place"):
        call_command("plan", demo_event.key, "--time-limit", "1")
    assert not Plan.objects.exists()


def test_an_unknown_event_is_a_command_error(db):
    with pytest.raises(CommandError, match="no event with key 'nope'"):
        call_command("plan", "nope", "--time-limit", "1")
    with pytest.raises(NotFound):
        plan_create(event_key="nope", time_limit_s=1, seed=0, workers=1)


def test_bad_settings_are_validation_failures(db):
    with pytest.raises(ValidationFailed) as caught:
        plan_create(event_key="nope", time_limit_s=0, seed=0, workers=0)
    assert {p.path for p in caught.value.problems} == {"time_limit_s", "workers"}


def test_plans_are_immutable_once_stored(demo_event):
    plan = Plan.objects.create(
        event=demo_event,
        scenario_sha256="0" * 64,
        status="infeasible",
        score=0,
        solve_seconds=0.1,
        time_limit_s=1,
        document={},
    )
    plan.score = 5
    with pytest.raises(ValueError, match="immutable"):
        plan.save()
