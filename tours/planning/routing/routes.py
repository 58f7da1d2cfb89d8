"""Orders of one bus's stops, and the earliest times that order allows.

A bus's stops are its distinct pickup places, its course's facilities plus one lunch place (one
of the few nearest its facilities; none on a day without lunch), and its distinct drop-off
places. Driving depends on the order only, so orders are tried cheapest first and each is timed
at the earliest (which is feasible whenever any timing of that order is); labels.py extends
partial routes phase by phase.
"""

import itertools
from dataclasses import dataclass

from tours.planning.model.problem import Bus, Delegation, Problem
from tours.planning.routing.labels import Label, Sequences, extend

MAX_PERMUTED = 4  # pickup or drop-off places beyond this are ordered nearest-first only
LUNCH_PLACES_TRIED = 3  # per bus: the lunch places nearest its facilities


@dataclass(frozen=True)
class Stop:
    kind: str  # pickup | visit | lunch | dropoff
    at: str
    duration: int
    not_before: int  # earliest start (earliest_pickup, lunch earliest)
    not_after_start: int | None  # lunch latest
    not_after_end: int | None  # latest_dropoff
    windows: tuple[tuple[int, int], ...] | None  # visits only


@dataclass(frozen=True)
class Order:
    stops: tuple[Stop, ...]
    driving: int
    gain: int = 0  # weighted interest its visits give the bus's delegations (set by the caller)


@dataclass(frozen=True)
class Timing:
    arrive: tuple[int, ...]
    start: tuple[int, ...]
    end: tuple[int, ...]


def bus_stops(problem: Problem, delegations: list[Delegation], facilities: list[str]):
    """The pickup, middle (visits, then lunch candidates) and drop-off stops of a bus."""
    board = problem.boarding_minutes
    pickups = {}
    for d in delegations:
        floor = d.earliest_pickup if d.earliest_pickup is not None else 0
        pickups[d.pickup] = max(pickups.get(d.pickup, 0), floor)
    dropoffs: dict[str, int | None] = {}
    for d in delegations:
        limit = d.latest_dropoff
        known = dropoffs.get(d.dropoff)
        dropoffs[d.dropoff] = (
            limit if known is None else (known if limit is None else min(known, limit))
        )
    first = [Stop("pickup", k, board, v, None, None, None) for k, v in pickups.items()]
    visits = [
        Stop(
            "visit",
            k,
            problem.facility(k).visit_minutes,
            0,
            None,
            None,
            problem.facility(k).windows,
        )
        for k in facilities
    ]
    lunches = [
        Stop(
            "lunch",
            p.key,
            problem.lunch_minutes,
            problem.lunch_earliest,
            problem.lunch_latest,
            None,
            None,
        )
        for p in problem.lunch_stops
    ]
    last = [Stop("dropoff", k, board, 0, None, v, None) for k, v in dropoffs.items()]
    return first, visits, lunches, last


def cheapest_orders(
    problem: Problem,
    bus: Bus,
    delegations: list[Delegation],
    facilities: list[str],
    *,
    count: int = 1,
    keep: int | None = None,
    cache: dict | None = None,
) -> list[tuple[Order, Timing]]:
    """Up to `count` feasible orders with their earliest timings, cheapest driving first.
    `cache` (optional, one per problem) keeps the sequences of stops for the next call.

    Phase by phase (pickups, middle, drop-offs), partial routes are kept per last stop as a
    Pareto front of (ready time, driving): a route that is both later and dearer than another
    ending at the same stop can never be the better one to extend.
    """
    first, visits, lunches, last = bus_stops(problem, delegations, facilities)
    minutes = problem.travel.minutes
    lunches = _nearest(lunches, [*visits, *first, *last], minutes)
    window = (max(problem.day[0], bus.available[0]), min(problem.day[1], bus.available[1]))
    cache = {} if cache is None else cache
    labels = [Label(window[0], 0, (), None)]
    phases = (
        (("ends", tuple(first)), lambda: _sequences(first, minutes)),
        (("middle", tuple(facilities), tuple(lunch.at for lunch in lunches)),
         lambda: _middles(problem, visits, lunches)),
        (("ends", tuple(last)), lambda: _sequences(last, minutes)),
    )  # fmt: skip
    for key, options in phases:
        if key not in cache:
            cache[key] = Sequences(options(), minutes)
        labels = extend(labels, cache[key], minutes, window, keep=keep or 3 * count)
        if not labels:
            return []
    labels.sort(key=lambda label: (label.driving, label.ready))
    found, middles_seen = [], set()
    for label in labels:
        middle = tuple(s.at for s in label.stops if s.kind in ("visit", "lunch"))
        if middle in middles_seen:
            continue  # other orders should differ where buses meet: at facilities and lunch
        timing = earliest_timing(label.stops, minutes, window)
        if timing is not None:
            middles_seen.add(middle)
            found.append((Order(label.stops, label.driving), timing))
        if len(found) == count:
            break
    return found


def _middles(problem: Problem, visits: list[Stop], lunches: list[Stop]) -> list[tuple]:
    """Every order of the visits and one lunch stop; of the visits alone on a day without lunch."""
    if not problem.has_lunch:
        return list(itertools.permutations(visits))
    return [m for lunch in lunches for m in itertools.permutations([*visits, lunch])]


def _nearest(lunches: list[Stop], around: list[Stop], minutes) -> list[Stop]:
    """The LUNCH_PLACES_TRIED lunch places closest to the bus's other stops (the facilities
    first): one far from all of them only adds driving, and the rest keep a choice when a room
    is full."""
    if len(lunches) <= LUNCH_PLACES_TRIED or not around:
        return lunches
    near = [s for s in around if s.kind == "visit"] or around

    def detour(lunch: Stop) -> int:
        return sum(minutes(s.at, lunch.at) + minutes(lunch.at, s.at) for s in near)

    return sorted(lunches, key=detour)[:LUNCH_PLACES_TRIED]


def _sequences(stops: list[Stop], minutes) -> list[tuple[Stop, ...]]:
    return [order for _, order in _orders(stops, minutes)]


def _orders(stops: list[Stop], minutes) -> list[tuple[int, tuple[Stop, ...]]]:
    if len(stops) <= MAX_PERMUTED:
        return [(_path(p, minutes), p) for p in itertools.permutations(stops)]
    order = [stops[0]]
    rest = stops[1:]
    while rest:
        nearest = min(rest, key=lambda s: minutes(order[-1].at, s.at))
        order.append(nearest)
        rest.remove(nearest)
    return [(_path(order, minutes), tuple(order))]


def _path(stops, minutes) -> int:
    return sum(minutes(a.at, b.at) for a, b in itertools.pairwise(stops))


def earliest_timing(stops, minutes, window: tuple[int, int], start_rule=None) -> Timing | None:
    """Each stop at the earliest start `start_rule(stop, ready)` allows (by default its windows
    and latest start alone)."""
    start_rule = start_rule or earliest_start
    arrive, start, end = [], [], []
    clock = None
    for i, stop in enumerate(stops):
        here = window[0] if clock is None else clock + minutes(stops[i - 1].at, stop.at)
        begin = start_rule(stop, max(here, stop.not_before))
        if begin is None:
            return None
        finish = begin + stop.duration
        if stop.not_after_end is not None and finish > stop.not_after_end:
            return None
        arrive.append(begin if clock is None else here)
        start.append(begin)
        end.append(finish)
        clock = finish
    if clock is not None and clock > window[1]:
        return None
    return Timing(tuple(arrive), tuple(start), tuple(end))


def earliest_start(stop: Stop, ready: int) -> int | None:
    if stop.windows is None:
        if stop.not_after_start is not None and ready > stop.not_after_start:
            return None
        return ready
    for low, high in sorted(stop.windows):
        begin = max(ready, low)
        if begin + stop.duration <= high:
            return begin
    return None
