"""The best checked plan a solve holds so far, and what it returns when the time runs out.

Every stage that produces a plan offers it here; when the deadline passes inside a stage
(model.clock.OutOfTime), the solve returns the best plan offered, with the best bound proven by
then (or the favourites bound, true for every plan), and says in planners' words where the time
ran out.
"""

import math
import time

from tours.planning.check.verdict import check
from tours.planning.master.plan import better_plan
from tours.planning.model.clock import OutOfTime
from tours.planning.model.courses import favourites_bound
from tours.planning.model.problem import Problem
from tours.planning.model.units import Unit
from tours.planning.routing.plan import finish


class Held:
    def __init__(self, problem: Problem, first: dict, units: list[Unit], started: float) -> None:
        self.problem, self.units, self.started = problem, units, started
        self.best = first
        self.bound = math.inf
        self.warnings: list[str] = []

    def offer(self, plan: dict) -> dict:
        """Keeps the plan when the checker accepts it and it is better; returns it unchanged."""
        if better_plan(self.problem, self.best, plan) is plan and check(self.problem, plan).ok:
            self.best = plan
        return plan

    def proven(self, bound: float) -> None:
        self.bound = min(self.bound, bound)

    def timed_out(self, out: OutOfTime) -> dict:
        """The best plan held, finished with the best bound known, and a warning."""
        where = f" while {out.stage}" if out.stage else ""
        if out.stopped:
            self.warnings.append(f"stopped on request{where}: the plan is the best found by then")
        else:
            self.warnings.append(
                f"the time limit ran out{where}: the plan is the best one found by then; a "
                "longer limit may find a better one"
            )
        bound = min(self.bound, favourites_bound(self.problem, self.units))
        proven = None if math.isinf(bound) else math.floor(bound + 1e-6)
        plan = {**self.best, "warnings": self.warnings}
        return finish(self.problem, plan, bound=proven, seconds=time.monotonic() - self.started)
