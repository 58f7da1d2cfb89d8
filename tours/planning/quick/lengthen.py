"""Lengthening: each bus of a plan made with few visits per bus re-routed for its group by
OR-Tools' routing solver (routing/long_routes.py), so days of many short stops are planned well.

Enumerating courses is exponential in max_visits_per_bus, so such a day is first solved with at
most three visits per bus (every such plan stays valid when more are allowed, as long as
min_visits_per_bus <= 3); then, bus by bus within the deadline (each bus an equal share of the
time left), the route is solved again from its own middle against the other buses' bookings,
and kept only when the whole plan still passes the independent checker and scores more (so
stopping between buses, at the deadline or when the solve is cancelled, keeps every gain). A bus
with fewer than min_visits_per_bus visits (a start made with fewer allowed) goes first and is
kept when it reaches them. No change that adds a violation is kept, so the plan returned is
never worse than the one given, and passes the checker whenever that one does.

`route_alone` is the baseline the benchmark compares with: every bus routed by the routing
solver alone, with no start route.

Imports the model, routing and the checker.
"""

import random
import time

from tours.planning.check.verdict import CheckResult, check
from tours.planning.model import clock
from tours.planning.model.errors import PlanningError
from tours.planning.model.problem import Problem
from tours.planning.routing.long_routes import route_entry
from tours.planning.routing.plan import objective_parts
from tours.planning.routing.sheet import Sheet

ROUTING_SHARE = 0.95  # of a bus's share of the time, for the routing solver; the rest checks
MIN_SHARE_S = 0.05  # a bus's share below which lengthening stops


class NotLengthened(PlanningError):
    """The plan is too malformed for the checker to score it, so no change can be judged."""


def lengthen(problem: Problem, plan: dict, *, deadline: float, seed: int = 0) -> dict:
    """The plan with its buses' routes lengthened where that scores more, by `deadline`
    (time.monotonic(); a solve's own deadline, model/clock.py, when earlier), never worse than
    `plan`: a change is kept only when it adds no violation and removes one (a bus below
    min_visits_per_bus brought up to it, say) or raises the score. So the plan returned passes
    the checker whenever `plan` does, or fails it only where `plan` did. `seed` (other than 0)
    shuffles the order the buses are taken in. Raises NotLengthened when `plan` cannot be
    scored."""
    return _reroute(problem, plan, deadline=deadline, seed=seed, warm=True)


def route_alone(problem: Problem, plan: dict, *, time_limit_s: float, seed: int = 0) -> dict:
    """Each bus of `plan` routed by the routing solver alone (no start route; the time split
    evenly across buses; the other buses' bookings as they stand), kept whenever it adds no
    violation, better or not: the baseline "OR-Tools routing alone" for the benchmark."""
    deadline = time.monotonic() + time_limit_s
    return _reroute(problem, plan, deadline=deadline, seed=seed, warm=False)


def _reroute(problem: Problem, plan: dict, *, deadline: float, seed: int, warm: bool) -> dict:
    current, verdict = plan, check(problem, plan)
    if verdict.objective is None:
        found = "; ".join(f"{v.where}: {v.message}" for v in verdict.violations[:3])
        raise NotLengthened(f"the plan cannot be scored: {found}")
    keys = _order(problem, plan, seed)
    deadline = min(deadline, clock.deadline())  # a solve's own deadline, when tighter
    for n, key in enumerate(keys):
        share = (deadline - time.monotonic()) / (len(keys) - n)
        if share < MIN_SHARE_S or clock.stopped():  # out of time, or the caller asks to stop
            break
        entry = next(b for b in current["buses"] if b["bus"] == key)
        sheet = _sheet(problem, current["buses"], key)
        new = route_entry(problem, entry, sheet, time_limit_s=share * ROUTING_SHARE, warm=warm)
        if new is None:
            continue
        buses = [new if b["bus"] == key else b for b in current["buses"]]
        candidate = _with_buses(problem, current, buses)
        result = check(problem, candidate)
        if _kept(problem, (candidate, result), (current, verdict), better=warm):
            current, verdict = candidate, result
    return current


def _kept(problem: Problem, new: tuple[dict, CheckResult], old: tuple[dict, CheckResult],
          better: bool) -> bool:  # fmt: skip
    """Whether the changed plan replaces the one in hand: no more violations of any kind (buses
    below min_visits_per_bus counted apart), and fewer, or (when `better`) a higher score."""
    (plan, result), (known, verdict) = new, old
    if result.objective is None:
        return False
    faults, before = _faults(problem, plan, result), _faults(problem, known, verdict)
    if any(a > b for a, b in zip(faults, before, strict=True)):
        return False
    if faults != before or not better:
        return True
    return result.objective.score > verdict.objective.score


def _faults(problem: Problem, plan: dict, result: CheckResult) -> tuple[int, int]:
    """(violations other than short routes, buses below min_visits_per_bus): one each."""
    short = _short(problem, plan)
    return len(result.violations) - short, short


def _short(problem: Problem, plan: dict) -> int:
    return sum(1 for b in plan["buses"] if visits(b) < problem.min_visits)


def visits(entry: dict) -> int:
    """How many visits a kengaku.plan/1 bus entry makes."""
    return sum(1 for s in entry["stops"] if s["kind"] == "visit")


def _order(problem: Problem, plan: dict, seed: int) -> list[str]:
    """Buses with too few visits first, then the rest (shuffled when `seed` is not 0)."""
    keys = [b["bus"] for b in plan["buses"]]
    if seed:
        random.Random(seed).shuffle(keys)
    made = {b["bus"]: visits(b) for b in plan["buses"]}
    return sorted(keys, key=lambda k: made[k] >= problem.min_visits)


def _sheet(problem: Problem, buses: list[dict], leave_out: str) -> Sheet:
    """The booking sheet of every bus's visits and lunch but one."""
    sheet = Sheet(problem)
    for entry in buses:
        if entry["bus"] != leave_out:
            sheet.book_entry(entry)
    return sheet


def _with_buses(problem: Problem, plan: dict, buses: list[dict]) -> dict:
    """The plan with these buses and its objective recomputed (routing/plan.py); its bound is
    kept while no score passes it (the caller sets this problem's own with plan.finish)."""
    objective = objective_parts(problem, buses)
    bound = plan["objective"].get("bound")
    if bound is not None and bound < objective["score"]:
        bound = None
    status = "optimal" if bound is not None and bound == objective["score"] else "feasible"
    return {**plan, "status": status, "buses": buses, "objective": {**objective, "bound": bound}}
