"""The independent plan checker: every hard rule of the contract, and the objective recomputed.

It reads a kengaku.plan/1 document against a Problem with the stdlib only (no ortools), so it can
judge the solver's plans. Rules are numbered as in docs/scenario-format.md; rule 0 is the document
itself (shape, unknown keys, reported numbers); rule "pins" is the planner's pins (check_pins).
Open details are read as docs/planning.md says.
"""

from dataclasses import dataclass

from tours.planning.check.capacity import rule_5, rule_6, rule_7
from tours.planning.check.people import rule_1, rule_2, rule_8, rule_9
from tours.planning.check.pins import check_pins
from tours.planning.check.reading import Plan, Violation, read_plan, travel_minutes
from tours.planning.check.routes import rule_3, rule_4
from tours.planning.model.errors import PlanningError
from tours.planning.model.problem import Problem

__all__ = ["CheckResult", "Objective", "PlanUnreadable", "Violation", "check", "objective_of"]

RULES = (rule_1, rule_2, rule_3, rule_4, rule_5, rule_6, rule_7, rule_8, rule_9, check_pins)
OBJECTIVE_FIELDS = ("score", "interest", "bus_cost", "driving_minutes")


class PlanUnreadable(PlanningError):
    """objective_of() was given a plan too malformed to score."""


@dataclass(frozen=True)
class Objective:
    score: int
    interest: int
    bus_cost: int
    driving_minutes: int


@dataclass(frozen=True)
class CheckResult:
    violations: tuple[Violation, ...]
    objective: Objective | None  # None when the plan is too malformed to score

    @property
    def ok(self) -> bool:
        return not self.violations


def check(problem: Problem, plan: dict) -> CheckResult:
    """Every violation of the plan, rule 0 first, and its recomputed objective."""
    read, violations = read_plan(problem, plan)
    for rule in RULES:
        violations += rule(problem, read)
    objective = _objective(problem, read)
    violations += _reported(plan, objective, valid=not violations)
    return CheckResult(tuple(sorted(violations, key=_rule_order)), objective)


def _rule_order(v: Violation) -> tuple:
    """The contract's numbered rules first, then the planner's ("pins")."""
    return (isinstance(v.rule, str), v.rule)


def objective_of(problem: Problem, plan: dict) -> Objective:
    """The objective recomputed from the plan's routes and assignments (reported one ignored)."""
    read, violations = read_plan(problem, plan)
    objective = _objective(problem, read)
    if objective is None:
        found = "; ".join(f"{v.where}: {v.message}" for v in violations[:3])
        found = found or "a travel time is unknown"
        raise PlanUnreadable(f"the plan is too malformed to score: {found}")
    return objective


def _objective(problem: Problem, plan: Plan) -> Objective | None:
    if not plan.scorable:
        return None
    interest = bus_cost = driving = 0
    for route in plan.routes:
        for key in route.riders:
            d = problem.delegation(key)
            interest += d.priority * sum(d.interest[f] for f in route.visited)
        bus_cost += route.bus.cost
        for prev, stop in zip(route.stops, route.stops[1:], strict=False):
            minutes = travel_minutes(problem, prev.at, stop.at)
            if minutes is None:
                return None
            driving += minutes
    w = problem.weights
    score = w.interest * interest - w.bus_cost * bus_cost - w.driving_minute * driving
    return Objective(score, interest, bus_cost, driving)


def _is_int(value: object) -> bool:
    return type(value) is int


def _reported(document: object, objective: Objective | None, valid: bool) -> list[Violation]:
    """Rule 0 for the reported objective: its numbers, the status and the bound."""
    if not isinstance(document, dict):
        return []
    reported = document.get("objective")
    if not isinstance(reported, dict):
        return [Violation(0, "objective", "the plan reports no objective")]
    found = []
    for name in OBJECTIVE_FIELDS:
        value = reported.get(name)
        if not _is_int(value):
            found.append(Violation(0, f"objective.{name}", f"{value!r} is not a whole number"))
        elif objective is not None and value != getattr(objective, name):
            actual = getattr(objective, name)
            message = f"the plan reports {name} {value}, but the plan's {name} is {actual}"
            found.append(Violation(0, f"objective.{name}", message))
    return found + _bound(document.get("status"), reported, objective, valid)


def _bound(status, reported: dict, objective: Objective | None, valid: bool) -> list[Violation]:
    if "bound" not in reported:
        return [Violation(0, "objective.bound", "the plan reports no bound (null if none known)")]
    bound = reported["bound"]
    if bound is not None and (type(bound) not in (int, float)):
        return [Violation(0, "objective.bound", f"{bound!r} is not a number")]
    score = objective.score if objective is not None else reported.get("score")
    found = []
    if status == "optimal" and (bound is None or bound != score):
        message = f"the plan is marked optimal, but its score {score} is not its bound {bound}"
        found.append(Violation(0, "status", message))
    if valid and objective is not None and bound is not None and bound < objective.score:
        message = f"the bound {bound} is below this valid plan's score {objective.score} (false)"
        found.append(Violation(0, "objective.bound", message))
    return found
