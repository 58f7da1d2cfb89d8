"""Checker rules about who rides: 1 (assignment), 2 (load), 8 (interpreters), 9 (must/avoid)."""

from collections import defaultdict

from tours.planning.check.reading import Plan, Route, Stop, Violation, load_of
from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Delegation, Problem, hhmm


def _names(labels: list[str]) -> str:
    return ", ".join(labels)


def _placements(plan: Plan) -> dict[str, list[str]]:
    """Where each delegation is listed: bus labels and "unassigned", once per listing."""
    placed: dict[str, list[str]] = defaultdict(list)
    for route in plan.routes:
        for key in route.delegations:
            placed[key].append(route.label)
    for item in plan.unassigned:
        placed[item.delegation].append("unassigned")
    return placed


def rule_1(problem: Problem, plan: Plan) -> list[Violation]:
    found = []
    placed = _placements(plan)
    for d in problem.delegations:
        where = f"delegations {d.key!r}"
        if not placed[d.key]:
            found.append(Violation(1, where, f"delegation {d.key!r} is on no bus nor unassigned"))
        elif len(placed[d.key]) > 1:
            message = f"delegation {d.key!r} is listed more than once: {_names(placed[d.key])}"
            found.append(Violation(1, where, message))
    found += _together(problem, placed)
    found += _reasons(plan)
    for route in plan.routes:
        found += _boarding(problem, route)
    return found


def _together(problem: Problem, placed: dict[str, list[str]]) -> list[Violation]:
    found, seen = [], set()
    for d in problem.delegations:
        for other in sorted(d.together_with - {d.key}):
            pair = tuple(sorted((d.key, other)))
            if pair in seen or set(placed[d.key]) == set(placed[other]):
                continue
            seen.add(pair)
            a, b = (_names(placed[k]) or "nowhere" for k in pair)
            message = f"delegations {pair[0]!r} ({a}) and {pair[1]!r} ({b}) must ride together"
            found.append(Violation(1, f"delegations {pair[0]!r}", message))
    return found


def _reasons(plan: Plan) -> list[Violation]:
    return [
        Violation(1, item.where, f"delegation {item.delegation!r} is unassigned without a reason")
        for item in plan.unassigned
        if not isinstance(item.reason, str) or not item.reason.strip()
    ]


def _boarding(problem: Problem, route: Route) -> list[Violation]:
    found = []
    boards: dict[str, list[Stop]] = defaultdict(list)
    alights: dict[str, list[Stop]] = defaultdict(list)
    for stop in route.stops:
        for key in stop.board:
            boards[key].append(stop)
        for key in stop.alight:
            alights[key].append(stop)
    for key in sorted((set(boards) | set(alights)) - set(route.delegations)):
        message = f"delegation {key!r} gets on or off {route.label} but does not ride it"
        found.append(Violation(1, route.where, message))
    for key in route.riders:
        d = problem.delegation(key)
        found += _once(route, d, boards[key], ("boards", "pickup", d.pickup))
        found += _once(route, d, alights[key], ("alights", "dropoff", d.dropoff))
    return found


def _once(route: Route, d: Delegation, stops: list[Stop], how: tuple) -> list[Violation]:
    verb, kind, place = how
    if len(stops) != 1:
        count = f"{verb} {len(stops)} times, not once" if stops else f"never {verb}"
        message = f"delegation {d.key!r} rides {route.label} but {count}"
        return [Violation(1, route.where, message)]
    stop = stops[0]
    if stop.kind == kind and stop.at == place:
        return []
    message = (
        f"delegation {d.key!r} {verb} {route.label} at a {stop.kind} stop at {stop.at!r}, "
        f"not at a {kind} stop at its {kind} place {place!r}"
    )
    return [Violation(1, stop.where, message)]


def rule_2(problem: Problem, plan: Plan) -> list[Violation]:
    found = []
    for route in plan.routes:
        load = load_of(problem, route)
        reported = route.load
        if reported is not None and (type(reported) is not int or reported != load):
            message = f"{route.label} reports a load of {reported!r} but carries {load} people"
            found.append(Violation(2, f"{route.where}.load", message))
        if route.bus is None:
            continue
        if load > route.bus.seats:
            message = f"{route.label} carries {load} people on {route.bus.seats} seats"
            found.append(Violation(2, route.where, message))
        users = sum(problem.delegation(k).wheelchair_users for k in route.riders)
        if users > route.bus.wheelchair_spaces:
            message = (
                f"{route.label} carries {users} wheelchair users "
                f"with {route.bus.wheelchair_spaces} wheelchair spaces"
            )
            found.append(Violation(2, route.where, message))
    return found


def rule_8(problem: Problem, plan: Plan) -> list[Violation]:
    found = []
    rides: dict[str, list[str]] = defaultdict(list)
    for route in plan.routes:
        for key in route.interpreters:
            rides[key].append(route.label)
        found += _available(problem, route) + _languages(problem, route)
    for key, labels in rides.items():
        if len(labels) > 1:
            message = f"interpreter {key!r} rides more than one bus: {_names(labels)}"
            found.append(Violation(8, f"interpreters {key!r}", message))
    return found


def _available(problem: Problem, route: Route) -> list[Violation]:
    span = route.span
    if span is None:
        return []
    found = []
    for key in route.interpreters:
        first, last = problem.interpreter(key).available
        if first > span[0] or span[1] > last:
            message = (
                f"interpreter {key!r} is available {hhmm(first)}-{hhmm(last)}, "
                f"but {route.label} runs {hhmm(span[0])}-{hhmm(span[1])}"
            )
            found.append(Violation(8, f"{route.where}.interpreters", message))
    return found


def _languages(problem: Problem, route: Route) -> list[Violation]:
    needed = {problem.delegation(k).language for k in route.riders} - {NO_LANGUAGE_NEEDED}
    spoken = set().union(*(problem.interpreter(k).languages for k in route.interpreters))
    found = []
    if needed - spoken:
        missing = ", ".join(sorted(needed - spoken))
        message = f"{route.label} has no interpreter for {missing}"
        found.append(Violation(8, f"{route.where}.interpreters", message))
    if needed and NO_LANGUAGE_NEEDED not in spoken:
        message = f"{route.label} has no interpreter who speaks ja (needed with {sorted(needed)})"
        found.append(Violation(8, f"{route.where}.interpreters", message))
    return found


def rule_9(problem: Problem, plan: Plan) -> list[Violation]:
    found = []
    for route in plan.routes:
        for key in route.riders:
            d = problem.delegation(key)
            for f in sorted(d.must_visit - route.visited):
                message = f"delegation {key!r} must visit {f!r} but {route.label} does not"
                found.append(Violation(9, route.where, message))
            for f in sorted(d.avoid & route.visited):
                message = f"delegation {key!r} avoids {f!r} but {route.label} visits it"
                found.append(Violation(9, route.where, message))
    return found
