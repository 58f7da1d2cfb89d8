"""The pricing step of column generation: for every course at once, the best group of units.

A group's reduced value is the sum of its units' reduced profits, less a charge for each
interpreter language it brings aboard (the price of that language's interpreters, who can each
serve one bus), less the price of a Japanese-speaking seat when any language needs one. Units are
sorted into categories by language; a 0/1 knapsack adds one category after another, charging
each once (numpy, over all courses together), gives the exact best value for every course.
Categories are the distinct language sets of units; each language is charged in the first category
(fewest languages first) that holds it, so a group never pays twice for one language. A group that
holds a later category but not that first one pays less than its due, which can only raise the
value: the bound stays true.
"""

import math
from dataclasses import dataclass

import numpy as np

NEG = -1e18


@dataclass(frozen=True)
class Prices:
    unit: np.ndarray  # per unit
    visit: np.ndarray  # per facility: its visits per day
    person: np.ndarray  # per facility: people it receives per day
    language: np.ndarray  # per language (index 0 is unused: "no language" is never charged)
    japanese: float  # a bus needing any interpreter

    @classmethod
    def zero(cls, units: int, facilities: int, categories: int) -> "Prices":
        return cls(
            np.zeros(units), np.zeros(facilities), np.zeros(facilities), np.zeros(categories), 0.0
        )


def knapsack_table(gain: np.ndarray, sizes: np.ndarray, top: int) -> np.ndarray:
    """table[s, c]: best total gain of units within c seats for course s (0/1, empty allowed)."""
    table = np.zeros((gain.shape[0], top + 1))
    for j, size in enumerate(sizes):
        if size > top:
            continue
        candidate = table[:, : top + 1 - size] + gain[:, j][:, None]
        np.maximum(table[:, size:], candidate, out=table[:, size:])
    return table


def add_category(
    table: np.ndarray, gain: np.ndarray, sizes: np.ndarray, charge: float
) -> np.ndarray:
    """`table` after a non-empty group of one category's units may join, paying its charge once:
    a 0/1 knapsack over the category's units whose first unit aboard starts from `table` less
    the charge and whose further units from the groups already holding the category."""
    return np.maximum(table, _aboard(table, gain, sizes, charge))


def _aboard(table: np.ndarray, gain: np.ndarray, sizes: np.ndarray, charge: float) -> np.ndarray:
    """Best within c seats of the groups in `table` joined by at least one of the category."""
    top = table.shape[1] - 1
    base = table - charge
    aboard = np.full_like(table, NEG)
    for j, size in enumerate(sizes):
        if size > top:
            continue
        width = top + 1 - size
        candidate = np.maximum(aboard[:, :width], base[:, :width]) + gain[:, j][:, None]
        np.maximum(aboard[:, size:], candidate, out=aboard[:, size:])
    return aboard


def _one_seat_taken(table: np.ndarray) -> np.ndarray:
    """The table as it stands with one more seat taken (an interpreter's)."""
    shifted = np.full_like(table, NEG)
    shifted[:, 1:] = table[:, :-1]
    return shifted


def best_by_course(
    profit: np.ndarray,
    sizes: np.ndarray,
    category: np.ndarray,
    capacity: np.ndarray,
    prices: Prices,
    charges: np.ndarray,
    seated: frozenset[int] = frozenset(),
) -> tuple[np.ndarray, np.ndarray]:
    """Per course: best reduced group value within capacity, and whether that best group needs
    an interpreter. A group with a language aboard seats one interpreter, or one per `seated`
    category it holds when it holds any: no interpreter speaks the languages of two seated
    categories, so each needs its own (see PatternSpace)."""
    top = max(int(capacity.max(initial=-1)), 0)
    useful = (profit > 0).any(axis=0)  # a unit no course gains from never improves a group
    profit, sizes, category = profit[:, useful], sizes[useful], category[useful]
    native = knapsack_table(profit[:, category == 0], sizes[category == 0], top)
    plain = native  # groups holding no seated category
    held = np.full_like(native, NEG)  # groups holding some, each with its interpreter's seat
    present = [int(k) for k in np.unique(category[category > 0])]
    for k in [k for k in present if k not in seated] + [k for k in present if k in seated]:
        chosen = category == k
        gain, weights, charge = profit[:, chosen], sizes[chosen], float(charges[k])
        if k in seated:
            start = _one_seat_taken(np.maximum(plain, held))
            held = np.maximum(held, _aboard(start, gain, weights, charge))
        else:
            plain = add_category(plain, gain, weights, charge)
    native_best = _within(native, capacity)
    mixed_best = np.maximum(_within(plain, capacity - 1), _within(held, capacity))
    mixed_best = mixed_best - prices.japanese
    return np.maximum(native_best, mixed_best), mixed_best > native_best


def fractional_bound(profit: np.ndarray, sizes: np.ndarray, category: np.ndarray,
                     capacity: np.ndarray, japanese: float) -> np.ndarray:  # fmt: skip
    """Per course, at least what `best_by_course` finds (its linear relaxation): the better of the
    Japanese speakers alone within capacity, and everyone beside an interpreter's seat less the
    Japanese seat's price (language charges are left out: they only lower a group's value).
    Units go aboard by gain per seat, the last one cut to the seats left."""
    gain = np.where(profit > 0, profit, 0.0)
    order = np.argsort(-gain / sizes[None, :], axis=1)
    seats = sizes[order].astype(float)
    gain = np.take_along_axis(gain, order, axis=1)
    native = category[order] == 0
    best = []
    for seats_taken, room in ((np.where(native, seats, 0.0), capacity), (seats, capacity - 1)):
        before = np.cumsum(seats_taken, axis=1) - seats_taken
        share = np.clip((room[:, None] - before) / seats, 0.0, 1.0)
        best.append((np.where(seats_taken > 0, gain, 0.0) * share).sum(axis=1))
    native_best, mixed_best = best[0], best[1] - japanese
    return np.where(capacity >= 0, np.maximum(native_best, mixed_best), NEG)


def _within(table: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    top = table.shape[1] - 1
    allowed = np.arange(top + 1)[None, :] <= capacity[:, None]
    best = np.where(allowed, table, NEG).max(axis=1)
    return np.where(capacity >= 0, best, NEG)


def best_group(
    gains: list[tuple[int, int, float, int]], capacity: int, charges: np.ndarray, mixed: bool,
    seated: frozenset[int] = frozenset(),
) -> tuple[int, ...]:  # fmt: skip
    """The units of the best group for one course: (unit, size, gain, category) items; seats
    as `best_by_course` counts them."""
    if not mixed:
        gains = [g for g in gains if g[3] == 0]
    if capacity < 0 or (mixed and capacity < 1):
        return ()
    by_category: dict[int, list] = {}
    for item in gains:
        by_category.setdefault(item[3], []).append(item)
    plain = [(0.0, ())] * (capacity + 1)
    held = [(-math.inf, ())] * (capacity + 1)
    order = sorted(by_category, key=lambda k: (k in seated, k))
    for k in order:
        table = _pick_table(by_category[k], capacity)
        charge = float(charges[k]) if k else 0.0
        if k in seated:
            start = [max(a, b, key=_first) for a, b in zip(plain, held, strict=True)]
            shifted = [(-math.inf, ()), *table[:-1]]
            joined = _merge_aboard(start, shifted, charge)
            held = [max(a, b, key=_first) for a, b in zip(held, joined, strict=True)]
        else:
            plain = _merge_one(plain, table, charge)
    choices = plain[: capacity if mixed else capacity + 1] + (held if mixed else [])
    return max(choices, key=_first)[1]


def _first(entry: tuple) -> float:
    return entry[0]


def _pick_table(items, capacity: int) -> list[tuple[float, tuple[int, ...]]]:
    table = [(0.0, ())] * (capacity + 1)
    for j, size, gain, _ in items:
        if gain <= 1e-9 or size > capacity:
            continue
        for c in range(capacity, size - 1, -1):
            value = table[c - size][0] + gain
            if value > table[c][0] + 1e-12:
                table[c] = (value, (*table[c - size][1], j))
    return table


def _merge_one(best, table, charge: float):
    """Seats split between the groups in `best` and a non-empty group of this category: per
    seat count, the better of keeping `best` or adding the category's best group of k seats."""
    joined = _merge_aboard(best, table, charge)
    return [max(a, b, key=_first) for a, b in zip(best, joined, strict=True)]


def _merge_aboard(best, table, charge: float):
    """Per seat count, the best of the groups in `best` joined by a non-empty group of this
    category (the table's best of k seats), or -inf where none fits."""
    usable = np.array([bool(units) for _, units in table])
    usable[0] = False
    size = len(best)
    if not usable.any():
        return [(-math.inf, ())] * size
    base = np.array([value for value, _ in best])
    gain = np.where(usable, np.array([value for value, _ in table]) - charge, -np.inf)
    seats, part = np.arange(size)[:, None], np.arange(size)[None, :]
    total = np.where(part <= seats, base[np.clip(seats - part, 0, None)] + gain[None, :], -np.inf)
    pick = total.argmax(axis=1)
    top = total[np.arange(size), pick]
    joined = [(-math.inf, ())] * size
    for c in np.flatnonzero(np.isfinite(top)):
        k = int(pick[c])
        joined[c] = (float(top[c]), (*best[c - k][1], *table[k][1]))
    return joined
