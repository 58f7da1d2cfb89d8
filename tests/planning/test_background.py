"""Column generation in a forked child: the same bound as in this process, and never a wait
beyond its deadline."""

import json
import math
import multiprocessing
import time

import pytest

from tests.planning.test_capacity import one_small_room
from tests.planning.test_solver import DEMO
from tours.planning.bound import background
from tours.planning.bound.background import GRACE_S, BoundInBackground
from tours.planning.bound.generation import ColumnGeneration
from tours.planning.bound.patterns import PatternSpace, bus_types, singletons
from tours.planning.check.verdict import check
from tours.planning.day import _courses
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.units import make_units
from tours.planning.solver import solve

pytestmark = pytest.mark.skipif(not background.available(), reason="no fork on this system")


def demo_generation() -> ColumnGeneration:
    problem = problem_from_scenario(json.loads(DEMO.read_text(encoding="utf-8")))
    units = make_units(problem, problem.delegations)
    courses, exhaustive = _courses(problem, units)
    assert exhaustive
    space = PatternSpace(problem, units, courses)
    types = bus_types(problem)
    generation = ColumnGeneration(space, types)
    for pattern in singletons(space, types):
        generation.add(pattern)
    return generation


def test_the_child_proves_the_bound_this_process_would():
    here = demo_generation()
    bound_here = here.run(time.monotonic() + 120)
    assert here.converged
    proving = BoundInBackground(demo_generation(), frozenset(), time.monotonic() + 120, keep=20)
    bound, converged, promising = proving.result()
    assert converged
    assert bound == pytest.approx(bound_here, abs=1e-6)
    assert len(promising) >= 20  # the 20 best and every single-unit pattern
    best_here = {(p.bus_type, p.course, p.units) for p in here.most_promising(20)[:20]}
    assert {(p.bus_type, p.course, p.units) for p in promising[:20]} == best_here


def test_a_child_out_of_time_is_stopped_and_its_last_report_kept():
    converged = demo_generation()
    least = converged.run(time.monotonic() + 120)
    started = time.monotonic()
    proving = BoundInBackground(demo_generation(), frozenset(), started + 0.3, keep=20)
    bound, _, _ = proving.result()
    assert time.monotonic() - started < 0.3 + GRACE_S + 1.0
    assert not proving._child.is_alive()
    # whatever it reported is a true bound: never below the relaxation's optimum
    assert math.isinf(bound) or bound >= least - 1e-6


def test_with_two_workers_the_solver_still_proves_a_hand_computed_optimum():
    problem = problem_from_scenario(one_small_room())
    plan = solve(problem, time_limit_s=5, workers=2)
    assert check(problem, plan).ok
    assert plan["objective"]["score"] == plan["objective"]["bound"] == 700
    assert plan["status"] == "optimal"


def test_with_two_workers_the_demo_plan_is_valid_and_bounded():
    problem = problem_from_scenario(json.loads(DEMO.read_text(encoding="utf-8")))
    plan = solve(problem, time_limit_s=8, workers=2)
    result = check(problem, plan)
    assert result.ok, [str(v) for v in result.violations]
    assert plan["objective"]["score"] == result.objective.score
    assert plan["objective"]["bound"] >= plan["objective"]["score"]
    assert plan["unassigned"] == []


def _solve_in(queue) -> None:
    problem = problem_from_scenario(one_small_room())
    plan = solve(problem, time_limit_s=3, workers=2)
    queue.put((plan["status"], plan["objective"]["bound"], check(problem, plan).ok))


def test_a_daemonic_process_proves_the_bound_itself():
    """A daemonic process (a pool's worker, say) may not have children: the solver then proves
    the bound in that process instead of failing."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=_solve_in, args=(queue,), daemon=True)
    worker.start()
    status, bound, ok = queue.get(timeout=60)
    worker.join(timeout=10)
    assert (status, bound, ok) == ("optimal", 700, True)


def test_a_plan_proven_optimal_ends_the_search_before_the_time_limit():
    problem = problem_from_scenario(one_small_room())
    for workers in (1, 2):
        plan = solve(problem, time_limit_s=60, workers=workers)
        assert plan["status"] == "optimal"
        assert plan["objective"]["score"] == plan["objective"]["bound"] == 700
        assert plan["solve_seconds"] < 30  # not searching on until the limit (54 s)


def _allocate_after_cap(megabytes: int, outbox) -> None:
    background._cap_memory(megabytes)
    try:
        block = bytearray(512 * 2**20)  # far beyond the budget
        outbox.send(("allocated", len(block)))
    except MemoryError:
        outbox.send(("refused", 0))


def test_the_bound_child_cannot_grow_past_its_memory_budget() -> None:
    """The child's address space is capped a little above what it inherits: 512 MB more is
    refused (MemoryError) with a 64 MB budget, where the parent itself could allocate it."""
    context = multiprocessing.get_context("fork")
    inbox, outbox = context.Pipe(duplex=False)
    child = context.Process(target=_allocate_after_cap, args=(64, outbox))
    child.start()
    answer = inbox.recv() if inbox.poll(30) else None
    child.join(timeout=10)
    assert answer == ("refused", 0)
    assert len(bytearray(512 * 2**20)) == 512 * 2**20  # the parent is not capped
