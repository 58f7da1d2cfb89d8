"""The benchmark's scenario generator and greedy baseline (no database).

bench/ is not a package, so its generator is loaded by file path.
"""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tours.planning.check.verdict import check
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.precheck import excluded_units
from tours.planning.model.units import make_units
from tours.planning.quick import greedy
from tours.scenario.document import scenario_parse

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    path = ROOT / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"kengaku_bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


scenarios = _load("scenarios")

EXPECTED = {  # delegations, facilities, buses, hotels, lunch places
    "ascc": (24, 16, 6, 4, 3),
    "regional": (80, 30, 16, 8, 6),
    "summit": (300, 60, 50, 15, 12),
}


def _kinds(document: dict, kind: str) -> list[dict]:
    return [p for p in document["places"] if p["kind"] == kind]


@pytest.mark.parametrize("size", list(EXPECTED))
def test_sizes_are_as_specified_and_the_documents_are_valid(size):
    document = scenarios.generate(size, 1)
    delegations, facilities, buses, hotels, lunches = EXPECTED[size]
    assert len(document["delegations"]) == delegations
    assert len(document["facilities"]) == facilities
    assert len(document["buses"]) == buses
    assert (len(_kinds(document, "hotel")), len(_kinds(document, "lunch"))) == (hotels, lunches)
    assert len(_kinds(document, "venue")) == 1 and 1 <= len(_kinds(document, "airport")) <= 2
    scenario_parse(document)  # the full contract, as import checks it
    problem = problem_from_scenario(document)
    assert len(problem.delegations) == delegations


@pytest.mark.parametrize("size", list(EXPECTED))
def test_the_same_seed_gives_the_same_document(size):
    assert scenarios.generate(size, 7) == scenarios.generate(size, 7)
    assert scenarios.generate(size, 7) != scenarios.generate(size, 8)


CASES = [("ascc", 1), ("ascc", 2), ("regional", 1), ("summit", 1)]


@pytest.mark.parametrize(("size", "seed"), CASES)
def test_every_delegation_can_be_carried_in_principle(size, seed):
    problem = problem_from_scenario(scenarios.generate(size, seed))
    assert excluded_units(problem, make_units(problem, problem.delegations)) == []
    for d in problem.delegations:
        if d.needs_interpreter:
            assert any({d.language, "ja"} <= i.languages for i in problem.interpreters)


def test_the_summit_looks_like_a_summit():
    document = scenarios.generate("summit", 3)
    sizes = [d["size"] for d in document["delegations"]]
    assert min(sizes) >= 1 and max(sizes) <= 8 and 3.0 <= sum(sizes) / len(sizes) <= 4.2
    english = sum(d["language"] == "en" for d in document["delegations"]) / len(sizes)
    assert 0.25 <= english <= 0.45
    flying = sum(d["dropoff"].startswith("haneda") for d in document["delegations"])
    assert 0.03 * len(sizes) <= flying <= 0.12 * len(sizes)
    assert {b["seats"] for b in document["buses"]} <= {20, 27, 45}
    seats = sum(b["seats"] for b in document["buses"])
    aboard = sum(sizes) + len(document["interpreters"]) + len(document["buses"])
    assert 1.2 * aboard <= seats <= 1.6 * aboard
    assert any(b["wheelchair_spaces"] for b in document["buses"])
    accessible = sum(f["wheelchair"] for f in document["facilities"])
    assert accessible >= 0.15 * len(document["facilities"])


def test_the_greedy_plan_passes_the_checker():
    problem = problem_from_scenario(scenarios.generate("ascc", 1))
    plan = greedy.greedy_plan(problem, attempt_s=5)
    result = check(problem, plan)
    assert result.ok, result.violations[:5]  # unassigned delegations are checked too (reasons)
    carried = {key for bus in plan["buses"] for key in bus["delegations"]}
    assert len(carried) + len(plan["unassigned"]) == len(problem.delegations)
    assert len(carried) >= 0.8 * len(problem.delegations)
    assert plan["objective"]["score"] == result.objective.score > 0
    assert plan["objective"]["bound"] is None
