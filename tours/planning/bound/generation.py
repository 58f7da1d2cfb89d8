"""An upper bound on every valid plan's score, by column generation over patterns.

The restricted master is a linear program (GLOP) choosing patterns: each unit at most once, each bus
type at most its count, and limits every valid plan obeys: a facility's visits and people per day
(rule 5), and buses needing a language at most the interpreters who speak it (rule 8). For any
prices ≥ 0 on these rows the Lagrangian value
    Σ price · limit + Σ_t count_t · max(0, best reduced pattern value of type t)
bounds every plan, because every bus of a valid plan is a pattern; the least value seen is kept, so
stopping early (time limit) still leaves a true bound.

Units a valid plan in hand already carries may be covered exactly once, not at most once: the
contract lets a delegation go unassigned only when no plan can carry it, and the plan in hand
carries it, so every valid plan does too. Their prices may then fall below zero (a unit worth less
than its seat still has to ride), and the bound counts the cost of carrying everyone. A slack per
row at a prohibitive price keeps the LP feasible before columns cover every such unit. The
equalities slow convergence, so the solver adds them once the plain relaxation has converged.
"""

import math
import time

import numpy as np
from ortools.linear_solver import pywraplp

from tours.planning.bound.patterns import BusType, Pattern, PatternSpace, best_groups, group_for
from tours.planning.bound.pricing import NEG, Prices
from tours.planning.model.ends import EndsRows, GroupFit
from tours.planning.model.problem import NO_LANGUAGE_NEEDED

COLUMNS_PER_TYPE = 12
SPLITS_PER_PRICING = 40  # rows split per bus type and round (the best row's group failing)
SMOOTHING = 0.5  # weight of the best prices so far in the prices of the next round


class ColumnGeneration:
    def __init__(self, space: PatternSpace, types: list[BusType], repair=None,
                 carried: frozenset[int] = frozenset(), rows: EndsRows | None = None,
                 fit: GroupFit | None = None):  # fmt: skip
        """`repair(pattern)` (optional) returns the routable patterns to use in its place;
        `carried` are the units a checked valid plan carries (each then rides in every valid
        plan, see above): `tighten` may also name them later. `rows` (optional) limit each
        course to the groups whose pickup and drop-off places its day has room for, and `fit`
        (optional) splits them further where the best group fails its own times (ends.py) or
        drives more than its row charged (driving.py)."""
        self.space, self.types = space, types
        self.rows = rows or EndsRows.plain(len(space.courses), len(space.units))
        if self.rows.floor is None:
            self.rows.floor = space.floors.row_floors(self.rows.course, self.rows.mask,
                                                      space.drive)  # fmt: skip
        self.fit = fit
        self.splits = 0  # rows split so far (see _refined)
        self.carried = frozenset(carried)
        self.repair = repair or (lambda pattern: [pattern])
        self._rows()
        self.bound = math.inf
        self.lp_value = None

    def _rows(self) -> None:
        space, types = self.space, self.types
        self.patterns: list[Pattern] = []
        self.columns: list = []  # the LP's variable of each pattern
        self._seen: set[tuple] = set()
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.cover = [self.lp.Constraint(0, 1, f"unit_{u.index}") for u in space.units]
        self._carry(self.carried)
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
        self._language_rows(space.problem.interpreters)
        self.lp.Objective().SetMaximization()

    def tighten(self, carried: frozenset[int]) -> None:
        """From now on, cover the `carried` units exactly once (see the module's note). The
        bound only falls: the least value seen before is kept, and it was true too."""
        self._carry(frozenset(carried) - self.carried)
        self._changed = True
        self.carried = self.carried | frozenset(carried)

    def _carry(self, units: frozenset[int]) -> None:
        prohibitive = 10.0 * _most_any_plan_moves(self.space) + 1.0
        for u in sorted(units):  # uncovered only while no column covers the unit
            self.cover[u].SetLb(1)
            slack = self.lp.NumVar(0, 1, f"uncovered_{u}")
            self.cover[u].SetCoefficient(slack, 1)
            self.lp.Objective().SetCoefficient(slack, -prohibitive)

    def _language_rows(self, interpreters) -> None:
        """Each interpreter serves one bus: buses needing a language are at most its speakers."""
        self.language_limit = np.array(
            [0.0]
            + [sum(1 for i in interpreters if lang in i.languages) for lang in self.space.languages]
        )
        self.tongues = [
            self.lp.Constraint(0, v, f"language_{k}") for k, v in enumerate(self.language_limit)
        ]
        speakers = sum(1 for i in interpreters if NO_LANGUAGE_NEEDED in i.languages)
        self.japanese_limit = float(speakers)
        self.japanese = self.lp.Constraint(0, self.japanese_limit, "japanese")

    def add(self, pattern: Pattern) -> bool:
        key = (pattern.bus_type, pattern.course, pattern.units)
        if key in self._seen or not pattern.units:
            return False
        if self.fit is not None and not self._passes(pattern.units, pattern.course):
            return False  # no plan has such a bus (a single unit too may fail its own times)
        self._seen.add(key)
        self.patterns.append(pattern)
        var = self.lp.NumVar(0, 2, f"p{len(self.patterns)}")  # cover rows cap it at 1
        self.columns.append(var)
        for u in pattern.units:
            self.cover[u].SetCoefficient(var, 1)
        self.fleet[pattern.bus_type].SetCoefficient(var, 1)
        load = self.load(pattern)
        languages = frozenset().union(*(self.space.units[u].languages for u in pattern.units))
        for language in sorted(languages):
            self.tongues[1 + self.space.languages.index(language)].SetCoefficient(var, 1)
        if languages:
            self.japanese.SetCoefficient(var, 1)
        for n in self.space.courses[pattern.course].facilities:
            self.visits[n].SetCoefficient(var, 1)
            self.people[n].SetCoefficient(var, load)
        self.lp.Objective().SetCoefficient(var, pattern.value)
        return True

    def _solve_lp(self) -> bool:
        """Solves the LP and keeps its solution (`used`: a column added since counts 0)."""
        solved = self._solve_lp_once()
        if solved:
            self._solution = [var.solution_value() for var in self.columns]
            self._changed = False
        return solved

    def used(self, n: int) -> float:
        """Column n's value in the LP's solution, 0 when the model changed since it was solved
        (what GLOP reports then, without its complaint on stderr)."""
        solution = getattr(self, "_solution", [])
        in_sync = len(solution) == len(self.columns) and not getattr(self, "_changed", False)
        return solution[n] if in_sync else 0.0

    def _solve_lp_once(self) -> bool:
        """GLOP warm-starts from the last basis; when that goes numerically astray (it reports
        ABNORMAL), solving again from scratch, and then on a model built afresh, recovers."""
        if self.lp.Solve() == pywraplp.Solver.OPTIMAL:
            return True
        fresh = pywraplp.MPSolverParameters()
        fresh.SetIntegerParam(fresh.INCREMENTALITY, fresh.INCREMENTALITY_OFF)
        if self.lp.Solve(fresh) == pywraplp.Solver.OPTIMAL:
            return True
        patterns = self.patterns
        self._rows()
        for pattern in patterns:
            self.add(pattern)
        return self.lp.Solve() == pywraplp.Solver.OPTIMAL

    def load(self, pattern: Pattern) -> int:
        """The fewest people the pattern's bus can carry: its units, staff, and the interpreters
        pricing counts (rule 2's load, which rule 5 counts at facilities)."""
        units = [self.space.units[u] for u in pattern.units]
        interpreters = self.space.interpreter_seats(pattern.units)
        return sum(u.size for u in units) + self.space.problem.staff_seats + interpreters

    def run(self, deadline: float, progress=None) -> float:
        """Iterate until no pattern improves the LP or the deadline; returns the best bound, and
        tells `progress(bound)` (optional) each round's best bound so far (when it returns True,
        generation stops there).

        Prices are smoothed (Wentges): each round prices at a mix of the LP's duals and the
        prices that gave the best bound so far, which steadies the duals and needs fewer rounds;
        only when the mix finds nothing are the LP's own duals priced. Any prices give a true
        bound, so the smoothing never weakens it."""
        self.deadline = deadline
        self.converged = False
        n_facilities = len(self.visits)
        dual = (Prices.zero(len(self.space.units), n_facilities, len(self.tongues)),
                np.zeros(len(self.types)))  # fmt: skip
        if self.patterns and self._solve_lp():  # the columns in hand give the first prices
            dual = self._duals()
        center, center_value, prices = dual, math.inf, dual
        while time.monotonic() <= deadline:
            value, added = self._price(*prices)
            if progress is not None and progress(self.bound):
                break  # the caller asked to stop: the bound so far is true
            if value < center_value:
                center, center_value = prices, value
            if not added and prices is not dual:
                value, added = self._price(*dual)  # the mix priced nothing: the duals may
            if not added or time.monotonic() > deadline or not self._solve_lp():
                self.converged = not added
                break
            self.lp_value = self.lp.Objective().Value()
            dual = self._duals()
            prices = _mix(center, dual, SMOOTHING) if center_value < math.inf else dual
        self.prices, self.fleet_duals = dual
        return self.bound

    def _duals(self) -> tuple[Prices, np.ndarray]:
        unit = np.array(
            [  # a carried unit's row is an equality: its price may be negative
                c.dual_value() if n in self.carried else max(0.0, c.dual_value())
                for n, c in enumerate(self.cover)
            ]
        )
        prices = Prices(unit, _duals(self.visits), _duals(self.people),
                        _duals(self.tongues), max(0.0, self.japanese.dual_value()))  # fmt: skip
        return prices, _duals(self.fleet)

    def reduced_value(self, pattern: Pattern) -> float:
        """The pattern's value less what its units, facilities, languages and bus are worth at the
        last prices: near zero for patterns an optimal plan might use."""
        prices = self.prices
        units = [self.space.units[u] for u in pattern.units]
        languages = frozenset().union(*(u.languages for u in units))
        facilities = list(self.space.courses[pattern.course].facilities)
        charge = sum(float(prices.unit[u]) for u in pattern.units)
        charge += float(prices.visit[facilities].sum())
        charge += self.load(pattern) * float(prices.person[facilities].sum())
        charge += sum(
            float(prices.language[1 + self.space.languages.index(lang)]) for lang in languages
        )
        charge += prices.japanese if languages else 0.0
        charge += float(self.fleet_duals[pattern.bus_type])
        return pattern.value - charge

    def most_promising(self, limit: int) -> list[Pattern]:
        """Up to `limit` patterns: first those the last LP solution uses, most used first (when
        it is integral, or nearly, it is a whole plan's buses, which a master should try before
        anything else), then the others by reduced value; every single-unit pattern is kept
        (so that everyone can still be placed)."""
        used = {n: self.used(n) for n in range(len(self.columns))}
        support = sorted((n for n, x in used.items() if x > 1e-6), key=lambda n: -used[n])
        chosen = [self.patterns[n] for n in support][:limit]
        taken = {id(p) for p in chosen}
        ranked = sorted((p for p in self.patterns if id(p) not in taken), key=self.reduced_value,
                        reverse=True)  # fmt: skip
        rest = limit - len(chosen)
        return chosen + ranked[:rest] + [p for p in ranked[rest:] if len(p.units) == 1]

    def rounded(self) -> list[Pattern]:
        """The patterns the last LP solution uses more than half (each unit lies in one at most),
        no more of a bus type than it has: when the LP is integral, a whole plan's buses."""
        used = sorted(((self.used(n), n) for n in range(len(self.columns))),
                      reverse=True)  # fmt: skip
        left = {t.index: t.count for t in self.types}
        chosen, aboard = [], set()
        for x, n in used:
            pattern = self.patterns[n]
            if x > 0.5 and left[pattern.bus_type] > 0 and not aboard & set(pattern.units):
                left[pattern.bus_type] -= 1
                aboard |= set(pattern.units)
                chosen.append(pattern)
        return chosen

    def _price(self, prices: Prices, fleet_duals: np.ndarray) -> tuple[float, int]:
        lagrangian = float(prices.unit.sum())
        lagrangian += float(prices.visit @ self.visit_limit + prices.person @ self.people_limit)
        lagrangian += float(prices.language @ self.language_limit)
        lagrangian += prices.japanese * self.japanese_limit
        added, splits = 0, self.splits
        shared: dict[tuple[int, int], tuple] = {}  # bus types alike but for cost price alike
        groups: dict[tuple, tuple[int, ...]] = {}
        w = self.space.problem.weights
        for t in self.types:
            key = (t.seats, t.wheelchair_spaces)
            if key not in shared:
                best, mixed, profit = best_groups(self.space, t, prices, keep=COLUMNS_PER_TYPE,
                                                  rows=self.rows)  # fmt: skip
                best, mixed, profit = self._refined(t, prices, best, mixed, profit)
                shared[key] = (best + w.bus_cost * t.cost, mixed, profit, self.rows)
            free, mixed, profit, rows = shared[key]
            best = free - w.bus_cost * t.cost
            lagrangian += t.count * max(0.0, float(best.max(initial=0.0)))
            order = np.argsort(-best)[:COLUMNS_PER_TYPE]
            for r in order:  # a row: a course and the units its ends allow
                if best[r] - fleet_duals[t.index] <= 1e-6 or time.monotonic() > self.deadline:
                    break
                course = int(rows.course[r])
                if (key, r) not in groups:  # bus types alike but for cost share their groups
                    groups[key, r] = group_for(self.space, t, course, prices, bool(mixed[r]),
                                               profit[r])  # fmt: skip
                units = groups[key, r]
                if self.fit is not None and not self._passes(units, course):
                    continue  # no plan has such a bus: it would only mislead the LP's prices
                value = self.space.pattern_value(t, course, units)
                for usable in self.repair(Pattern(t.index, course, tuple(sorted(units)), value)):
                    added += self.add(usable)
        self.bound = min(self.bound, lagrangian)
        return lagrangian, added + (self.splits - splits)  # split rows may price anew

    def _refined(self, bus_type: BusType, prices: Prices, best: np.ndarray, mixed: np.ndarray,
                 profit: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
        """While the best row's group is worth less than the row priced it, the row gives way to
        rows that together stand for every group it stood for, each priced closer (_fit_split,
        _driving_split): the bound stays true, and the rows are kept for the rounds to come."""
        for _ in range(SPLITS_PER_PRICING):
            r = int(np.argmax(best)) if len(best) else -1
            if r < 0 or best[r] <= NEG / 2 or time.monotonic() > self.deadline:
                break
            course = int(self.rows.course[r])
            units = group_for(self.space, bus_type, course, prices, bool(mixed[r]), profit[r])
            split = self._fit_split(r, units)
            if split is None and self.fit is not None:  # beyond 40 units, they slow it too much
                split = self._driving_split(r, units)
            if split is None:
                break
            more = best_groups(self.space, bus_type, prices, keep=1, rows=split)
            self.rows = self.rows.replaced(r, split)
            self.splits += 1
            best = np.concatenate([np.delete(best, r), more[0]])
            mixed = np.concatenate([np.delete(mixed, r), more[1]])
            profit = np.concatenate([np.delete(profit, r, axis=0), more[2]])
        return best, mixed, profit

    def _fit_split(self, r: int, units: tuple[int, ...]) -> EndsRows | None:
        """When the group fails the group test (ends.GroupFit): one row per unit of a smallest
        failing part of it, each without that unit. Every group the day has room for leaves one
        of them out (a group holding a failing part fails too)."""
        failing = self._failing(units, int(self.rows.course[r])) if self.fit is not None else []
        if not failing:
            return None
        masks = np.repeat(self.rows.mask[r][None, :], len(failing), axis=0)
        masks[np.arange(len(failing)), failing] = False
        return self._rows_like(r, masks, np.repeat(self.rows.required[r][None, :], len(failing), 0))

    def _driving_split(self, r: int, units: tuple[int, ...]) -> EndsRows | None:
        """When the group's own places drive more than the row charged (driving.py): one row for
        the groups that stop at all of them (more places never drive less), charged their floor,
        and one per place of them the row did not require yet, without the units stopping there.
        Every group of the row either stops at all those places or misses one."""
        floors = self.space.floors
        course, mask = int(self.rows.course[r]), self.rows.mask[r]
        required = self.rows.required[r]
        pick, drop = floors.group_places(units)
        pick, drop = pick | int(required[0]), drop | int(required[1])
        charged = floors.floor(course, pick, drop, ends=floors.allowed_places(mask))
        if charged <= self.rows.floor[r]:
            return None
        masks, needs = [mask], [(pick, drop)]
        for side, (bits, rest) in enumerate(((pick, required[0]), (drop, required[1]))):
            uses = floors.unit_pickups if side == 0 else floors.unit_dropoffs
            for place in range(bits.bit_length()):
                if bits >> place & 1 and not int(rest) >> place & 1:
                    without = mask & ((uses >> place) & 1 == 0)
                    if without.any():
                        masks.append(without)
                        needs.append(tuple(int(x) for x in required))
        return self._rows_like(r, np.array(masks), np.array(needs, dtype=np.int64))

    def _rows_like(self, r: int, masks: np.ndarray, required: np.ndarray) -> EndsRows:
        """Rows over row r's course with these masks and required places, each charged its own
        floor (and never less than row r's: they stand for some of its groups)."""
        floors, course = self.space.floors, int(self.rows.course[r])
        charged = [
            max(int(self.rows.floor[r]),
                floors.floor(course, int(need[0]), int(need[1]), floors.allowed_places(m)))
            for m, need in zip(masks, required, strict=True)
        ]  # fmt: skip
        return EndsRows(np.full(len(masks), course), masks, np.array(charged, np.int64), required)

    def _passes(self, units: tuple[int, ...], course: int) -> bool:
        return self.fit.fits([self.space.units[u] for u in units], self.space.courses[course])

    def _failing(self, units: tuple[int, ...], course: int) -> list[int]:
        """A part of the group no route can serve, none of whose units can be spared (each
        dropped in turn while the rest still fails); [] when the whole group passes."""
        if not units or self._passes(units, course):
            return []
        part = list(units)
        for u in units:
            rest = tuple(x for x in part if x != u)
            if rest and not self._passes(rest, course):
                part = list(rest)
        return part


def _most_any_plan_moves(space: PatternSpace) -> float:
    """More than any plan's objective can differ from zero: all interest, every bus, a day's
    driving for each."""
    problem, w = space.problem, space.problem.weights
    interest = sum(abs(v) for u in space.units for v in u.value)
    buses = sum(abs(b.cost) for b in problem.buses)
    driving = 24 * 60 * len(problem.buses)
    return abs(w.interest) * interest + abs(w.bus_cost) * buses + abs(w.driving_minute) * driving


def _duals(constraints) -> np.ndarray:
    return np.array([max(0.0, c.dual_value()) for c in constraints])


def _mix(center: tuple, dual: tuple, alpha: float) -> tuple[Prices, np.ndarray]:
    (a, fleet_a), (b, fleet_b) = center, dual
    return (
        Prices(
            alpha * a.unit + (1 - alpha) * b.unit,
            alpha * a.visit + (1 - alpha) * b.visit,
            alpha * a.person + (1 - alpha) * b.person,
            alpha * a.language + (1 - alpha) * b.language,
            alpha * a.japanese + (1 - alpha) * b.japanese,
        ),
        alpha * fleet_a + (1 - alpha) * fleet_b,
    )
