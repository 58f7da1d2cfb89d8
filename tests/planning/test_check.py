"""The checker on the hand-made valid plan, its rule-0 (document) checks and its robustness."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planning.tiny import (
    BUS_COST,
    DRIVING,
    INTEREST,
    SCORE,
    rules,
    scenario,
    valid_plan,
)
from tours.planning.check.verdict import CheckResult, Objective, PlanUnreadable, check, objective_of
from tours.planning.model.build import problem_from_scenario

ROOT = Path(__file__).resolve().parents[2]
PROBLEM = problem_from_scenario(scenario())


def test_the_hand_made_plan_is_valid_and_scores_as_computed_by_hand():
    result = check(PROBLEM, valid_plan())
    assert result.violations == ()
    assert result.ok
    assert result.objective == Objective(score=2320, interest=32, bus_cost=500, driving_minutes=190)
    assert (SCORE, INTEREST, BUS_COST, DRIVING) == (2320, 32, 500, 190)


def test_objective_of_recomputes_and_ignores_the_reported_numbers():
    plan = valid_plan()
    plan["objective"] = {"score": 1, "interest": 2, "bus_cost": 3, "driving_minutes": 4}
    assert objective_of(PROBLEM, plan) == check(PROBLEM, valid_plan()).objective


def test_objective_of_a_plan_too_malformed_to_score_raises_a_planning_error():
    plan = valid_plan()
    plan["buses"][0]["bus"] = "bus-9"
    with pytest.raises(PlanUnreadable, match="bus-9"):
        objective_of(PROBLEM, plan)


def _with(path: str, value):
    plan, target = valid_plan(), None
    *parents, last = path.split(".")
    target = plan
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return plan


@pytest.mark.parametrize(
    ("path", "value", "where", "words"),
    [
        ("format", "kengaku.plan/2", "format", "kengaku.plan/2"),
        ("scenario", "other-tour", "scenario", "'other-tour'"),
        ("status", "done", "status", "unknown status"),
        ("buses.1.interpreters", ["int-9"], "buses[1].interpreters", "unknown interpreter"),
        ("buses.0.stops.2.at", "fac-q", "buses[0].stops[2].at", "unknown place or facility"),
        ("buses.0.stops.2.kind", "coffee", "buses[0].stops[2].kind", "unknown stop kind"),
        ("buses.0.stops.2.start", "9:30", "buses[0].stops[2].start", "not a time of day"),
        ("buses.0.stops.2.end", "24:10", "buses[0].stops[2].end", "not a time of day"),
        ("buses.0.stops.0.board", ["d-bkk", "d-xx"], "buses[0].stops[0].board", "'d-xx'"),
        ("unassigned", [{"delegation": "d-xx", "reason": "x"}], "unassigned[0]", "'d-xx'"),
        ("objective.score", 2321, "objective.score", "reports score 2321"),
        ("objective.driving_minutes", 189, "objective.driving_minutes", "is 190"),
        ("objective.interest", "32", "objective.interest", "not a whole number"),
        ("objective.bound", 2000, "objective.bound", "below this valid plan's score"),
        ("status", "optimal", "status", "not its bound 2500"),
    ],
)
def test_rule_0_the_document_itself(path, value, where, words):
    result = check(PROBLEM, _with(path, value))
    found = [v for v in result.violations if v.rule == 0]
    assert any(v.where == where and words in v.message for v in found), result.violations


def test_rule_0_an_optimal_plan_reports_its_score_as_bound():
    plan = valid_plan()
    plan["status"] = "optimal"
    plan["objective"]["bound"] = SCORE
    assert check(PROBLEM, plan).ok
    plan["objective"]["bound"] = None
    assert rules(check(PROBLEM, plan)) == {0}


def test_rule_0_a_bound_may_be_unknown_when_not_optimal():
    plan = _with("objective.bound", None)
    assert check(PROBLEM, plan).ok


def test_rule_0_unknown_keys_leave_the_plan_unscored():
    for path, value in [("buses.0.bus", "bus-9"), ("buses.1.delegations", ["d-hn", "d-zz"])]:
        result = check(PROBLEM, _with(path, value))
        assert 0 in rules(result) and result.objective is None


def test_rule_0_a_bus_listed_twice():
    plan = valid_plan()
    plan["buses"].append(json.loads(json.dumps(plan["buses"][1])))
    result = check(PROBLEM, plan)
    assert any(v.rule == 0 and "listed 2 times" in v.message for v in result.violations)
    assert 1 in rules(result)  # and d-hn rides two buses


def test_rule_0_a_listed_bus_carries_someone():
    result = check(PROBLEM, _with("buses.1.delegations", []))
    assert any(v.rule == 0 and "at least one delegation" in v.message for v in result.violations)


def test_violations_come_rule_0_first_and_all_are_reported():
    plan = _with("format", "nope")
    plan["buses"][0]["load"] = 99
    plan["buses"][1]["interpreters"] = []
    result = check(PROBLEM, plan)
    assert [v.rule for v in result.violations] == sorted(v.rule for v in result.violations)
    assert {0, 2, 8} <= rules(result)


MALFORMED = [
    None,
    [],
    "plan",
    {},
    {"format": "kengaku.plan/1", "buses": None, "unassigned": None, "objective": None},
    {"buses": [None, 1, "x", {}]},
    {"buses": [{"bus": ["bus-1"], "delegations": "d-hn", "interpreters": {}, "stops": {}}]},
    {"buses": [{"bus": "bus-1", "delegations": [["d-hn"]], "stops": [None, {"at": {}}]}]},
    {"unassigned": [1, {"delegation": 5}, {"delegation": "d-hn", "reason": []}]},
    {"objective": {"score": None, "bound": "high"}, "status": []},
]


@pytest.mark.parametrize("plan", MALFORMED)
def test_a_malformed_plan_never_raises(plan):
    result = check(PROBLEM, plan)
    assert isinstance(result, CheckResult)
    assert 0 in rules(result)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            yield from _paths(child, (*prefix, key))


PATHS = list(_paths(valid_plan()))[1:]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 2000) | st.sampled_from(["", "09:30", "bus-1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON | st.just(...)), min_size=1, max_size=3))
def test_randomly_damaged_plans_never_raise(damages):
    plan = valid_plan()
    for path, value in damages:
        target = plan
        try:
            for key in path[:-1]:
                target = target[key]
            if value is ...:
                del target[path[-1]]
            else:
                target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    result = check(PROBLEM, plan)
    if result.objective is None:
        with pytest.raises(PlanUnreadable):
            objective_of(PROBLEM, plan)
    else:
        assert objective_of(PROBLEM, plan) == result.objective


def test_an_empty_plan_for_the_demo_scenario_reports_every_delegation():
    document = json.loads((ROOT / "tours" / "fixtures" / "ascc-2025.json").read_text("utf-8"))
    problem = problem_from_scenario(document)
    plan = {"format": "kengaku.plan/1", "scenario": problem.event, "status": "feasible"}
    plan |= {"buses": [], "unassigned": [], "objective": {"bound": None}}
    result = check(problem, plan)
    unplaced = {v.where for v in result.violations if v.rule == 1}
    assert unplaced == {f"delegations {d.key!r}" for d in problem.delegations}
    assert result.objective == Objective(0, 0, 0, 0)


def test_the_checker_imports_no_solver_nor_web_framework():
    code = (
        "import sys, tours.planning.check.verdict\n"
        "bad = [m for m in ('ortools', 'django', 'pydantic', 'numpy') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
