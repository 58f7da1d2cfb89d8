"""Choose one pattern per bus from those generated: an integer program solved with CP-SAT.

Every unit is covered exactly once (a unit left out costs far more than any plan gains, so the model
stays feasible and says whom it could not place); each bus type is used at most its count; and
interpreters are seated (rule 8): each on at most one chosen bus, every language of a chosen bus
covered, Japanese too, within the seats the bus has left.
"""

from dataclasses import dataclass

from ortools.sat.python import cp_model

from tours.planning.bound.patterns import BusType, Pattern
from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Interpreter
from tours.planning.routing.sat import configured_solver


@dataclass(frozen=True)
class Seating:
    """What a pattern needs of interpreters: languages, seats to spare, who is free long enough."""

    languages: frozenset[str]
    spare_seats: int
    candidates: tuple[int, ...]  # indexes into the problem's interpreters


@dataclass
class Choice:
    patterns: list[Pattern]
    left_out: list[int]
    interpreters: list[tuple[int, ...]]  # per chosen pattern


def choose_patterns(
    patterns: list[Pattern],
    seatings: list[Seating],
    n_units: int,
    types: list[BusType],
    interpreters: tuple[Interpreter, ...],
    *,
    time_limit_s: float,
    seed: int,
    workers: int,
    nogoods: list[set[tuple]] | None = None,
    facility_limits=None,
    hint: Choice | None = None,
) -> Choice:
    model = cp_model.CpModel()
    take = [model.new_bool_var(f"take_{i}") for i in range(len(patterns))]
    left_out = [model.new_bool_var(f"left_out_{u}") for u in range(n_units)]
    _cover(model, patterns, take, left_out, types)
    if facility_limits:
        _facility_limits(model, patterns, take, facility_limits)
    seat = _seat_interpreters(model, patterns, seatings, take, interpreters)
    _cut(model, patterns, take, nogoods or [])
    penalty = 1 + sum(abs(p.value) for p in patterns)
    model.maximize(
        sum(p.value * var for p, var in zip(patterns, take, strict=True)) - penalty * sum(left_out)
    )
    if hint is not None:
        _hint(model, patterns, take, left_out, seat, hint)
    solver = configured_solver(time_limit_s=time_limit_s, seed=seed, workers=workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Choice([], list(range(n_units)), [])
    chosen = [i for i, var in enumerate(take) if solver.boolean_value(var)]
    return Choice(
        [patterns[i] for i in chosen],
        [u for u in range(n_units) if solver.boolean_value(left_out[u])],
        [
            tuple(n for (n, i2), var in seat.items() if i2 == i and solver.boolean_value(var))
            for i in chosen
        ],
    )


def _hint(model, patterns, take, left_out, seat, hint: Choice) -> None:
    """Start from an earlier choice, so a short run still has a whole plan to improve."""
    chosen = {
        (p.bus_type, p.course, p.units): set(people)
        for p, people in zip(hint.patterns, hint.interpreters, strict=True)
    }
    for i, (p, var) in enumerate(zip(patterns, take, strict=True)):
        people = chosen.get((p.bus_type, p.course, p.units))
        model.add_hint(var, people is not None)
        for (n, j), on in seat.items():
            if j == i:
                model.add_hint(on, people is not None and n in people)
    for u, var in enumerate(left_out):
        model.add_hint(var, u in hint.left_out)


def _cover(model, patterns, take, left_out, types) -> None:
    covering: list[list] = [[] for _ in left_out]
    per_type: list[list] = [[] for _ in types]
    for var, pattern in zip(take, patterns, strict=True):
        for u in pattern.units:
            covering[u].append(var)
        per_type[pattern.bus_type].append(var)
    for u, alone in enumerate(left_out):
        model.add_exactly_one([*covering[u], alone])
    for t in types:
        model.add(sum(per_type[t.index]) <= t.count)


def _facility_limits(model, patterns, take, limits) -> None:
    """`limits(pattern)` -> per facility: (visits, people); totals within what rule 5 allows."""
    visits, loads, caps = {}, {}, {}
    for p, var in zip(patterns, take, strict=True):
        for n, (load, cap) in limits(p).items():
            visits.setdefault(n, []).append(var)
            loads.setdefault(n, []).append(load * var)
            caps[n] = cap
    for n, chosen in visits.items():
        model.add(sum(chosen) <= caps[n][0])
        model.add(sum(loads[n]) <= caps[n][1])


def _seat_interpreters(model, patterns, seatings, take, interpreters) -> dict:
    seat: dict[tuple[int, int], cp_model.IntVar] = {}
    for i, (seating, var) in enumerate(zip(seatings, take, strict=True)):
        if not seating.languages:
            continue
        mine = []
        for n in seating.candidates:
            on = model.new_bool_var(f"interp{n}_p{i}")
            model.add_implication(on, var)
            seat[(n, i)] = on
            mine.append((n, on))
        for language in sorted(seating.languages | {NO_LANGUAGE_NEEDED}):
            speakers = [on for n, on in mine if language in interpreters[n].languages]
            model.add(sum(speakers) >= 1).only_enforce_if(var)
        model.add(sum(on for _, on in mine) <= seating.spare_seats)
    for n in range(len(interpreters)):
        model.add_at_most_one(on for (m, _), on in seat.items() if m == n)
    return seat


def _cut(model, patterns, take, nogoods) -> None:
    by_key = {(p.bus_type, p.course, p.units): var for p, var in zip(patterns, take, strict=True)}
    for combination in nogoods:
        chosen = [by_key[k] for k in combination if k in by_key]
        if len(chosen) == len(combination):
            model.add(sum(chosen) <= len(chosen) - 1)
