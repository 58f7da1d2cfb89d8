"""An upper bound on every valid plan's score, by column generation over patterns.

The restricted master is a linear program (GLOP) choosing patterns: each unit at most once, each bus
type at most its count. For any unit prices π ≥ 0 the Lagrangian value
    Σ π_u + Σ_t count_t · max(0, best reduced pattern value of type t)
bounds every plan, because every bus of a valid plan is a pattern; the least value seen is kept, so
stopping early (time limit) still leaves a true bound.
"""

import math
import time

import numpy as np
from ortools.linear_solver import pywraplp

from tours.planning.patterns import (
    BusType,
    Pattern,
    PatternSpace,
    Prices,
    best_groups,
    group_for,
)

COLUMNS_PER_TYPE = 12


class ColumnGeneration:
    def __init__(self, space: PatternSpace, types: list[BusType], repair=None):
        """`repair(pattern)` (optional) returns the routable patterns to use in its place."""
        self.space, self.types = space, types
        self.repair = repair or (lambda pattern: [pattern])
        self.patterns: list[Pattern] = []
        self._seen: set[tuple] = set()
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.cover = [self.lp.Constraint(0, 1, f"unit_{u.index}") for u in space.units]
        self.fleet = [self.lp.Constraint(0, t.count, f"type_{t.index}") for t in types]
        facilities = space.problem.facilities
        self.visit_limit = np.array([f.max_visits * f.max_buses_at_once for f in facilities], float)
        self.people_limit = np.array([f.max_visits * f.max_people for f in facilities], float)
        self.visits = [
            self.lp.Constraint(0, v, f"visits_{n}") for n, v in enumerate(self.visit_limit)
        ]
        self.people = [
            self.lp.Constraint(0, v, f"people_{n}") for n, v in enumerate(self.people_limit)
        ]
        self.lp.Objective().SetMaximization()
        self.bound = math.inf
        self.lp_value = None

    def add(self, pattern: Pattern) -> bool:
        key = (pattern.bus_type, pattern.course, pattern.units)
        if key in self._seen or not pattern.units:
            return False
        self._seen.add(key)
        self.patterns.append(pattern)
        var = self.lp.NumVar(0, 1, f"p{len(self.patterns)}")
        for u in pattern.units:
            self.cover[u].SetCoefficient(var, 1)
        self.fleet[pattern.bus_type].SetCoefficient(var, 1)
        load = self.load(pattern)
        for n in self.space.courses[pattern.course].facilities:
            self.visits[n].SetCoefficient(var, 1)
            self.people[n].SetCoefficient(var, load)
        self.lp.Objective().SetCoefficient(var, pattern.value)
        return True

    def load(self, pattern: Pattern) -> int:
        """The fewest people the pattern's bus can carry: its units, staff, one interpreter if any
        language needs one (rule 2's load, which rule 5 counts at facilities)."""
        units = [self.space.units[u] for u in pattern.units]
        foreign = any(u.languages for u in units)
        return sum(u.size for u in units) + self.space.problem.staff_seats + int(foreign)

    def run(self, deadline: float) -> float:
        """Iterate until no pattern improves the LP or the deadline; returns the best bound."""
        n_facilities = len(self.visits)
        prices = Prices(
            np.zeros(len(self.space.units)), np.zeros(n_facilities), np.zeros(n_facilities)
        )
        fleet_duals = np.zeros(len(self.types))
        while True:
            added = self._price(prices, fleet_duals)
            if not added or time.monotonic() > deadline:
                break
            if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
                break
            self.lp_value = self.lp.Objective().Value()
            prices = Prices(_duals(self.cover), _duals(self.visits), _duals(self.people))
            fleet_duals = _duals(self.fleet)
        return self.bound

    def _price(self, prices: Prices, fleet_duals: np.ndarray) -> int:
        lagrangian = float(prices.unit.sum())
        lagrangian += float(prices.visit @ self.visit_limit + prices.person @ self.people_limit)
        added = 0
        for t in self.types:
            best, mixed = best_groups(self.space, t, prices)
            lagrangian += t.count * max(0.0, float(best.max(initial=0.0)))
            order = np.argsort(-best)[:COLUMNS_PER_TYPE]
            for s in order:
                if best[s] - fleet_duals[t.index] <= 1e-6:
                    break
                units = group_for(self.space, t, int(s), prices, bool(mixed[s]))
                value = self.space.pattern_value(t, int(s), units)
                for usable in self.repair(Pattern(t.index, int(s), tuple(sorted(units)), value)):
                    added += self.add(usable)
        self.bound = min(self.bound, lagrangian)
        return added


def _duals(constraints) -> np.ndarray:
    return np.array([max(0.0, c.dual_value()) for c in constraints])
