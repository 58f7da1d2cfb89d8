"""The solver on scenarios small enough to know the answer, and its promises on any scenario."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.planning.scenarios import base_scenario, delegation, with_delegations
from tours.planning.check.verdict import check
from tours.planning.model.build import problem_from_scenario
from tours.planning.solver import solve

DEMO = Path(__file__).resolve().parents[2] / "tours" / "fixtures" / "ascc-2025.json"


def solved(document: dict, **options) -> tuple[dict, object]:
    problem = problem_from_scenario(document)
    plan = solve(problem, time_limit_s=options.pop("time_limit_s", 5), workers=1, **options)
    result = check(problem, plan)
    assert result.ok, [str(v) for v in result.violations]
    reported = {
        k: plan["objective"][k] for k in ("score", "interest", "bus_cost", "driving_minutes")
    }
    assert reported == {
        "score": result.objective.score,
        "interest": result.objective.interest,
        "bus_cost": result.objective.bus_cost,
        "driving_minutes": result.objective.driving_minutes,
    }
    return plan, problem


def test_one_delegation_gets_its_two_favourites_and_the_plan_is_proven_optimal():
    document = with_delegations(
        base_scenario(buses=1), delegation("alpha", {"f1": 5, "f2": 1, "f3": 4, "f4": 2})
    )
    plan, _ = solved(document)
    visited = {s["at"] for s in plan["buses"][0]["stops"] if s["kind"] == "visit"}
    assert visited == {"f1", "f3"}
    assert plan["objective"]["score"] == 100 * (5 + 4) - 300
    assert plan["objective"]["bound"] == plan["objective"]["score"]
    assert plan["status"] == "optimal"


def test_two_delegations_with_different_tastes_take_two_buses():
    # One bus: the best shared pair scores 11 -> 1100 - 300 = 800.
    # Two buses: 9 + 9 -> 1800 - 600 = 1200, the optimum.
    document = with_delegations(
        base_scenario(buses=2),
        delegation("alpha", {"f1": 5, "f2": 4, "f3": 0, "f4": 1}),
        delegation("beta", {"f1": 1, "f2": 0, "f3": 5, "f4": 4}),
    )
    plan, _ = solved(document)
    assert plan["objective"]["score"] == 1200
    assert plan["status"] == "optimal"
    assert len(plan["buses"]) == 2


def test_shared_tastes_share_a_bus():
    document = with_delegations(
        base_scenario(buses=2),
        delegation("alpha", {"f1": 5, "f2": 4}),
        delegation("beta", {"f1": 5, "f2": 4}),
    )
    plan, _ = solved(document)
    assert plan["objective"]["score"] == 100 * 18 - 300
    assert plan["status"] == "optimal"


@pytest.mark.parametrize(
    ("trouble", "rule", "words"),
    [
        ({"size": 30}, 2, "largest suitable bus"),
        ({"wheelchair_users": 3, "size": 4}, 2, "wheelchair"),
        ({"language": "km"}, 8, "no interpreter speaks km"),
        ({"wheelchair_users": 1, "must_visit": ["f2"]}, 6, "not wheelchair-accessible"),
        ({"latest_dropoff": "08:30"}, 3, "cannot get there"),
    ],
    ids=["too-big", "wheelchairs", "language", "inaccessible-must-visit", "flight"],
)
def test_who_cannot_be_carried_is_explained_and_the_rest_still_ride(trouble, rule, words):
    document = with_delegations(
        base_scenario(buses=2),
        delegation("fine", {"f1": 5, "f2": 3}),
        delegation("trouble", {"f1": 4}, **trouble),
    )
    plan, _ = solved(document)
    [entry] = plan["unassigned"]
    assert entry["delegation"] == "trouble"
    assert entry["reason"].startswith(f"rule {rule}:")
    assert words in entry["reason"]
    assert [b["delegations"] for b in plan["buses"]] == [["fine"]]


def test_the_demo_plans_with_zero_violations():
    plan, _problem = solved(json.loads(DEMO.read_text(encoding="utf-8")), time_limit_s=10)
    assert not plan["unassigned"]
    assert plan["objective"]["bound"] >= plan["objective"]["score"]


def _plan_in_fresh_process(hash_seed: str) -> str:
    """A generous limit: the solve ends by itself (about 7 s), so no wall-clock cut-off differs
    between the two runs, which is the condition under which one worker reproduces."""
    code = (
        "import json, sys\n"
        "from tours.planning.model.build import problem_from_scenario\n"
        "from tours.planning.solver import solve\n"
        f"p = problem_from_scenario(json.load(open({str(DEMO)!r})))\n"
        "plan = solve(p, time_limit_s=30, seed=7, workers=1)\n"
        "plan.pop('solve_seconds')\n"
        "print(json.dumps(plan, sort_keys=True))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_same_scenario_seed_and_one_worker_give_the_same_plan():
    assert _plan_in_fresh_process("1") == _plan_in_fresh_process("2")


def test_the_bound_counts_the_cost_of_carrying_a_delegation_worth_less_than_its_bus():
    # "beta" must visit f3, which "alpha" avoids, so it needs a bus of its own (300) for a
    # visit worth nothing to it. Leaving it behind would score more, but a plan that can carry
    # it must: the bound may not count the plan without it, and so the optimum is proven.
    document = with_delegations(
        base_scenario(buses=2),
        delegation("alpha", {"f1": 5, "f2": 4}, avoid=["f3"]),
        delegation("beta", {}, must_visit=["f3"]),
    )
    plan, _ = solved(document)
    assert not plan["unassigned"]
    assert plan["objective"]["score"] == 100 * 9 - 300 - 300
    assert plan["objective"]["bound"] == plan["objective"]["score"]
    assert plan["status"] == "optimal"
