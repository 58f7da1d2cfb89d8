"""The master's plan for smaller days: CP-SAT chooses one pattern per bus among the priced ones,
what regrouping routed and the plan in hand, and times them jointly (realize.py, master.py).
"""

import time

from tours.planning.bound.patterns import BusType, Pattern, PatternSpace
from tours.planning.check.verdict import check
from tours.planning.master.choose import Choice
from tours.planning.master.realize import Realizer
from tours.planning.model.problem import Problem
from tours.planning.model.units import Unit
from tours.planning.quick.regroup import plan_from_groups
from tours.planning.routing.plan import plan_document
from tours.planning.routing.timing import time_buses

SEEN_KEPT = 3000  # groups regrouping routed, added to the master's pool (best valued first)
MASTER_SHARE = 0.5  # of the time after the bound, for the master; regrouping has the rest
ROUNDED_SHARE = 0.15  # of the time left, to time the LP's rounded solution


def master_plan(problem: Problem, space: PatternSpace, types: list[BusType],
                 promising: list[Pattern], first: dict, seen: set[tuple],
                 unassigned: list[dict], deadline: float, seed: int, workers: int,
                 rounded: list[Pattern] = ()) -> dict:  # fmt: skip
    """The master's choice among the routable priced patterns, what regrouping routed and the
    first plan's buses, timed jointly; when that gains nothing over the first plan, the choice
    routed bus by bus on the booking sheet instead (a second start for regrouping). The LP's
    own rounded solution (`rounded`), timed jointly, is tried first and wins when better."""
    realizer = Realizer(problem, space, types, seed=seed, workers=workers)
    lp_plan = _rounded_plan(problem, realizer, rounded, unassigned, deadline)
    if lp_plan is not None and better_plan(problem, first, lp_plan) is lp_plan:
        first = lp_plan  # the master starts from it, and returns it unless it finds better
    until = time.monotonic() + (deadline - time.monotonic()) * MASTER_SHARE
    pool = _routable_pool(realizer, promising, time.monotonic() + (until - time.monotonic()) / 3)
    pool = [
        *patterns_of(first, space, types),
        *pool,
        *_seen_patterns(seen, space, types),
        *_smaller_by_one(pool, space, types),
    ]  # most needed first: time may cut the rest
    timed, left_out = realizer.run(pool, until, hint=_choice_of(problem, first, space, types))
    missing = unassigned + _not_placed(space.units, left_out)
    chosen = plan_document(problem, timed, unassigned=missing, bound=None, seconds=0, warnings=[])
    choice = realizer.chosen
    if better_plan(problem, first, chosen) is not first:
        return chosen
    if first is lp_plan:
        return lp_plan
    if choice is None or not choice.patterns:
        return chosen
    order = sorted(range(len(choice.patterns)), key=lambda n: -choice.patterns[n].value)
    patterns = [choice.patterns[n] for n in order]
    teams = [tuple(problem.interpreters[i] for i in choice.interpreters[n]) for n in order]
    buses = realizer.buses_for(patterns)
    groups = [(bus.key, p.units, team, p.course)
              for p, bus, team in zip(patterns, buses, teams, strict=True)]  # fmt: skip
    return plan_from_groups(problem, space, first, groups, seed=seed)


def _rounded_plan(problem: Problem, realizer: Realizer, rounded: list[Pattern],
                  unassigned: list[dict], deadline: float) -> dict | None:  # fmt: skip
    """The LP's rounded patterns (routable ones) timed jointly, as a plan; None when there are
    none or no timing is found in ROUNDED_SHARE of the time left. When the LP is integral this
    is often better than any plan regrouping found (ascc:5: 22447 against 21995)."""
    usable = [p for p in rounded if realizer.routable(p)]
    if not usable:
        return None
    budget = max(0.1, (deadline - time.monotonic()) * ROUNDED_SHARE)
    timed = time_buses(problem, realizer.jobs(usable), time_limit_s=budget, seed=realizer.seed,
                       workers=realizer.workers)  # fmt: skip
    if timed is None:
        return None
    carried = {u for p in usable for u in p.units}
    left_out = [u.index for u in realizer.space.units if u.index not in carried]
    missing = unassigned + _not_placed(realizer.space.units, left_out)
    plan = plan_document(problem, timed, unassigned=missing, bound=None, seconds=0, warnings=[])
    return plan if check(problem, plan).ok else None  # a start must be a valid plan


def patterns_of(plan: dict, space: PatternSpace, types: list[BusType]) -> list[Pattern]:
    """The plan's buses as patterns (those whose facilities form a known course)."""
    course_of = {c.facilities: i for i, c in enumerate(space.courses)}
    type_of = {bus.key: t for t in types for bus in t.buses}
    unit_of = {d.key: u.index for u in space.units for d in u.delegations}
    index = {f.key: n for n, f in enumerate(space.problem.facilities)}
    found = []
    for bus in plan["buses"]:
        visited = tuple(sorted(index[s["at"]] for s in bus["stops"] if s["kind"] == "visit"))
        units = tuple(sorted({unit_of[k] for k in bus["delegations"] if k in unit_of}))
        if visited in course_of and units:
            t, course = type_of[bus["bus"]], course_of[visited]
            found.append(Pattern(t.index, course, units, space.pattern_value(t, course, units)))
    return found


def _smaller_by_one(patterns: list[Pattern], space: PatternSpace,
                    types: list[BusType]) -> list[Pattern]:  # fmt: skip
    """Each routable pattern less one unit: routable too (a stop fewer, or none, never makes a
    route longer), and the pieces a master needs to fit groups beside each other."""
    found = {}
    for p in patterns:
        for u in p.units if len(p.units) > 1 else ():
            rest = tuple(x for x in p.units if x != u)
            value = space.pattern_value(types[p.bus_type], p.course, rest)
            key = (p.bus_type, p.course, rest)
            found.setdefault(key, Pattern(p.bus_type, p.course, rest, value))
    return list(found.values())


def _seen_patterns(seen: set[tuple], space: PatternSpace, types: list[BusType]) -> list[Pattern]:
    """The groups regrouping routed and timed, as patterns of their bus types (best first, at
    most SEEN_KEPT)."""
    type_of = {bus.key: t for t in types for bus in t.buses}
    found = {}
    for bus_key, course, units in seen:
        t = type_of[bus_key]
        found[t.index, course, units] = Pattern(t.index, course, units,
                                                space.pattern_value(t, course, units))  # fmt: skip
    ranked = sorted(found.values(), key=lambda p: (-p.value, p.bus_type, p.course, p.units))
    return ranked[:SEEN_KEPT]


def _choice_of(problem: Problem, plan: dict, space: PatternSpace,
               types: list[BusType]) -> Choice | None:  # fmt: skip
    """The plan as a master's choice (to start the master from), or None when some bus of it
    is not a known pattern."""
    patterns = patterns_of(plan, space, types)
    if len(patterns) != len(plan["buses"]):
        return None
    index = {person.key: n for n, person in enumerate(problem.interpreters)}
    carried = {u for p in patterns for u in p.units}
    return Choice(
        patterns,
        [u.index for u in space.units if u.index not in carried],
        [tuple(index[k] for k in bus["interpreters"]) for bus in plan["buses"]],
    )


def _routable_pool(realizer: Realizer, patterns: list, until: float) -> list:
    """The priced patterns that can be routed, or their best routable subgroups."""
    pool = []
    for pattern in patterns:
        if time.monotonic() > until:
            break
        pool += realizer.repair(pattern)
    return pool


def better_plan(problem: Problem, plan: dict, other: dict) -> dict:
    """The plan that places more delegations, then scores more (`plan` on a tie)."""

    def rank(candidate: dict) -> tuple[int, int]:  # a re-plan's score less its disruption
        penalty = (candidate.get("disruption") or {}).get("penalty", 0)
        return (-len(candidate["unassigned"]), candidate["objective"]["score"] - penalty)

    return plan if rank(other) <= rank(plan) else other


def _not_placed(units: list[Unit], left_out: list[int]) -> list[dict]:
    return [
        {
            "delegation": key,
            "reason": "rule 1: not placed within the time limit (the solver found no bus for it "
            "alongside the others; this is not a proof that none exists)",
        }
        for u in left_out
        for key in units[u].keys
    ]
