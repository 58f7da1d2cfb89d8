"""Timed buses -> a kengaku.plan/1 document, and the objective as the contract computes it."""

from tours.planning.model.problem import Problem, hhmm
from tours.planning.routing.timing import TimedBus

PLAN_FORMAT = "kengaku.plan/1"


def bus_document(timed: TimedBus) -> dict:
    stops = []
    for i, stop in enumerate(timed.order.stops):
        board = [d.key for d in timed.delegations if stop.kind == "pickup" and d.pickup == stop.at]
        alight = [
            d.key for d in timed.delegations if stop.kind == "dropoff" and d.dropoff == stop.at
        ]
        stops.append(
            {
                "kind": stop.kind,
                "at": stop.at,
                "arrive": hhmm(timed.arrive[i]),
                "start": hhmm(timed.start[i]),
                "end": hhmm(timed.end[i]),
                "board": board,
                "alight": alight,
            }
        )
    load = sum(d.size for d in timed.delegations) + len(timed.interpreters)
    return {
        "bus": timed.bus.key,
        "load": load,  # staff seats are added by plan_document
        "interpreters": list(timed.interpreters),
        "delegations": [d.key for d in timed.delegations],
        "stops": stops,
    }


def objective_parts(problem: Problem, buses: list[dict]) -> dict:
    interest = driving = cost = 0
    minutes = problem.travel.minutes
    for bus in buses:
        visited = [s["at"] for s in bus["stops"] if s["kind"] == "visit"]
        for key in bus["delegations"]:
            d = problem.delegation(key)
            interest += d.priority * sum(d.interest[f] for f in visited)
        cost += problem.bus(bus["bus"]).cost
        driving += sum(
            minutes(a["at"], b["at"]) for a, b in zip(bus["stops"], bus["stops"][1:], strict=False)
        )
    w = problem.weights
    score = w.interest * interest - w.bus_cost * cost - w.driving_minute * driving
    return {"score": score, "interest": interest, "bus_cost": cost, "driving_minutes": driving}


def plan_document(
    problem: Problem,
    timed: list[TimedBus],
    *,
    unassigned: list[dict],
    bound: int | None,
    seconds: float,
    warnings: list[str],
) -> dict:
    buses = [bus_document(t) for t in timed]
    for bus in buses:
        bus["load"] += problem.staff_seats
    objective = objective_parts(problem, buses)
    if bound is not None and bound < objective["score"]:
        warnings = [*warnings, f"internal: the bound {bound} fell below a valid plan's score"]
        bound = None  # a bound below a plan in hand is no bound: say so rather than report it
    status = "optimal" if bound is not None and bound == objective["score"] else "feasible"
    if not buses and unassigned:
        status = "infeasible"
    return {
        "format": PLAN_FORMAT,
        "scenario": problem.event,
        "scenario_sha256": problem.scenario_sha256,
        "status": status,
        "solve_seconds": round(seconds, 2),
        "objective": {**objective, "bound": bound},
        "buses": buses,
        "unassigned": unassigned,
        "warnings": warnings,
    }


def finish(problem: Problem, plan: dict, *, bound: int | None, seconds: float) -> dict:
    """An existing plan document with this solve's bound, status and time."""
    score = plan["objective"]["score"]
    warnings = list(plan.get("warnings", []))
    if bound is not None and bound < score:
        warnings.append(f"internal: the bound {bound} fell below a valid plan's score")
        bound = None
    status = "optimal" if bound is not None and bound == score else "feasible"
    if not plan["buses"] and plan["unassigned"]:
        status = "infeasible"
    return {
        **plan,
        "status": status,
        "solve_seconds": round(seconds, 2),
        "objective": {**plan["objective"], "bound": bound},
        "warnings": warnings,
    }
