"""The pricing step's best group for one course is the best group there is (brute force)."""

import itertools
import random

import numpy as np

from tours.planning.pricing import best_group


def _value(group, gains, charges) -> float:
    chosen = [g for g in gains if g[0] in group]
    categories = {g[3] for g in chosen}
    return sum(g[2] for g in chosen) - sum(charges[k] for k in categories if k)


def _best_by_brute_force(gains, capacity, charges, mixed) -> float:
    allowed = gains if mixed else [g for g in gains if g[3] == 0]
    seats = capacity - 1 if mixed else capacity  # a group needing an interpreter seats one
    best = 0.0
    for r in range(1, len(allowed) + 1):
        for group in itertools.combinations(allowed, r):
            if sum(g[1] for g in group) <= seats:
                best = max(best, _value({g[0] for g in group}, gains, charges))
    return best


def test_the_best_group_is_worth_what_brute_force_finds():
    rng = random.Random(7)
    for _ in range(400):
        categories = rng.randint(1, 4)
        gains = [
            (j, rng.randint(1, 6), rng.choice([0.0, -2.0, rng.uniform(-3, 9)]),
             rng.randrange(categories))
            for j in range(rng.randint(0, 9))
        ]  # fmt: skip
        charges = np.array([0.0] + [rng.uniform(0, 5) for _ in range(categories)])
        capacity, mixed = rng.randint(0, 16), rng.random() < 0.6
        group = best_group(gains, capacity, charges, mixed)
        seats = capacity - 1 if mixed else capacity
        assert sum(g[1] for g in gains if g[0] in group) <= max(seats, 0)
        assert mixed or all(g[3] == 0 for g in gains if g[0] in group)
        found = _value(set(group), gains, charges)
        assert abs(found - _best_by_brute_force(gains, capacity, charges, mixed)) < 1e-9
