"""A pattern's value is at least what any route of its group through its course is worth: the
driving it counts is a floor on every such route, so bounds built on it are true."""

import json
from pathlib import Path

from tests.planning.test_regroup import _scenario
from tours.planning.bound.patterns import PatternSpace, bus_types
from tours.planning.check.verdict import check
from tours.planning.day import _courses, _placeable
from tours.planning.model.build import problem_from_scenario
from tours.planning.routing.plan import objective_parts
from tours.planning.solver import solve

DEMO = Path(__file__).resolve().parents[2] / "tours" / "fixtures" / "ascc-2025.json"


def _space(problem) -> PatternSpace:
    units, _ = _placeable(problem)
    courses, _ = _courses(problem, units)
    return PatternSpace(problem, units, courses)


def _bus_worth_and_pattern_value(problem, space: PatternSpace, bus: dict) -> tuple[int, int]:
    index = {f.key: n for n, f in enumerate(problem.facilities)}
    visited = tuple(sorted(index[s["at"]] for s in bus["stops"] if s["kind"] == "visit"))
    course = next(n for n, c in enumerate(space.courses) if c.facilities == visited)
    unit_of = {d.key: u.index for u in space.units for d in u.delegations}
    units = tuple(sorted({unit_of[k] for k in bus["delegations"]}))
    bus_type = next(t for t in bus_types(problem) if any(b.key == bus["bus"] for b in t.buses))
    worth = objective_parts(problem, [bus])["score"]
    return worth, space.pattern_value(bus_type, course, units)


def test_a_lone_delegation_from_the_nearest_hotel_is_not_charged_its_way_in_twice():
    """Hotel to X is 20 minutes, X to lunch 15, lunch back to the hotel 20: the route drives 55
    minutes, which the course's floor already counts from the hotel and back. The bound the
    solver proves is the plan's own score: optimal."""
    document = _scenario([{"key": "d1", "language": "ja", "size": 5, "interests": {"fac-x": 5}}],
                         [{"key": "bus-1"}], [])  # fmt: skip
    problem = problem_from_scenario(document)
    plan = solve(problem, time_limit_s=5, workers=1)
    assert plan["objective"]["driving_minutes"] == 55
    assert plan["objective"]["bound"] == plan["objective"]["score"] == 5 * 100 - 100 - 55
    assert plan["status"] == "optimal"
    assert not [w for w in plan["warnings"] if w.startswith("internal")]
    space = _space(problem)
    for bus in plan["buses"]:
        worth, value = _bus_worth_and_pattern_value(problem, space, bus)
        assert worth <= value


def test_every_bus_of_the_demo_plan_is_worth_at_most_its_pattern_value():
    problem = problem_from_scenario(json.loads(DEMO.read_text(encoding="utf-8")))
    plan = solve(problem, time_limit_s=4, seed=0, workers=2)
    assert check(problem, plan).ok
    space = _space(problem)
    for bus in plan["buses"]:
        worth, value = _bus_worth_and_pattern_value(problem, space, bus)
        assert worth <= value, bus["bus"]
    assert plan["objective"]["bound"] >= plan["objective"]["score"]
