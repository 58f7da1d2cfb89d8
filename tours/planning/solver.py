"""solve(problem) -> a kengaku.plan/1 plan, within the time limit, at every shape of day.

Days of up to CORE_VISITS visits per bus are planned by day.plan_day (quick plan, regrouping,
the bound, the master). A day allowing more visits per bus (long routes: a walking tour, a
candidate list of 100 facilities) is planned in two steps, because facility combinations and
stop orders grow too fast to enumerate beyond a few visits:

1. the tighter day, at most CORE_VISITS visits per bus, by plan_day for a share of the time:
   every plan of the tighter day is valid for the looser one, so what it finds is the start;
2. each bus's route lengthened by OR-Tools routing against the other buses' stops
   (quick.lengthen), keeping a change only when the checker accepts the plan and it scores more.

So the looser day's plan is never worse than the tighter day's found in the same run. The bound
of the tighter day does not hold for the looser one; the bound reported is the favourites bound
or the capacity bound of the day as it is (both true for every plan), and a warning says so.
"""

import dataclasses
import math
import time

from tours.planning.bound.capacity import capacity_bound
from tours.planning.day import _carried, _placeable, plan_day
from tours.planning.model import clock
from tours.planning.model.clock import OutOfTime
from tours.planning.model.courses import favourites_bound
from tours.planning.model.problem import Problem
from tours.planning.quick.lengthen import lengthen, visits
from tours.planning.replan.carry_over import carried_over
from tours.planning.replan.disruption import Disruption, DisruptionWeights
from tours.planning.routing.plan import finish
from tours.planning.watch import Watch

CORE_VISITS = 3  # visits per bus up to which combinations are enumerated (the tuned shape)
LENGTHEN_SHARE = 0.15  # of the time limit, for lengthening routes where facilities are few
LONG_LENGTHEN_SHARE = 0.6  # ... where there are many facilities per bus (routes may grow far)
LONG_FROM = 2 * CORE_VISITS  # facilities per bus from which a day counts as one of long routes
CARRY_OVER_SHARE = 0.6  # of the time limit, for carrying a long-route day's plan over
FINISH_BY = 0.95  # of the time limit: the rest is margin for checking and finishing the plan


def solve(problem: Problem, *, time_limit_s: float = 10.0, seed: int = 0, workers: int = 2,
          progress=None, baseline: dict | None = None,
          disruption: DisruptionWeights | None = None) -> dict:  # fmt: skip
    """The best plan found within `time_limit_s`; `progress(report)` (optional) hears of the best
    score and bound as they improve and may return True to stop early (watch.py). Pins
    (`problem.pins`) hold in every plan returned. With a `baseline` (the published plan) it is a
    least-change re-plan: it starts from that plan and maximises the score less the disruption
    penalty (`disruption` weights, replan/disruption.py), which the plan reports as
    `disruption`."""
    options = {"seed": seed, "workers": workers, "baseline": baseline, "disruption": disruption}
    if problem.max_visits <= CORE_VISITS:
        return plan_day(problem, time_limit_s=time_limit_s, progress=progress, **options)
    started = time.monotonic()
    if _keeps_long_routes(problem, baseline):
        carried = _carried_over(problem, baseline, time_limit_s, seed, progress, disruption)
        if carried is not None:
            return finish(problem, carried, bound=carried["objective"]["bound"],
                          seconds=time.monotonic() - started)  # fmt: skip
        left = time_limit_s - (time.monotonic() - started)
        return plan_day(problem, time_limit_s=left, progress=progress, **options)
    units, _ = _placeable(problem)
    loose = _loose_bound(problem, units)

    def told(report: dict) -> bool | None:  # the tighter day's bound is not this day's
        return progress({**report, "bound": _floor(loose)}) if progress else None

    share = LONG_LENGTHEN_SHARE if _long_routes(problem) else LENGTHEN_SHARE
    tighter = tighter_day(problem)
    plan = plan_day(tighter, time_limit_s=time_limit_s * (1 - share), progress=told, **options)
    warnings = [w for w in plan["warnings"] if not w.startswith("internal: the bound")]
    deadline = started + time_limit_s * FINISH_BY
    watch = Watch(told, started)
    if not watch.asked_to_stop():  # a cancelled job is cancelled still: no lengthening
        try:
            with clock.within(deadline, stop=watch.asked_to_stop):
                longer = lengthen(problem, plan, deadline=deadline, seed=seed)
            plan = _less_disrupting(problem, plan, longer, baseline, disruption)
        except OutOfTime as out:  # lengthen keeps to its deadline; this is the net beneath it
            warnings.append(
                "stopped on request while lengthening routes"
                if out.stopped
                else "the time limit ran out while lengthening routes"
            )
    carried = _carried(problem, plan, units)
    bound = _loose_bound(problem, units, carried) if carried else loose
    warnings.append(
        f"up to {problem.max_visits} visits per bus: the day was planned with at most "
        f"{CORE_VISITS} visits per bus first, then each bus's route was lengthened; the bound "
        "counts each delegation's favourite facilities and what the facilities and buses hold "
        "in a day, so it is looser than on a day of short routes"
    )
    if progress:
        progress({"score": plan["objective"]["score"], "bound": _floor(bound),
                  "seconds": round(time.monotonic() - started, 3)})  # fmt: skip
    plan = {**plan, "warnings": warnings}
    return finish(problem, plan, bound=_floor(bound), seconds=time.monotonic() - started)


def _carried_over(problem: Problem, baseline: dict, time_limit_s: float, seed: int, progress,
                  weights: DisruptionWeights | None) -> dict | None:  # fmt: skip
    """A re-plan of a day of long routes: the published buses carried over to today's data and
    re-routed (replan/carry_over.py), with their disruption, for up to CARRY_OVER_SHARE of the
    time; None when that gives no checked plan (the day is then planned as it is)."""
    started = time.monotonic()
    deadline = started + time_limit_s * CARRY_OVER_SHARE
    watch = Watch(progress, started)
    try:
        with clock.within(deadline, stop=watch.asked_to_stop):
            plan = carried_over(problem, baseline, deadline=deadline)
            if plan is None:
                return None
            longer = lengthen(problem, plan, deadline=deadline, seed=seed)
    except OutOfTime:
        return None
    plan = _less_disrupting(problem, plan, longer, baseline, weights)
    units, _ = _placeable(problem)
    bound = _loose_bound(problem, units)
    warnings = [
        "a re-plan of a day of long routes: each published bus keeps its delegations (less those "
        "gone or no longer fitting) and is routed again on today's data; the bound counts each "
        "delegation's favourite facilities and what the facilities and buses hold in a day"
    ]
    objective = {**plan["objective"], "bound": _floor(bound)}
    return {**plan, "objective": objective, "warnings": warnings}


def _loose_bound(problem: Problem, units: list, carried: frozenset[int] = frozenset()) -> float:
    """The favourites bound or the capacity bound (with the units every valid plan carries),
    whichever is tighter: both hold at any number of visits per bus."""
    return min(favourites_bound(problem, units), capacity_bound(problem, units, carried))


def _less_disrupting(problem: Problem, plan: dict, longer: dict, baseline: dict | None,
                     weights: DisruptionWeights | None) -> dict:  # fmt: skip
    """The lengthened plan, unless this is a re-plan and its longer routes move announced
    visits by more than they gain: lengthening maximises the score alone, so the disruption
    (recounted for the lengthened routes) decides between the two here."""
    if baseline is None:
        return longer
    charge = Disruption(problem, baseline, weights or DisruptionWeights())
    plan, longer = ({**p, "disruption": charge.summary(p["buses"])} for p in (plan, longer))
    worth = [p["objective"]["score"] - p["disruption"]["penalty"] for p in (plan, longer)]
    return longer if worth[1] > worth[0] else plan


def tighter_day(problem: Problem) -> Problem:
    """The same day with at most CORE_VISITS visits per bus: every plan of it is valid for the
    looser day (when the looser day asks no more than CORE_VISITS visits of every bus)."""
    return dataclasses.replace(
        problem,
        max_visits=min(problem.max_visits, CORE_VISITS),
        min_visits=min(problem.min_visits, CORE_VISITS),
    )


def _long_routes(problem: Problem) -> bool:
    """Whether routes may grow far beyond CORE_VISITS: many visits allowed and many facilities
    per bus (a walking tour, a candidate list). On a day of few facilities per bus the buses
    soon compete for the same ones, lengthening gains a visit or two, and the tighter day's
    plan is worth more of the time."""
    many = len(problem.facilities) >= LONG_FROM * max(1, len(problem.buses))
    return problem.max_visits >= LONG_FROM and many


def _keeps_long_routes(problem: Problem, baseline: dict | None) -> bool:
    """A re-plan whose published plan has buses with more than CORE_VISITS visits: the tighter
    day would have to cut them, so the published buses are carried over instead
    (replan/carry_over.py)."""
    return baseline is not None and any(visits(b) > CORE_VISITS for b in baseline["buses"])


def _floor(bound: float) -> int | None:
    return None if math.isinf(bound) else math.floor(bound + 1e-6)
