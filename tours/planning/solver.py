"""solve(problem) -> a kengaku.plan/1 plan: a quick plan improved by regrouping, an upper bound by
column generation, and (on smaller days) a master's choice among priced patterns; every plan
regrouping returns is checked against the rules before it can be returned.

1. Pre-checks set aside delegations no plan can carry (with the rule that excludes them).
2. The spreadsheet plan (greedy.py) comes first; regrouping improves it for a share of the time.
3. Column generation prices patterns (bus type, course, group) and proves the upper bound; with
   two workers or more it runs in a second process while regrouping goes on (background.py).
4. Up to MASTER_UP_TO units, CP-SAT chooses one pattern per bus (priced, or routed by regrouping)
   and times them jointly, or else they are routed on the booking sheet: a second start.
5. Regrouping continues from the best plan in hand until the time is up.
"""

import functools
import math
import time

from tours.planning import background
from tours.planning.background import BoundInBackground
from tours.planning.bound import ColumnGeneration
from tours.planning.capacity import capacity_bound
from tours.planning.check import check
from tours.planning.courses import Course, enumerate_courses, favourites_bound, shared_courses
from tours.planning.ends import GroupFit, ends_rows
from tours.planning.greedy import greedy_plan
from tours.planning.master import Choice
from tours.planning.patterns import BusType, Pattern, PatternSpace, bus_types, singletons
from tours.planning.plan import finish, plan_document
from tours.planning.precheck import excluded_units
from tours.planning.problem import Problem
from tours.planning.reach import Reach
from tours.planning.realize import Realizer
from tours.planning.regroup import plan_from_groups, regroup
from tours.planning.units import Unit, make_units

MASTER_POOL = 300  # patterns the integer program chooses from (by reduced value)
SEEN_KEPT = 3000  # groups regrouping routed, added to the master's pool (best valued first)
BOUND_SHARE = 0.45  # of the time limit, for proving the bound
MAX_FIT_CHECKS = 30000  # (delegation ends, course) timings worth running before solving
MAX_COURSES = 8000  # facility combinations enumerated exhaustively (beyond: those most shared)
MASTER_UP_TO = 40  # units: beyond, choosing among priced patterns costs more than it gives
SPLIT_UP_TO = 40  # units: beyond, splitting priced rows by the group test slows the bound too much
MASTER_SHARE = 0.5  # of the time after the bound, for the master; regrouping has the rest
QUICK_REGROUP_SHARE = 0.2  # of the time limit: regrouping the quick plan, before the bound
REGROUP_STEPS = 10**6  # in effect the deadline decides
REGROUP_STEPS_ONE_WORKER = 400  # reproducible: a step count, not the wall clock
MIN_SHARE_AFTER_GREEDY = 0.25  # of the time limit, needed to try to improve the quick plan
GREEDY_SHARE = 0.1  # of the time limit, per joint timing of the quick first plan
FINISH_BY = 0.9  # of the time limit: the rest is margin for building and checking the plan


def solve(problem: Problem, *, time_limit_s: float = 10.0, seed: int = 0, workers: int = 2) -> dict:
    started = time.monotonic()
    deadline = started + time_limit_s * FINISH_BY
    fallback = greedy_plan(
        problem, attempt_s=time_limit_s * GREEDY_SHARE, seed=seed, workers=workers, joint=False
    )
    units, unassigned = _placeable(problem)
    warnings: list[str] = []
    if time.monotonic() > started + time_limit_s * (1 - MIN_SHARE_AFTER_GREEDY):
        warnings.append("the time limit left no room beyond the quick first plan")
        bound = favourites_bound(problem, units)
        quick = {**fallback, "warnings": warnings}
        return finish(problem, quick, bound=math.floor(bound), seconds=time.monotonic() - started)
    courses, exhaustive = _courses(problem, units)
    if not exhaustive:
        warnings.append(
            "too many facility combinations to try them all: the plan uses every facility and "
            "the combinations most worth sharing, and the bound counts only what each "
            "delegation may see within what the facilities and buses hold in a day (a weak bound)"
        )
    reach = Reach(problem, units)
    fits = None
    if reach.checks_needed(units, courses) <= MAX_FIT_CHECKS:
        fits = functools.partial(reach.unit_fits_all, courses=courses)
    space = PatternSpace(problem, units, courses, fits)
    steps = REGROUP_STEPS_ONE_WORKER if workers == 1 else REGROUP_STEPS
    quick = started + time_limit_s * QUICK_REGROUP_SHARE
    seen: set[tuple] = set()  # groups regrouping routed: patterns a master may recombine
    first = _regrouped(problem, space, [fallback], quick, seed, steps, warnings, seen)
    types = bus_types(problem)
    rows = ends_rows(problem, units, courses) if exhaustive else None
    fit = GroupFit(problem, units) if rows is not None and len(units) <= SPLIT_UP_TO else None
    generation = ColumnGeneration(space, types, rows=rows, fit=fit)  # routes come after
    for pattern in [*singletons(space, types), *_patterns_of(first, space, types)]:
        generation.add(pattern)  # a good plan's buses steady the first prices
    carried = _carried(problem, first, units)  # everyone the plan in hand carries must ride
    bound, promising = math.inf, []  # column generation over some courses proves nothing
    with_master = len(units) <= MASTER_UP_TO
    proving = None
    if exhaustive and workers > 1 and background.available():
        share = BOUND_SHARE if with_master else 1.0  # the master needs the patterns and time
        until = time.monotonic() + (deadline - time.monotonic()) * share
        try:
            proving = BoundInBackground(generation, carried, until, MASTER_POOL)
        except OSError:  # no process to spare (limits, memory): prove it here instead
            proving = None
    if proving is not None:
        first = _regrouped(problem, space, [first], until, seed, steps, warnings, seen,
                           enough=proving.reached)  # fmt: skip
        bound, _, promising = proving.result()
    elif exhaustive:
        until = time.monotonic() + (deadline - time.monotonic()) * BOUND_SHARE
        bound = generation.run(until)
        if generation.converged:
            generation.tighten(carried)
            bound = generation.run(until)
        promising = generation.most_promising(MASTER_POOL) if with_master else []
    bound = min(bound, favourites_bound(problem, units), capacity_bound(problem, units, carried))
    proven = None if math.isinf(bound) else math.floor(bound + 1e-6)
    starts = [first]
    if with_master and not _reaches(first, proven, unassigned):
        chosen = _master_plan(problem, space, types, promising, first, seen,
                              unassigned, deadline, seed, workers)  # fmt: skip
        if chosen["buses"]:
            starts.insert(0, chosen)  # it may place fewer: then the first plan is climbed too
    optimal = [p for p in starts if _reaches(p, proven, unassigned) and check(problem, p).ok]
    if optimal:  # proven optimal: no search can do better
        plan = optimal[0]
    else:
        plan = _regrouped(problem, space, starts, deadline, seed, steps, warnings, seen)
    if len(plan["unassigned"]) > len(unassigned):
        warnings.append(
            f"{len(plan['unassigned']) - len(unassigned)} delegations were not placed within the "
            "time limit; a longer limit may place them"
        )
    plan = {**plan, "warnings": warnings}
    return finish(problem, plan, bound=proven, seconds=time.monotonic() - started)


def _reaches(plan: dict, proven: int | None, unassigned: list[dict]) -> bool:
    """Whether the plan places everyone a plan can and scores the proven bound: optimal."""
    if proven is None or len(plan["unassigned"]) > len(unassigned):
        return False
    return plan["objective"]["score"] >= proven


def _master_plan(problem: Problem, space: PatternSpace, types: list[BusType],
                 promising: list[Pattern], first: dict, seen: set[tuple],
                 unassigned: list[dict], deadline: float, seed: int,
                 workers: int) -> dict:  # fmt: skip
    """The master's choice among the routable priced patterns, what regrouping routed and the
    first plan's buses, timed jointly; when that gains nothing over the first plan, the choice
    routed bus by bus on the booking sheet instead (a second start for regrouping)."""
    realizer = Realizer(problem, space, types, seed=seed, workers=workers)
    until = time.monotonic() + (deadline - time.monotonic()) * MASTER_SHARE
    pool = _routable_pool(realizer, promising, time.monotonic() + (until - time.monotonic()) / 3)
    pool = [
        *_patterns_of(first, space, types),
        *pool,
        *_seen_patterns(seen, space, types),
        *_smaller_by_one(pool, space, types),
    ]  # most needed first: time may cut the rest
    timed, left_out = realizer.run(pool, until, hint=_choice_of(problem, first, space, types))
    missing = unassigned + _not_placed(space.units, left_out)
    chosen = plan_document(problem, timed, unassigned=missing, bound=None, seconds=0, warnings=[])
    choice = realizer.chosen
    if _better(problem, first, chosen) is not first or choice is None or not choice.patterns:
        return chosen
    order = sorted(range(len(choice.patterns)), key=lambda n: -choice.patterns[n].value)
    patterns = [choice.patterns[n] for n in order]
    teams = [tuple(problem.interpreters[i] for i in choice.interpreters[n]) for n in order]
    buses = realizer.buses_for(patterns)
    groups = [(bus.key, p.units, team, p.course)
              for p, bus, team in zip(patterns, buses, teams, strict=True)]  # fmt: skip
    return plan_from_groups(problem, space, first, groups, seed=seed)


def _patterns_of(plan: dict, space: PatternSpace, types: list[BusType]) -> list[Pattern]:
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
    patterns = _patterns_of(plan, space, types)
    if len(patterns) != len(plan["buses"]):
        return None
    index = {person.key: n for n, person in enumerate(problem.interpreters)}
    carried = {u for p in patterns for u in p.units}
    return Choice(
        patterns,
        [u.index for u in space.units if u.index not in carried],
        [tuple(index[k] for k in bus["interpreters"]) for bus in plan["buses"]],
    )


def _regrouped(problem: Problem, space: PatternSpace, starts: list[dict], deadline: float,
               seed: int, steps: int, warnings: list[str], seen: set,
               enough=None) -> dict:  # fmt: skip
    """The best plan regrouping reaches from the first start. When that start leaves more
    delegations unplaced than the last one and regrouping cannot place them in a fair share of
    the time, the next start is climbed too."""
    best = starts[-1]
    for n, start in enumerate(starts):
        left = len(starts) - n
        until = deadline - (deadline - time.monotonic()) * (left - 1) / left
        while True:
            regrouped = regroup(problem, space, start, deadline=until, seed=seed, max_steps=steps,
                                seen=seen, enough=enough)  # fmt: skip
            if check(problem, regrouped).violations:  # never trust a plan the checker has not seen
                warnings.append("internal: regrouping produced a plan the checker refused")
                regrouped = start
            best = _better(problem, regrouped, best)
            placed = len(regrouped["unassigned"]) <= len(starts[-1]["unassigned"])
            if not placed or until >= deadline or steps < REGROUP_STEPS:
                break
            start, until = regrouped, deadline  # it places as many: it has the rest of the time
        if placed:
            break
    return best


def _carried(problem: Problem, plan: dict, units: list[Unit]) -> frozenset[int]:
    """The units a valid plan carries: every valid plan must carry them too (the contract allows
    a delegation unassigned only when no plan can carry it), which the bound may then assume."""
    if check(problem, plan).violations:
        return frozenset()
    aboard = {key for bus in plan["buses"] for key in bus["delegations"]}
    return frozenset(u.index for u in units if all(key in aboard for key in u.keys))


def _routable_pool(realizer: Realizer, patterns: list, until: float) -> list:
    """The priced patterns that can be routed, or their best routable subgroups."""
    pool = []
    for pattern in patterns:
        if time.monotonic() > until:
            break
        pool += realizer.repair(pattern)
    return pool


def _better(problem: Problem, plan: dict, other: dict) -> dict:
    """The plan that places more delegations, then scores more (`plan` on a tie)."""

    def rank(candidate: dict) -> tuple[int, int]:
        return (-len(candidate["unassigned"]), candidate["objective"]["score"])

    return plan if rank(other) <= rank(plan) else other


def _placeable(problem: Problem) -> tuple[list[Unit], list[dict]]:
    """Units left after the pre-checks, and the unassigned entries of those set aside."""
    all_units = make_units(problem, problem.delegations)
    exclusions = excluded_units(problem, all_units)
    unplaced = {e.unit.index for e in exclusions}
    carried = tuple(d for u in all_units if u.index not in unplaced for d in u.delegations)
    unassigned = [
        {"delegation": key, "reason": f"rule {e.rule}: {e.reason}"}
        for e in exclusions
        for key in e.unit.keys
    ]
    return make_units(problem, carried), unassigned


def _courses(problem: Problem, units: list[Unit]) -> tuple[list[Course], bool]:
    """Every course that fits a day, or (when there are too many) every facility alone and the
    combinations most worth sharing (courses.shared_courses); the flag says whether the list is
    exhaustive, which the bound needs."""
    delegations = [d for u in units for d in u.delegations]
    ends = {
        "pickups": sorted({d.pickup for d in delegations}),
        "dropoffs": sorted({d.dropoff for d in delegations}),
    }
    reach = Reach(problem, units)
    courses = enumerate_courses(problem, **ends, limit=MAX_COURSES)
    if courses is None:
        shared = shared_courses(problem, units, **ends, limit=MAX_COURSES, fits=reach.course_fits)
        return shared, False
    return [c for c in courses if reach.course_fits(c)], True


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
