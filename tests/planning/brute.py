"""Plans of tiny days found by brute force, without the solver: every way to seat the
delegations on the buses, every facility set per bus (earliest times of its cheapest stop
order), every combination of those buses, kept when the independent checker accepts it.

What it finds are valid plans made by other means than the solver's search, so the solver's
bound must be at least the best of them (on days this small the best of them is often the
optimum, but the comparison needs only that they are valid).
"""

import itertools

from tours.planning.check.verdict import check
from tours.planning.model.problem import Problem
from tours.planning.routing.plan import plan_document
from tours.planning.routing.routes import cheapest_orders
from tours.planning.routing.timing import TimedBus


def best_brute_force_score(problem: Problem) -> int | None:
    """The best score of a checked plan carrying every delegation, or None when none is found.
    Delegations must need no interpreter (language ja), which keeps the search small."""
    assert all(not d.needs_interpreter for d in problem.delegations), "tiny days speak ja"
    best = None
    delegations, buses = problem.delegations, problem.buses
    for seats in itertools.product(range(len(buses)), repeat=len(delegations)):
        groups = {b: [d for d, s in zip(delegations, seats, strict=True) if s == b] for b in seats}
        options = [_bus_options(problem, buses[b], group) for b, group in groups.items()]
        for chosen in itertools.product(*options):
            plan = plan_document(problem, list(chosen), unassigned=[], bound=None, seconds=0,
                                 warnings=[])  # fmt: skip
            if check(problem, plan).ok:
                score = plan["objective"]["score"]
                best = score if best is None else max(best, score)
    return best


def _bus_options(problem: Problem, bus, group) -> list[TimedBus]:
    keys = [f.key for f in problem.facilities]
    options = []
    for k in range(problem.min_visits, min(problem.max_visits, len(keys)) + 1):
        for facilities in itertools.combinations(keys, k):
            for order, timing in cheapest_orders(problem, bus, group, list(facilities)):
                options.append(
                    TimedBus(bus, group, order, timing.arrive, timing.start, timing.end, ())
                )
    return options
