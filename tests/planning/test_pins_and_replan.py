"""Pins hold in every plan the solver returns; a re-plan starts from the published plan and
moves only what the change forces (disruption.py)."""

import dataclasses
import json
from pathlib import Path

import pytest

from tours.planning.check.verdict import check
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.problem import Pin, minutes
from tours.planning.replan.disruption import Disruption, DisruptionWeights
from tours.planning.replan.plan_diff import plan_diff
from tours.planning.solver import solve

DEMO = Path(__file__).resolve().parents[2] / "tours" / "fixtures" / "ascc-2025.json"


@pytest.fixture(scope="module")
def demo():
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    problem = problem_from_scenario(document)
    return document, problem, solve(problem, time_limit_s=4, seed=0, workers=2)


def _bus(plan: dict, key: str) -> dict:
    return next(b for b in plan["buses"] if b["bus"] == key)


def test_every_kind_of_pin_holds_in_the_plan(demo):
    # a planner keeps what was announced for one bus: who rides, its interpreter, a visit time
    _, problem, published = demo
    bus = max(published["buses"], key=lambda b: len(b["interpreters"]))
    visit = next(s for s in bus["stops"] if s["kind"] == "visit")
    pins = (
        Pin("visit_time", bus["bus"], facility=visit["at"], start=minutes(visit["start"])),
        Pin("interpreter_bus", bus["bus"], interpreter=bus["interpreters"][0]),
        *(Pin("delegation_bus", bus["bus"], delegation=k) for k in bus["delegations"]),
    )
    pinned = dataclasses.replace(problem, pins=pins)
    plan = solve(pinned, time_limit_s=4, seed=0, workers=2)
    result = check(pinned, plan)
    assert result.ok, result.violations
    kept = _bus(plan, bus["bus"])
    assert set(bus["delegations"]) <= set(kept["delegations"])
    assert [s["start"] for s in kept["stops"] if s["at"] == visit["at"]] == [visit["start"]]
    assert bus["interpreters"][0] in kept["interpreters"]
    assert not plan["unassigned"]


def _without(document: dict, key: str) -> dict:
    changed = json.loads(json.dumps(document))
    changed["delegations"] = [d for d in changed["delegations"] if d["key"] != key]
    for d in changed["delegations"]:
        d["together_with"] = [k for k in d.get("together_with", []) if k != key]
    return changed


STRICT = DisruptionWeights(delegation_moved=10**6, interpreter_moved=10**5)


def test_a_cancellation_is_re_planned_without_moving_anyone_when_moves_cost_more(demo):
    document, _, published = demo
    gone = published["buses"][2]["delegations"][0]
    problem = problem_from_scenario(_without(document, gone))
    plan = solve(problem, time_limit_s=4, seed=0, workers=2, baseline=published,
                 disruption=STRICT)  # fmt: skip
    assert check(problem, plan).ok
    assert plan["disruption"] == Disruption(problem, published, STRICT).summary(plan["buses"])
    assert (plan["disruption"]["delegations_moved"], plan["unassigned"]) == (0, [])
    before = {d: b["bus"] for b in published["buses"] for d in b["delegations"] if d != gone}
    after = {d: b["bus"] for b in plan["buses"] for d in b["delegations"]}
    assert after == before


def test_a_withdrawn_bus_is_re_planned_carrying_everyone(demo):
    document, _, published = demo
    withdrawn = published["buses"][0]
    changed = json.loads(json.dumps(document))
    changed["buses"] = [b for b in changed["buses"] if b["key"] != withdrawn["bus"]]
    problem = problem_from_scenario(changed)
    plan = solve(problem, time_limit_s=4, seed=0, workers=2, baseline=published,
                 disruption=STRICT)  # fmt: skip
    assert check(problem, plan).ok
    assert not plan["unassigned"]  # carrying everyone comes before any disruption
    assert plan["disruption"]["delegations_moved"] >= len(withdrawn["delegations"])
    assert all(b["bus"] != withdrawn["bus"] for b in plan["buses"])


def test_disruption_weights_are_validated():
    with pytest.raises(ValueError, match="unknown disruption weights: bogus"):
        DisruptionWeights.from_dict({"bogus": 1})
    with pytest.raises(ValueError, match="delegation_moved must be a whole number"):
        DisruptionWeights.from_dict({"delegation_moved": -1})


def _change_kinds():
    from bench.replan import changes

    document = json.loads(DEMO.read_text(encoding="utf-8"))
    published = solve(problem_from_scenario(document), time_limit_s=3, seed=0, workers=2)
    return [(name, published, changed) for name, changed in changes(document, published)]


CHANGES = _change_kinds()


@pytest.mark.parametrize(("name", "published", "changed"), CHANGES, ids=[c[0] for c in CHANGES])
def test_each_kind_of_change_is_re_planned_and_its_diff_agrees(name, published, changed):
    problem = problem_from_scenario(changed)
    plan = solve(problem, time_limit_s=3, seed=0, workers=2, baseline=published)
    assert check(problem, plan).ok
    diff = plan_diff(published, plan, tolerance_minutes=DisruptionWeights().tolerance_minutes)
    present = {d.key for d in problem.delegations}
    moved = [m for m in diff["delegations"] if m["from_bus"] and m["delegation"] in present]
    assert plan["disruption"]["delegations_moved"] == len(moved)
    assert {m["delegation"] for m in diff["delegations"]} <= set(diff["affected"]["delegations"])
    crew = {i.key for i in problem.interpreters}
    left = [m for m in diff["interpreters"] if m["from_bus"] and m["interpreter"] in crew]
    assert plan["disruption"]["interpreters_moved"] == len(left)
    assert len(CHANGES) == 6  # cancel, grow, flight, bus withdrawn, window closed, interpreter out
