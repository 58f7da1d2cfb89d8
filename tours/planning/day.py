"""plan_day(problem) -> a kengaku.plan/1 plan of a day of short routes (at most a few visits per
bus, whose facility combinations can be enumerated): a quick plan improved by regrouping, an
upper bound by column generation, and (on smaller days) a master's choice among priced patterns;
every plan regrouping returns is checked against the rules before it can be returned.
solver.solve() calls it, directly or for the tighter day of a day of long routes.

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

from tours.planning.bound import background
from tours.planning.bound.background import BoundInBackground
from tours.planning.bound.capacity import capacity_bound
from tours.planning.bound.generation import ColumnGeneration
from tours.planning.bound.patterns import PatternSpace, bus_types, singletons
from tours.planning.check.verdict import check
from tours.planning.held import Held
from tours.planning.master.plan import better_plan, master_plan, patterns_of
from tours.planning.model import clock
from tours.planning.model.clock import OutOfTime
from tours.planning.model.courses import Course, enumerate_courses, favourites_bound, shared_courses
from tours.planning.model.ends import GroupFit, ends_rows
from tours.planning.model.precheck import excluded_units
from tours.planning.model.problem import Problem
from tours.planning.model.reach import Reach
from tours.planning.model.units import Unit, make_units
from tours.planning.quick.greedy import greedy_plan
from tours.planning.quick.regroup import regroup
from tours.planning.replan.disruption import Disruption, DisruptionWeights
from tours.planning.replan.pinning import Pinned
from tours.planning.replan.starts import start_plan
from tours.planning.routing.plan import finish
from tours.planning.watch import Watch

MASTER_POOL = 300  # patterns the integer program chooses from (by reduced value)
BOUND_SHARE = 0.45  # of the time limit, for proving the bound
MAX_FIT_CHECKS = 30000  # (delegation ends, course) timings worth running before solving
MAX_COURSES = 8000  # facility combinations enumerated exhaustively (beyond: those most shared)
MASTER_UP_TO = 40  # units: beyond, choosing among priced patterns costs more than it gives
SPLIT_UP_TO = 40  # units: beyond, splitting priced rows by the group test slows the bound too much
QUICK_REGROUP_SHARE = 0.2  # of the time limit: regrouping the quick plan, before the bound
REGROUP_STEPS = 10**6  # in effect the deadline decides
REGROUP_STEPS_ONE_WORKER = 400  # reproducible: a step count, not the wall clock
FRESH_CLIMB_UP_TO = 40  # units: beside the bound, a fresh climb instead of going on
MIN_SHARE_AFTER_GREEDY = 0.25  # of the time limit, needed to try to improve the quick plan
GREEDY_SHARE = 0.1  # of the time limit, per joint timing of the quick first plan
GREEDY_UNTIL = 0.2  # of the time limit: then the quick plan hurries (shortest courses only)
GREEDY_STOP_BY = 0.5  # ... and stops trying left-over delegations on every other bus
GREEDY_AT_LEAST_S = 1.0  # ... but not before this (the promise leaves 2 s beyond the limit)
FINISH_BY = 0.9  # of the time limit: the rest is margin for building and checking the plan


def plan_day(problem: Problem, *, time_limit_s: float = 10.0, seed: int = 0, workers: int = 2,
          progress=None, baseline: dict | None = None,
          disruption: DisruptionWeights | None = None) -> dict:  # fmt: skip
    """The best plan found within `time_limit_s`; `progress(report)` (optional) hears of the best
    score and bound as they improve and may return True to stop early (watch.py). Pins
    (`problem.pins`) hold in every plan returned. With a `baseline` (the published plan) it is a
    least-change re-plan: it starts from that plan and maximises the score less the disruption
    penalty (`disruption` weights, disruption.py), which the plan reports as `disruption`."""
    started = time.monotonic()
    watch = Watch(progress, started)
    deadline = started + time_limit_s * FINISH_BY
    fallback = greedy_plan(
        problem,
        attempt_s=time_limit_s * GREEDY_SHARE,
        seed=seed,
        workers=workers,
        joint=False,
        until=started + max(time_limit_s * GREEDY_UNTIL, min(time_limit_s, GREEDY_AT_LEAST_S)),
        stop_by=started + max(time_limit_s * GREEDY_STOP_BY, min(time_limit_s, GREEDY_AT_LEAST_S)),
    )
    units, unassigned = _placeable(problem)
    held = Held(problem, fallback, units, started)
    try:
        with clock.within(deadline, stop=watch.asked_to_stop):
            return _search(problem, fallback, held, watch, units, unassigned, started=started,
                           time_limit_s=time_limit_s, deadline=deadline, seed=seed,
                           workers=workers, baseline=baseline, disruption=disruption)  # fmt: skip
    except OutOfTime as out:
        return held.timed_out(out)


def _search(problem: Problem, fallback: dict, held: Held, watch: Watch, units: list[Unit],
            unassigned: list[dict], *, started: float, time_limit_s: float, deadline: float,
            seed: int, workers: int, baseline: dict | None,
            disruption: DisruptionWeights | None) -> dict:  # fmt: skip
    """From the quick plan to the best plan: regrouping, the bound, the master (see above);
    every plan and bound on the way is also `held`, for a deadline that passes mid-stage."""
    warnings = held.warnings
    if not units:  # the pre-checks set everyone aside: the quick plan (no bus) is the plan
        return finish(problem, {**fallback, "warnings": warnings}, bound=0,
                      seconds=time.monotonic() - started)  # fmt: skip
    rules = _rules(problem, units, baseline, disruption)
    if not rules and time.monotonic() > started + time_limit_s * (1 - MIN_SHARE_AFTER_GREEDY):
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
    space = PatternSpace(problem, units, courses, fits, own_places=len(units) <= SPLIT_UP_TO)
    steps = REGROUP_STEPS_ONE_WORKER if workers == 1 else REGROUP_STEPS
    quick = started + time_limit_s * QUICK_REGROUP_SHARE
    seen: set[tuple] = set()  # groups regrouping routed: patterns a master may recombine
    if rules:  # the pins kept, and a re-plan starts from the published plan
        source = baseline if baseline is not None else fallback
        fallback = start_plan(problem, space, fallback, source, seed=seed, **rules)
        held.best = fallback  # it keeps the pins: the plan to return if time runs out
    regrouped = functools.partial(_regrouped, rules=rules)
    watch.plan(fallback)
    first = regrouped(problem, space, [fallback], quick, seed, steps, warnings, seen,
                      enough=watch.worth)  # fmt: skip
    held.offer(first)
    types = bus_types(problem)
    rows = ends_rows(problem, units, courses) if exhaustive else None
    fit = GroupFit(problem, units) if rows is not None and len(units) <= SPLIT_UP_TO else None
    generation = ColumnGeneration(space, types, rows=rows, fit=fit)  # routes come after
    for pattern in [*singletons(space, types), *patterns_of(first, space, types)]:
        generation.add(pattern)  # a good plan's buses steady the first prices
    carried = _carried(problem, first, units)  # everyone the plan in hand carries must ride
    bound, promising, rounded = math.inf, [], []  # generation over some courses proves nothing
    with_master = len(units) <= MASTER_UP_TO and not rules  # the master knows no pins
    proving = None
    if exhaustive and workers > 1 and background.available():
        share = BOUND_SHARE if with_master else 1.0  # the master needs the patterns and time
        until = time.monotonic() + (deadline - time.monotonic()) * share
        try:
            proving = BoundInBackground(generation, carried, until, MASTER_POOL)
        except OSError:  # no process to spare (limits, memory): prove it here instead
            proving = None
    if proving is not None:

        def enough(worth: float) -> bool:  # the bound is reached, or the caller says stop
            reached = proving.reached(worth)
            return watch.proven(proving.bound) or watch.worth(worth) or reached

        # on small days the quick climb has settled by now and going on from its optimum seldom
        # gains, while a fresh climb with another seed often lands elsewhere (ascc:3 at 10 s,
        # solver seeds 0-4: 24775 to 25423); reproducible runs (one worker) go on as before
        fresh = steps == REGROUP_STEPS and len(units) <= FRESH_CLIMB_UP_TO and not rules
        if not fresh or proving.reached(first["objective"]["score"]):
            first = regrouped(problem, space, [first], until, seed, steps, warnings, seen,
                              enough=enough)  # fmt: skip
        else:
            other = regrouped(problem, space, [fallback], until, seed + 1, steps, warnings,
                              seen, enough=enough)  # fmt: skip
            first = better_plan(problem, first, other)
        bound, _, promising = proving.result(wait=not watch.stopped)
        rounded = proving.rounded
        if proving.broke_off:
            warnings.append(
                "the bound's computation stopped before it finished (it may have reached its "
                "memory budget): the bound is the last one it proved, and may be loose"
            )
    elif exhaustive:
        until = time.monotonic() + (deadline - time.monotonic()) * BOUND_SHARE
        bound = generation.run(until, progress=watch.proven)
        if generation.converged and not watch.stopped:
            generation.tighten(carried)
            bound = generation.run(until, progress=watch.proven)
        promising = generation.most_promising(MASTER_POOL) if with_master else []
        rounded = generation.rounded()
    held.proven(bound)
    bound = min(bound, favourites_bound(problem, units), capacity_bound(problem, units, carried))
    held.proven(bound)
    proven = None if math.isinf(bound) else math.floor(bound + 1e-6)
    watch.proven(bound)
    starts = [first]
    if with_master and not watch.stopped and not _reaches(first, proven, unassigned):
        chosen = master_plan(problem, space, types, promising, first, seen,
                              unassigned, deadline, seed, workers, rounded)  # fmt: skip
        if chosen["buses"] and better_plan(problem, first, held.offer(chosen)) is chosen:
            starts.insert(0, chosen)  # it may place fewer: then the first plan is climbed too
    optimal = [p for p in starts if _reaches(p, proven, unassigned) and check(problem, p).ok]
    if optimal:  # proven optimal: no search can do better
        plan = optimal[0]
    elif watch.stopped:  # the caller asked for the best plan so far
        plan = functools.reduce(functools.partial(better_plan, problem), starts)
    else:
        plan = regrouped(problem, space, starts, deadline, seed, steps, warnings, seen,
                         enough=watch.worth)  # fmt: skip
    if len(plan["unassigned"]) > len(unassigned):
        warnings.append(
            f"{len(plan['unassigned']) - len(unassigned)} delegations were not placed within the "
            "time limit; a longer limit may place them"
        )
    if problem.pins:
        warnings.extend(_unkept_pins(problem, plan))
    plan = {**plan, "warnings": warnings}
    return finish(problem, plan, bound=proven, seconds=time.monotonic() - started)


def _reaches(plan: dict, proven: int | None, unassigned: list[dict]) -> bool:
    """Whether the plan places everyone a plan can and scores the proven bound: optimal."""
    if proven is None or len(plan["unassigned"]) > len(unassigned):
        return False
    return plan["objective"]["score"] >= proven


def _rules(
    problem: Problem, units: list[Unit], baseline: dict | None, weights: DisruptionWeights | None
) -> dict:
    """What regrouping must keep (pins) and charge (disruption against the baseline)."""
    rules = {}
    if problem.pins:
        rules["pinned"] = Pinned(problem, units)
    if baseline is not None:
        rules["disruption"] = Disruption(problem, baseline, weights or DisruptionWeights())
    return rules


def _regrouped(problem: Problem, space: PatternSpace, starts: list[dict], deadline: float,
               seed: int, steps: int, warnings: list[str], seen: set,
               enough=None, rules=None) -> dict:  # fmt: skip
    """The best plan regrouping reaches from the first start. When that start leaves more
    delegations unplaced than the last one and regrouping cannot place them in a fair share of
    the time, the next start is climbed too."""
    best = starts[-1]
    for n, start in enumerate(starts):
        left = len(starts) - n
        until = deadline - (deadline - time.monotonic()) * (left - 1) / left
        while True:
            regrouped = regroup(problem, space, start, deadline=until, seed=seed, max_steps=steps,
                                seen=seen, enough=enough, **(rules or {}))  # fmt: skip
            if not _as_valid(problem, regrouped, start):  # never trust a plan unchecked
                warnings.append("internal: regrouping produced a plan the checker refused")
                regrouped = start
            best = better_plan(problem, regrouped, best)
            placed = len(regrouped["unassigned"]) <= len(starts[-1]["unassigned"])
            if not placed or until >= deadline or steps < REGROUP_STEPS:
                break
            start, until = regrouped, deadline  # it places as many: it has the rest of the time
        if placed:
            break
    return best


def _as_valid(problem: Problem, plan: dict, start: dict) -> bool:
    """Whether the checker accepts the plan, or finds no more fault in it than in its start
    and only pins it could not keep (the solve then says which, see _unkept_pins)."""
    faults = check(problem, plan).violations
    if not faults:
        return True
    if any(v.rule != "pins" for v in faults):
        return False
    return len(faults) <= len(check(problem, start).violations)


def _unkept_pins(problem: Problem, plan: dict) -> list[str]:
    """Warnings for the pins the plan breaks: no route was found that keeps them beside the
    others (the pre-checks found no conflict between them)."""
    return [
        f"pin not kept: {v.message} (no route was found that keeps it; the plan cannot be "
        "published until the pin is changed or removed)"
        for v in check(problem, plan).violations
        if v.rule == "pins"
    ]


def _carried(problem: Problem, plan: dict, units: list[Unit]) -> frozenset[int]:
    """Every unit, when a valid plan carries them all: then every valid plan must (the contract
    allows a delegation unassigned only when no plan can carry it), which the bound may assume,
    and the plan returned places no fewer. Otherwise none: when not all can ride, which ones
    stay behind is a choice (seats may let either one large delegation or two small ride), so
    a plan carrying a unit proves nothing about the others that carry different ones."""
    if check(problem, plan).violations:
        return frozenset()
    aboard = {key for bus in plan["buses"] for key in bus["delegations"]}
    if all(key in aboard for u in units for key in u.keys):
        return frozenset(u.index for u in units)
    return frozenset()


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
