"""Recombination: every way two buses may share their delegations, estimated at once.

Moving one unit or swapping two changes a group by one member at a time; when two buses would do
better with their delegations dealt out afresh (say, those keen on water works together on one bus
and those keen on waste on the other), single moves each lose value on the way and the climb never
gets there. Here every split of the two buses' units between them is valued at once (numpy: each
subset's best allowed course, time ignored, as regrouping estimates its moves), so the most
promising splits can be routed and timed for real.
"""

from dataclasses import dataclass

import numpy as np

MOST_UNITS = 12  # units of two buses beyond which their splits are not enumerated (2^12 = 4096)
COURSES_KEPT = 300  # courses most worth to the units together, besides each unit's own best
COURSES_PER_UNIT = 8


@dataclass(frozen=True)
class Side:
    """One of the two buses: its seats, wheelchair spaces, weighted cost and closed courses."""

    seats: int
    wheelchair_spaces: int
    cost: float
    closed: np.ndarray  # per course: it visits a facility the sheet has no room left at


def best_splits(space, gain: np.ndarray, less: np.ndarray, units: tuple[int, ...],
                sides: tuple, needed, staff: int, current: tuple[int, ...],
                limit: int) -> list[tuple]:  # fmt: skip
    """Up to `limit` splits (estimated gain, units of the first bus, units of the second) that
    the estimate values above the `current` units of the first bus (the rest on the second),
    best first. `gain` and `less` are per (course, unit) and per course as regrouping weighs
    them; `needed(languages)` counts the interpreters a group needs (huge when none can)."""
    m = len(units)
    if m == 0 or m > MOST_UNITS:
        return []
    subsets = np.arange(1 << m)
    member = ((subsets[:, None] >> np.arange(m)) & 1).astype(bool)
    courses = _courses_kept(gain, less, units)
    people = member @ space.sizes[list(units)] + _interpreters(space, units, needed) + staff
    wheel = member @ space.wheelchair[list(units)]
    value = member.astype(float) @ gain[np.ix_(courses, units)].T - less[courses][None, :]
    barred = member.astype(float) @ (~space.allowed[np.ix_(courses, units)]).T.astype(float) > 0
    fits = ~barred & (space.room[courses][None, :] >= people[:, None])
    fits &= space.accessible[courses][None, :] | (wheel == 0)[:, None]
    best = []
    for side in sides:
        ok = fits & ~side.closed[courses][None, :]
        mine = np.where(ok, value, -np.inf).max(axis=1, initial=-np.inf) - side.cost
        mine[(people > side.seats) | (wheel > side.wheelchair_spaces)] = -np.inf
        mine[0] = 0.0  # nobody aboard: the bus stays in the depot
        best.append(mine)
    full = (1 << m) - 1
    with np.errstate(invalid="ignore"):
        total = best[0] + best[1][full ^ subsets]
    now = int(sum(1 << i for i, u in enumerate(units) if u in current))
    if not np.isfinite(total[now]):
        total[now] = -np.inf
    order = np.argsort(-total, kind="stable")
    found = []
    for s in map(int, order[: limit + 1]):
        if s == now or not total[s] > total[now]:
            continue
        first = tuple(u for i, u in enumerate(units) if s >> i & 1)
        second = tuple(u for i, u in enumerate(units) if not s >> i & 1)
        found.append((float(total[s] - total[now]), first, second))
    return found[:limit]


def _courses_kept(gain: np.ndarray, less: np.ndarray, units: tuple[int, ...]) -> np.ndarray:
    """The courses worth the most to the units together, and each unit's own best few."""
    mine = gain[:, list(units)]
    together = np.maximum(mine, 0).sum(axis=1) - less
    kept = [np.argsort(-together, kind="stable")[:COURSES_KEPT]]
    for j in range(len(units)):
        kept.append(np.argsort(-(mine[:, j] - less), kind="stable")[:COURSES_PER_UNIT])
    return np.unique(np.concatenate(kept))


def _interpreters(space, units: tuple[int, ...], needed) -> np.ndarray:
    """Per subset of the units (by bit), the interpreters its languages need."""
    languages = [frozenset()]
    for s in range(1, 1 << len(units)):
        low = (s & -s).bit_length() - 1
        languages.append(languages[s & (s - 1)] | space.units[units[low]].languages)
    counts = {k: needed(k) for k in set(languages)}
    return np.array([counts[k] for k in languages], dtype=np.int64)
