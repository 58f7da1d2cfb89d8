"""Checker rule "pins": every planner's pin (scenario `pins`) holds in the plan.

Pins are hard rules a planner adds on top of the contract's nine, so their violations carry the
rule "pins" rather than a number; `where` is the pin's path in the scenario (`pins[2]`).
"""

from tours.planning.check.reading import Plan, Route, Violation
from tours.planning.model.problem import Pin, Problem, hhmm

RULE = "pins"


def check_pins(problem: Problem, plan: Plan) -> list[Violation]:
    routes = {route.bus.key: route for route in plan.routes if route.bus is not None}
    found = []
    for i, pin in enumerate(problem.pins):
        message = _broken(pin, routes.get(pin.bus), plan)
        if message:
            found.append(Violation(RULE, f"pins[{i}]", message))  # type: ignore[arg-type]
    return found


def _broken(pin: Pin, route: Route | None, plan: Plan) -> str | None:
    """Why the plan breaks the pin, or None when it keeps it."""
    if pin.kind == "delegation_bus":
        if route is not None and pin.delegation in route.riders:
            return None
        return f"delegation {pin.delegation!r} is pinned to bus {pin.bus!r} but {_where(pin, plan)}"
    if pin.kind == "interpreter_bus":
        if route is not None and pin.interpreter in route.interpreters:
            return None
        found = [r.bus.key for r in plan.routes if r.bus and pin.interpreter in r.interpreters]
        where = f"rides bus {found[0]!r}" if found else "rides no bus"
        return f"interpreter {pin.interpreter!r} is pinned to bus {pin.bus!r} but {where}"
    visits = [] if route is None else [s for s in route.stops if s.kind == "visit"]
    starts = [s.start for s in visits if s.at == pin.facility]
    if not starts:
        return f"bus {pin.bus!r} is pinned to visit {pin.facility!r} but does not"
    if pin.kind == "visit_time" and pin.start not in starts:
        found = ", ".join(hhmm(t) if t is not None else "an unreadable time" for t in starts)
        return (
            f"bus {pin.bus!r} is pinned to start its visit to {pin.facility!r} at "
            f"{hhmm(pin.start)} but starts it at {found}"
        )
    return None


def _where(pin: Pin, plan: Plan) -> str:
    buses = [r.bus.key for r in plan.routes if r.bus and pin.delegation in r.riders]
    if buses:
        return f"rides bus {buses[0]!r}"
    if any(item.delegation == pin.delegation for item in plan.unassigned):
        return "is unassigned"
    return "rides no bus"
