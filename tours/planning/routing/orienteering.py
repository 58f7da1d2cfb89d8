"""The routing model of one bus's middle: an orienteering problem with time windows for
OR-Tools' routing solver, from the last pickup to the first drop-off (routing/long_routes.py
builds the day around it and times what it finds).

- every facility the group may visit is a node, optional at a penalty of what the group gains
  from it (weights.interest * sum of priority * interest); avoided ones, and inaccessible ones
  for a group with wheelchair users, are left out;
- what a route must hold is penalised above everything else rather than imposed (so a first
  route is found at once; routes without it are refused when read): the one lunch (a
  disjunction over the lunch places, at most one), each facility a delegation must visit or a
  pin puts on the bus, and min_visits (a soft lower bound on a visit counter whose capacity is
  max_visits);
- a time dimension (service time, then the drive) starts at the end of the pickups and ends
  early enough for the drop-offs to meet every latest drop-off, the bus's, the interpreters'
  and the day's end; each stop's start times are its windows less every start the booking
  sheet of the other buses refuses (rules 5 and 7), removed from its domain;
- arcs cost weights.driving_minute per minute of driving, so the solver's objective is the
  bus's score; when driving is free, a minute of driving costs 1/TIE of a score unit instead
  (local search needs arc costs to work on; the plan is still judged on its exact score).

The search is iterated local search (ruin and recreate, OR-Tools' own) for ILS_SHARE of the
time, then guided local search from the better of its route and the bus's current one. (On the
Solomon orienteering instances, bench/toptw.py, either alone stalled 6-10 % below the best known
on some instance; together they came within 5 % on all.)

Imports the problem model, ortools, and routing's stops and booking sheet.
"""

import itertools
import time
from dataclasses import dataclass, replace

from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_ils_pb2

from tours.planning.model.problem import Bus, Delegation, Problem
from tours.planning.routing.routes import Stop, bus_stops
from tours.planning.routing.sheet import Sheet

TIE = 16  # when driving is free: cost units per score unit, against 1 per minute of driving
ILS_SHARE = 0.6  # of the search time, for iterated local search; then guided local search
RUINED = (4, 10)  # visits one ruin removes (one of these at random, a random walk of near ones)
MIN_SEARCH_S = 0.01  # below this, no search is worth starting
FIRST_SOLUTION = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
METAHEURISTIC = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
GREEDY_DESCENT = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
ONE_AT_RANDOM = routing_ils_pb2.RuinCompositionStrategy.RUN_ONE_RANDOMLY


@dataclass(frozen=True)
class Group:
    """The fixed part of a bus's day: who rides it and the order of its ends."""

    bus: Bus
    delegations: tuple[Delegation, ...]
    interpreters: tuple[str, ...]
    pickups: tuple[str, ...]  # pickup places in the order they are driven
    dropoffs: tuple[str, ...]
    people: int  # the bus's load, staff seats included


@dataclass(frozen=True)
class Day:
    """The bus's window, its timed pickups and drop-off stops, and when the middle may run."""

    window: tuple[int, int]
    first: tuple[Stop, ...]
    last: tuple[Stop, ...]
    ready: int  # the end of the last pickup
    latest: int  # the latest arrival at the first drop-off


def allowed_starts(sheet: Sheet, stop: Stop, people: int, low: int, high: int) -> list[tuple]:
    """The start times in low..high (as inclusive runs) at which the stop fits its windows or
    latest start and the sheet has room for `people` (sheet.earliest's own reading).

    Whether a start fits changes only where a booking starts or stops overlapping the stay
    (b.start - duration + 1, b.end), at a booked start and the minute after (joining a start
    is allowed when the day's visits are used up) and at a window's edges; so one test per
    piece between those points decides the whole piece."""
    low = max(low, stop.not_before)
    if stop.not_after_start is not None:
        high = min(high, stop.not_after_start)
    if low > high:
        return []
    edges = {low, high + 1}
    for a, z in stop.windows or ():
        edges |= {a, z - stop.duration + 1}
    for b in sheet.taken.get(stop.at, ()):
        edges |= {b.start - stop.duration + 1, b.end, b.start, b.start + 1}
    points = sorted(t for t in edges if low <= t <= high + 1)
    runs: list[tuple[int, int]] = []
    for begin, after in itertools.pairwise(points):
        if sheet.earliest(stop, begin, people) != begin:
            continue
        if runs and runs[-1][1] == begin - 1:
            runs[-1] = (runs[-1][0], after - 1)
        else:
            runs.append((begin, after - 1))
    return runs


class MiddleModel:
    """The routing model of one bus's middle: node 0 is the last pickup, node 1 the first
    drop-off, then the candidate facilities, then the lunch places."""

    def __init__(self, problem: Problem, group: Group, day: Day, sheet: Sheet):
        self.problem, self.group, self.day, self.sheet = problem, group, day, sheet
        self.nodes: list[Stop] = []  # candidates, node 2 onwards
        self.domains: list[list[tuple]] = []
        self.mandatory: set[int] = set()
        self.manager = self.routing = None

    def build(self) -> bool:
        """The model, or False when a facility the bus must visit cannot be."""
        if not self._candidates():
            return False
        keys = [self.day.first[-1].at, self.day.last[0].at, *(s.at for s in self.nodes)]
        minutes = self.problem.travel.minutes
        travel = [[minutes(a, b) for b in keys] for a in keys]
        self.manager = pywrapcp.RoutingIndexManager(len(keys), 1, [0], [1])
        self.routing = pywrapcp.RoutingModel(self.manager)
        self._costs(travel)
        self._time(travel)
        self._visits()
        self._optional()
        return True

    def _candidates(self) -> bool:
        """Every stop the bus may make with its domain; False when a facility it must visit,
        or every lunch place, is out of reach."""
        problem, group = self.problem, self.group
        avoid = frozenset().union(*(d.avoid for d in group.delegations))
        wheel = any(d.wheelchair_users for d in group.delegations)
        pinned = _pinned_times(problem, group.bus.key)
        must = frozenset().union(*(d.must_visit for d in group.delegations))
        must |= frozenset(p.facility for p in problem.pins if p.bus == group.bus.key and
                          p.kind in ("visit_bus", "visit_time"))  # fmt: skip
        keys = [f.key for f in problem.facilities
                if f.key not in avoid and (f.wheelchair or not wheel)]  # fmt: skip
        _, visits, lunches, _ = bus_stops(problem, list(group.delegations), keys)
        visits = [_narrowed(s, pinned) for s in visits]
        for stop in [*visits, *lunches]:
            runs = self._domain(stop)
            if runs:
                if stop.kind == "visit" and stop.at in must:
                    self.mandatory.add(len(self.nodes) + 2)
                self.nodes.append(stop)
                self.domains.append(runs)
        reached = {s.at for s in self.nodes}
        lunch = any(s.kind == "lunch" for s in self.nodes) or not problem.has_lunch
        return must <= reached and lunch

    def _domain(self, stop: Stop) -> list[tuple]:
        minutes, day = self.problem.travel.minutes, self.day
        low = day.ready + minutes(day.first[-1].at, stop.at)
        high = day.latest - stop.duration - minutes(stop.at, day.last[0].at)
        return allowed_starts(self.sheet, stop, self.group.people, low, high)

    def _scales(self) -> tuple[int, int]:
        """Cost units per score unit and per minute of driving."""
        w = self.problem.weights
        return (1, w.driving_minute) if w.driving_minute else (TIE, 1)

    def _costs(self, travel) -> None:
        per_minute = self._scales()[1]
        cost = [[per_minute * t for t in row] for row in travel]
        self.routing.SetArcCostEvaluatorOfAllVehicles(self.routing.RegisterTransitMatrix(cost))

    def _time(self, travel) -> None:
        service = [0, 0, *(s.duration for s in self.nodes)]
        transit = [[service[i] + t for t in row] for i, row in enumerate(travel)]
        horizon = self.day.window[1]
        callback = self.routing.RegisterTransitMatrix(transit)
        self.routing.AddDimension(callback, horizon, horizon, False, "time")
        dimension = self.routing.GetDimensionOrDie("time")
        dimension.CumulVar(self.routing.Start(0)).SetRange(self.day.ready, self.day.ready)
        dimension.CumulVar(self.routing.End(0)).SetRange(self.day.ready, self.day.latest)
        for n, runs in enumerate(self.domains, start=2):
            var = dimension.CumulVar(self.manager.NodeToIndex(n))
            var.SetRange(runs[0][0], runs[-1][1])
            for (_, z), (a, _) in itertools.pairwise(runs):
                var.RemoveInterval(z + 1, a - 1)

    def _visits(self) -> None:
        counts = [0, 0, *(1 if s.kind == "visit" else 0 for s in self.nodes)]
        callback = self.routing.RegisterUnaryTransitVector(counts)
        self.routing.AddDimension(callback, 0, self.problem.max_visits, True, "visits")

    def _optional(self) -> None:
        """Every visit optional at what the group gains from it; what a route must hold (the
        one lunch, must-visits, min_visits) at a penalty above everything else instead of as
        a hard rule, so a first route is found at once (_read refuses routes without them)."""
        w, (per_score, per_minute) = self.problem.weights, self._scales()
        gains = {}
        for n, stop in enumerate(self.nodes, start=2):
            if stop.kind == "visit" and n not in self.mandatory:
                value = sum(d.priority * d.interest[stop.at] for d in self.group.delegations)
                gains[n] = per_score * w.interest * value
                self.routing.AddDisjunction([self.manager.NodeToIndex(n)], gains[n])
        drive = per_minute * (self.day.window[1] + 1) * (len(self.nodes) + 2)
        above_all = sum(gains.values()) + drive + 1
        for n in sorted(self.mandatory):
            self.routing.AddDisjunction([self.manager.NodeToIndex(n)], above_all)
        lunches = [n for n, s in enumerate(self.nodes, start=2) if s.kind == "lunch"]
        indices = [self.manager.NodeToIndex(n) for n in lunches]
        if indices:  # none on a day without lunch
            self.routing.AddDisjunction(indices, above_all, 1)
        fewest = min(self.problem.min_visits, self.problem.max_visits)
        visits = self.routing.GetDimensionOrDie("visits")
        visits.SetCumulVarSoftLowerBound(self.routing.End(0), fewest, above_all)

    def solve(self, time_limit_s: float, start: list[str] | None) -> list[Stop] | None:
        """The middle's stops in order, or None when no route with one lunch is found."""
        began = time.monotonic()
        found = self.routing.SolveWithIteratedLocalSearch(
            search_parameters(time_limit_s * ILS_SHARE, iterated=True)
        )
        first = self._first_solution(start) if start else None
        if first is not None and (found is None or first.ObjectiveValue() < found.ObjectiveValue()):
            found = first  # the bus's own route is still the better start
        left = time_limit_s - (time.monotonic() - began)
        if left >= MIN_SEARCH_S:
            params = search_parameters(left)
            if found is not None:
                found = self.routing.SolveFromAssignmentWithParameters(found, params) or found
            else:
                found = self.routing.SolveWithParameters(params)
        return None if found is None else self._read(found)

    def _first_solution(self, start: list[str]):
        node_of = {s.at: n for n, s in enumerate(self.nodes, start=2)}
        route = [self.manager.NodeToIndex(node_of[k]) for k in start if k in node_of]
        return self.routing.ReadAssignmentFromRoutes([route], True)

    def _read(self, solution) -> list[Stop] | None:
        visited, index = [], self.routing.Start(0)
        while True:
            index = solution.Value(self.routing.NextVar(index))
            if self.routing.IsEnd(index):
                break
            visited.append(self.manager.IndexToNode(index))
        middle = [self.nodes[n - 2] for n in visited]
        visits = sum(1 for s in middle if s.kind == "visit")
        lunches = sum(1 for s in middle if s.kind == "lunch")
        if lunches != int(self.problem.has_lunch) or not self.mandatory <= set(visited):
            return None
        return middle if visits >= min(self.problem.min_visits, self.problem.max_visits) else None


def search_parameters(time_limit_s: float, iterated: bool = False):
    """The routing solver's parameters: a first route, then guided local search (or, when
    `iterated`, ruin and recreate with greedy descent) until the time limit."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = FIRST_SOLUTION
    params.local_search_metaheuristic = METAHEURISTIC
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    if iterated:
        params.use_iterated_local_search = True
        params.local_search_metaheuristic = GREEDY_DESCENT
        ruin = params.iterated_local_search_parameters.ruin_recreate_parameters
        for visits in RUINED:
            ruin.ruin_strategies.add().random_walk.num_removed_visits = visits
        ruin.ruin_composition_strategy = ONE_AT_RANDOM
    return params


def _pinned_times(problem: Problem, bus_key: str) -> dict[str, int]:
    return {p.facility: p.start for p in problem.pins
            if p.kind == "visit_time" and p.bus == bus_key and p.start is not None}  # fmt: skip


def _narrowed(stop: Stop, pinned: dict[str, int]) -> Stop:
    """A pinned visit's windows narrowed to its pinned start (as replan/pinning.py does)."""
    if stop.at not in pinned:
        return stop
    start = pinned[stop.at]
    return replace(stop, windows=((start, start + stop.duration),))
