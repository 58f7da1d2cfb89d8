"""solve(problem) -> a kengaku.plan/1 plan: bound by column generation, plan by choosing patterns
and timing them, with every plan checked against the rules before it is returned.

1. Pre-checks set aside delegations no plan can carry (with the rule that excludes them).
2. Column generation prices patterns (bus type, course, group) and proves the upper bound.
3. CP-SAT chooses one pattern per bus among those generated; each chosen bus gets its cheapest
   feasible stop orders, and a joint CP-SAT model times them all with interpreters. A pattern that
   cannot be timed is forbidden and the choice is made again.
"""

import math
import time

from tours.planning.bound import ColumnGeneration
from tours.planning.courses import enumerate_courses
from tours.planning.master import choose_patterns
from tours.planning.patterns import Pattern, PatternSpace, bus_types, singletons
from tours.planning.plan import plan_document
from tours.planning.precheck import excluded_units
from tours.planning.problem import Problem
from tours.planning.reach import Reach
from tours.planning.realize import Realizer
from tours.planning.units import make_units

MASTER_POOL = 300  # patterns the integer program chooses from (by reduced value)


def solve(problem: Problem, *, time_limit_s: float = 10.0, seed: int = 0, workers: int = 2) -> dict:
    started = time.monotonic()
    deadline = started + time_limit_s
    all_units = make_units(problem, problem.delegations)
    exclusions = excluded_units(problem, all_units)
    unplaced = {e.unit.index for e in exclusions}
    carried = [u for u in all_units if u.index not in unplaced]
    units = make_units(problem, tuple(d for u in carried for d in u.delegations))
    unassigned = [
        {"delegation": key, "reason": f"rule {e.rule}: {e.reason}"}
        for e in exclusions
        for key in e.unit.keys
    ]
    warnings: list[str] = []
    delegations = [d for u in units for d in u.delegations]
    courses = enumerate_courses(
        problem,
        pickups=sorted({d.pickup for d in delegations}),
        dropoffs=sorted({d.dropoff for d in delegations}),
    )
    if courses is None:
        warnings.append("too many facility combinations to enumerate: no bound is proven")
        return plan_document(problem, [], unassigned=unassigned, bound=None,
                             seconds=time.monotonic() - started, warnings=warnings)  # fmt: skip
    reach = Reach(problem, units)
    courses = [c for c in courses if reach.course_fits(c)]
    space = PatternSpace(problem, units, courses, reach.unit_fits)
    types = bus_types(problem)
    realizer = Realizer(problem, space, types, seed=seed, workers=workers)
    generation = ColumnGeneration(space, types, repair=realizer.repair)
    for pattern in singletons(space, types):
        for usable in realizer.repair(pattern):
            generation.add(usable)
    bound = generation.run(started + time_limit_s * 0.4)
    timed, left_out = realizer.run(generation.most_promising(MASTER_POOL), deadline)
    for u in left_out:
        for key in units[u].keys:
            unassigned.append(
                {"delegation": key, "reason": "rule 1: no bus could take it alongside the others"}
            )
    proven = None if math.isinf(bound) else math.floor(bound + 1e-6)
    plan = plan_document(problem, timed, unassigned=unassigned, bound=proven,
                         seconds=time.monotonic() - started, warnings=warnings)  # fmt: skip
    return plan


__all__ = ["Pattern", "choose_patterns", "solve"]
