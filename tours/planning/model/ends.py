"""Which pickup and drop-off places each course leaves room for: a relaxation of every route.

A bus stops once at each distinct pickup place and each distinct drop-off place of its group
(`boarding_minutes` each), so a group gathered from many hotels may not fit a course that a group
from one hotel fits. For a course and sets P (pickups) and D (drop-offs), the test times the
fastest imaginable route: all of P from the start of the day in the best order, the course's stops
in some order with one lunch place (windows and lunch times kept, waiting allowed), then all of D
in the best order, by shortest-path travel times. Every real route of a group with those places is
at least as slow, so a failing (course, P, D) fails in every plan. Adding a place never makes the
test easier, so the places that pass form a down-closed family, described by its maximal pairs.

Column generation prices each course once per maximal pair, over the units whose places lie in
it: every bus of every valid plan is still one of the patterns priced, so the bound stays true.
Used only while the sets stay few (`MAX_PICKUP_PLACES`, `MAX_DROPOFF_PLACES`).
"""

import numpy as np

from tours.planning.model.courses import Course
from tours.planning.model.problem import Problem
from tours.planning.model.reach import Reach
from tours.planning.model.units import Unit

MAX_PICKUP_PLACES = 5
MAX_DROPOFF_PLACES = 6
MAX_PAIRS_PER_COURSE = 12  # beyond, the course is priced over all units (weaker, still true)
INF = 10**9
CHUNK = 256  # courses compared at once (memory)


class EndsRows:
    """Rows to price: `course[r]` and the units `mask[r]` allowed on it; optionally `floor[r]`,
    driving every group of the row drives at least, and `required[r]`, the pickup and drop-off
    places (bit sets over driving.DrivingFloors' places) every group the row stands for stops at
    (a row's best group may stop at fewer: it is then charged more than its own floor, and
    priced exactly in another row, see bound.py)."""

    def __init__(self, course: np.ndarray, mask: np.ndarray, floor: np.ndarray | None = None,
                 required: np.ndarray | None = None):  # fmt: skip
        self.course, self.mask, self.floor = course, mask, floor
        self.required = np.zeros((len(course), 2), np.int64) if required is None else required

    def replaced(self, r: int, rows: "EndsRows") -> "EndsRows":
        """These rows with row r replaced by `rows` (at the end); every row has its floor."""
        return EndsRows(
            np.concatenate([np.delete(self.course, r), rows.course]),
            np.concatenate([np.delete(self.mask, r, axis=0), rows.mask]),
            np.concatenate([np.delete(self.floor, r), rows.floor]),
            np.concatenate([np.delete(self.required, r, axis=0), rows.required]),
        )

    @classmethod
    def plain(cls, n_courses: int, n_units: int) -> "EndsRows":
        return cls(np.arange(n_courses), np.ones((n_courses, n_units), dtype=bool))


def ends_rows(problem: Problem, units: list[Unit], courses: list[Course]) -> EndsRows:
    """One row per course and maximal (pickups, drop-offs) pair its day leaves room for; a course
    with every pair (or too many pairs) gets one row over all units."""
    pickups = sorted({d.pickup for u in units for d in u.delegations})
    dropoffs = sorted({d.dropoff for u in units for d in u.delegations})
    plain = EndsRows.plain(len(courses), len(units))
    if not courses or len(pickups) > MAX_PICKUP_PLACES or len(dropoffs) > MAX_DROPOFF_PLACES:
        return plain
    feasible = _feasible(problem, units, courses, pickups, dropoffs)  # (courses, P, D)
    pick_of = np.array([place_bits(pickups, {d.pickup for d in u.delegations}) for u in units])
    drop_of = np.array([place_bits(dropoffs, {d.dropoff for d in u.delegations}) for u in units])
    full_p, full_d = (1 << len(pickups)) - 1, (1 << len(dropoffs)) - 1
    maximal = feasible & ~_extendable(feasible, len(pickups), len(dropoffs))
    rows_course, rows_mask = [], []
    for s in range(len(courses)):
        pairs = np.argwhere(maximal[s])
        if feasible[s, full_p, full_d] or len(pairs) > MAX_PAIRS_PER_COURSE or len(pairs) == 0:
            rows_course.append(s)
            rows_mask.append(np.ones(len(units), dtype=bool))
            continue
        for p, d in pairs:
            rows_course.append(s)
            rows_mask.append(((pick_of & ~p) == 0) & ((drop_of & ~d) == 0))
    return EndsRows(np.array(rows_course), np.array(rows_mask, dtype=bool))


def place_bits(places: list[str], mine: set[str]) -> int:
    """The places of `mine` as a bit set over `places`."""
    return sum(1 << i for i, place in enumerate(places) if place in mine)


def _extendable(feasible: np.ndarray, n_p: int, n_d: int) -> np.ndarray:
    """Whether one more pickup or drop-off place still passes (then the pair is not maximal)."""
    grows = np.zeros_like(feasible)
    sets_p, sets_d = np.arange(feasible.shape[1]), np.arange(feasible.shape[2])
    for i in range(n_p):
        lacking = (sets_p & (1 << i)) == 0
        grows[:, lacking, :] |= feasible[:, sets_p[lacking] | (1 << i), :]
    for i in range(n_d):
        lacking = (sets_d & (1 << i)) == 0
        grows[:, :, lacking] |= feasible[:, :, sets_d[lacking] | (1 << i)]
    return grows


def _feasible(problem: Problem, units: list[Unit], courses: list[Course], pickups: list[str],
              dropoffs: list[str]) -> np.ndarray:  # fmt: skip
    """feasible[s, P, D] for every course s and place sets P, D (as bit masks; empty sets fail)."""
    reach = Reach(problem, units)
    least = reach.least
    middle = sorted({f.key for f in problem.facilities} | {p.key for p in problem.lunch_stops})
    column = {key: n for n, key in enumerate(middle)}
    arrive = _gathered(pickups, middle, least, problem.boarding_minutes) + reach.open  # (P, x)
    tail = _scattered(dropoffs, middle, least, problem.boarding_minutes)  # (D, y)
    slack = np.full((len(courses), arrive.shape[0], len(middle)), -INF)  # best close - end
    for s, course in enumerate(courses):
        orders = reach.orders(course)
        if orders == [[]]:  # nothing between pickups and drop-offs: taken to fit (still true)
            slack[s] = INF
            continue
        for length in sorted({len(o) for o in orders}):
            group = [o for o in orders if len(o) == length]
            ends = _middle_ends(group, arrive[:, [column[o[0][0]] for o in group]].T, least)
            lasts = np.array([column[o[-1][0]] for o in group])
            room = np.where(ends < INF, reach.close - ends, -INF)  # (orders, P)
            for y in np.unique(lasts):
                best = room[lasts == y].max(axis=0)
                slack[s, :, y] = np.maximum(slack[s, :, y], best)
    # feasible when some last middle stop y leaves room for the drop-offs: tail[D, y] <= slack
    fits = np.zeros((len(courses), arrive.shape[0], tail.shape[0]), dtype=bool)
    for s in range(0, len(courses), CHUNK):
        part = slack[s : s + CHUNK]
        fits[s : s + CHUNK] = (tail[None, None, :, :] <= part[:, :, None, :]).any(axis=3)
    fits[:, 0, :] = False
    fits[:, :, 0] = False
    return fits


def _gathered(places: list[str], middle: list[str], least, board: int) -> np.ndarray:
    """[P, x]: least minutes from the day's start to reach middle stop x after boarding at every
    place of P (INF for the empty set)."""
    path = np.array(_boarding_paths(places, dict.fromkeys(places, 0), least, board, 0))
    legs = np.array([[least(p, x) for x in middle] for p in places])  # (n, x)
    return (path[:, :, None] + legs[None, :, :]).min(axis=1)


def _boarding_paths(places: list[str], release: dict[str, int], least, board: int,
                    start: int) -> list[list[int]]:  # fmt: skip
    """done[S][i]: the earliest the bus can have boarded at every place of S (bit mask), ending
    at places[i], boarding nowhere before `start` nor before a place's release (Held-Karp:
    waiting never pays later, so the earliest time is all that needs keeping)."""
    n = len(places)
    done = [[INF] * n for _ in range(1 << n)]
    for i, place in enumerate(places):
        done[1 << i][i] = max(start, release[place]) + board
    for subset in range(1, 1 << n):
        for last in range(n):
            if done[subset][last] >= INF:
                continue
            for nxt in range(n):
                if subset & (1 << nxt):
                    continue
                arrive = done[subset][last] + least(places[last], places[nxt])
                finish = max(arrive, release[places[nxt]]) + board
                bigger = subset | (1 << nxt)
                done[bigger][nxt] = min(done[bigger][nxt], finish)
    return done


def _scattered(places: list[str], middle: list[str], least, board: int) -> np.ndarray:
    """[D, y]: least minutes from leaving middle stop y to the end of the last drop-off at every
    place of D (each boarding included; INF for the empty set)."""
    n = len(places)
    path = np.full((1 << n, n), INF)  # path[S, f]: drop at f first, then all of S from there
    for i in range(n):
        path[1 << i, i] = board
    for subset in range(1, 1 << n):
        for first in range(n):
            if not subset & (1 << first):
                continue
            rest = subset & ~(1 << first)
            if not rest:
                continue
            for nxt in range(n):
                if rest & (1 << nxt) and path[rest, nxt] < INF:
                    value = board + least(places[first], places[nxt]) + path[rest, nxt]
                    path[subset, first] = min(path[subset, first], value)
    legs = np.array([[least(y, p) for p in places] for y in middle])  # (y, n)
    return (legs[None, :, :] + path[:, None, :]).min(axis=2)


def _middle_ends(orders: list, arrive: np.ndarray, least) -> np.ndarray:
    """[order, P]: when each order of the course's stops ends if the bus reaches its first stop
    at `arrive[order, P]` (INF when a window or the lunch time cannot be kept)."""
    clock = arrive.astype(np.int64)
    for k in range(len(orders[0])):
        if k:
            travel = np.array([least(o[k - 1][0], o[k][0]) for o in orders])
            clock = clock + travel[:, None]
        duration = np.array([o[k][1] for o in orders])[:, None]
        start = np.full(clock.shape, INF, dtype=np.int64)
        widest = max(len(o[k][2] or ((0, 0),)) for o in orders)
        for w in reversed(range(widest)):  # the earliest window that fits wins
            low, high = _window(orders, k, w)
            candidate = np.maximum(clock, low[:, None])
            start = np.where(candidate + duration <= high[:, None], candidate, start)
        latest = np.array([INF if o[k][3] is None else o[k][3] for o in orders])[:, None]
        start = np.where(start <= latest, start, INF)
        clock = np.where(start < INF, start + duration, INF)
    return np.minimum(clock, INF)


def _window(orders: list, k: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    lows, highs = [], []
    for o in orders:
        windows = o[k][2]
        if windows is None:
            low, high = (-INF, INF) if w == 0 else (INF, -INF)
        else:
            ordered = sorted(windows)
            low, high = ordered[w] if w < len(ordered) else (INF, -INF)
        lows.append(low)
        highs.append(high)
    return np.array(lows), np.array(highs)


class GroupFit:
    """Whether a group's own pickups, drop-offs and times leave room for a course, by the same
    relaxation as above but with each place's own times: every pickup place in the best order
    from the day's start, boarding no earlier than its latest earliest pickup; the course in some
    order with one lunch place; every drop-off place in the best order, each finished by its
    earliest latest drop-off and the day's end. A group failing it fails in every plan, and so
    does any group holding it (more places and tighter times never help)."""

    def __init__(self, problem: Problem, units: list[Unit]):
        self.problem, self.reach = problem, Reach(problem, units)
        self._known: dict[tuple, bool] = {}

    def fits(self, units: list[Unit], course: Course) -> bool:
        release: dict[str, int] = {}
        deadline: dict[str, int] = {}
        for d in (d for u in units for d in u.delegations):
            floor = self.reach.open if d.earliest_pickup is None else d.earliest_pickup
            release[d.pickup] = max(release.get(d.pickup, floor), floor)
            limit = self.reach.close if d.latest_dropoff is None else d.latest_dropoff
            deadline[d.dropoff] = min(deadline.get(d.dropoff, limit), limit, self.reach.close)
        key = (tuple(sorted(release.items())), tuple(sorted(deadline.items())), course.facilities)
        if key not in self._known:
            self._known[key] = self._fits(release, deadline, course)
        return self._known[key]

    def _fits(self, release: dict[str, int], deadline: dict[str, int], course: Course) -> bool:
        least, board = self.reach.least, self.problem.boarding_minutes
        gathered = _released_paths(release, least, board, self.reach.open)  # last place -> time
        scattered = _latest_arrivals(deadline, least, board)  # first place -> latest arrival
        for order in self.reach.orders(course):
            if not order:
                return True  # nothing between pickups and drop-offs: taken to fit (still true)
            first, last = order[0][0], order[-1][0]
            ready = min(t + least(p, first) for p, t in gathered.items())
            end = self.reach.middle_end(order, ready)
            if end is not None and any(end + least(last, q) <= t for q, t in scattered.items()):
                return True
        return False


def _released_paths(release: dict[str, int], least, board: int, start: int) -> dict[str, int]:
    """For each pickup place: the earliest the bus can have boarded at every place, ending there."""
    places = sorted(release)
    done = _boarding_paths(places, release, least, board, start)
    return {place: done[(1 << len(places)) - 1][i] for i, place in enumerate(places)}


def _latest_arrivals(deadline: dict[str, int], least, board: int) -> dict[str, int]:
    """For each drop-off place: the latest the bus may reach it first and still finish every
    drop-off place by its deadline (Held-Karp backwards)."""
    places = sorted(deadline)
    n = len(places)
    latest = [[-INF] * n for _ in range(1 << n)]
    for i, place in enumerate(places):
        latest[1 << i][i] = deadline[place] - board
    for subset in range(1, 1 << n):
        for first in range(n):
            rest = subset & ~(1 << first)
            if not subset & (1 << first) or not rest:
                continue
            then = max(
                (latest[rest][g] - least(places[first], places[g]) - board
                 for g in range(n) if rest & (1 << g)),
                default=-INF,
            )  # fmt: skip
            latest[subset][first] = min(deadline[places[first]] - board, then)
    return {places[i]: latest[(1 << n) - 1][i] for i in range(n)}
