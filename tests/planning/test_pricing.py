"""The pricing step's best group for one course is the best group there is (brute force)."""

import itertools
import random

import numpy as np

from tours.planning.bound.pricing import NEG, Prices, best_by_course, best_group, fractional_bound


def _value(group, gains, charges) -> float:
    chosen = [g for g in gains if g[0] in group]
    categories = {g[3] for g in chosen}
    return sum(g[2] for g in chosen) - sum(charges[k] for k in categories if k)


def _interpreter_seats(categories: set[int], seated: frozenset[int]) -> int:
    """A group needing interpreters seats one, or one per seated category it holds."""
    return max(1, len(categories & seated))


def _best_by_brute_force(gains, capacity, charges, mixed, seated=frozenset()) -> float:
    allowed = gains if mixed else [g for g in gains if g[3] == 0]
    best = 0.0
    for r in range(1, len(allowed) + 1):
        for group in itertools.combinations(allowed, r):
            taken = _interpreter_seats({g[3] for g in group}, seated) if mixed else 0
            if sum(g[1] for g in group) + taken <= capacity:
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
        seated = frozenset(k for k in range(1, categories) if rng.random() < 0.5)
        group = best_group(gains, capacity, charges, mixed, seated)
        held = {g[3] for g in gains if g[0] in group}
        taken = _interpreter_seats(held, seated) if mixed and group else 0
        assert sum(g[1] for g in gains if g[0] in group) + taken <= max(capacity, 0)
        assert mixed or held <= {0}
        found = _value(set(group), gains, charges)
        expected = _best_by_brute_force(gains, capacity, charges, mixed, seated)
        assert abs(found - expected) < 1e-9


def _course_best_by_brute_force(profit, sizes, category, capacity, charges, japanese,
                                seated=frozenset()) -> float:  # fmt: skip
    """No group (0), a group of Japanese speakers only, or any group beside its interpreters'
    seats (paying the Japanese seat and each language category it brings aboard)."""
    best = 0.0 if capacity >= 0 else NEG
    units = range(len(sizes))
    for r in range(1, len(sizes) + 1):
        for group in itertools.combinations(units, r):
            seats = sum(int(sizes[j]) for j in group)
            gain = sum(float(profit[j]) for j in group)
            categories = {int(category[j]) for j in group}
            if categories == {0} and seats <= capacity:
                best = max(best, gain)
            if seats + _interpreter_seats(categories, seated) <= capacity:
                charged = sum(float(charges[k]) for k in categories if k)
                best = max(best, gain - charged - japanese)
    return best


def test_every_course_gets_the_value_of_its_best_group():
    rng = np.random.default_rng(11)
    for _ in range(60):
        n_units, n_courses = rng.integers(1, 8), rng.integers(1, 6)
        n_categories = rng.integers(1, 4)
        profit = np.where(rng.random((n_courses, n_units)) < 0.3, NEG,
                          rng.uniform(-4, 6, (n_courses, n_units)))  # fmt: skip
        sizes = rng.integers(1, 6, n_units)
        category = rng.integers(0, n_categories, n_units)
        capacity = rng.integers(-1, 14, n_courses)
        charges = np.concatenate([[0.0], rng.uniform(0, 4, n_categories)])
        prices = Prices.zero(n_units, 1, n_categories)
        prices = Prices(prices.unit, prices.visit, prices.person, prices.language,
                        float(rng.uniform(0, 3)))  # fmt: skip
        seated = frozenset(k for k in range(1, n_categories) if rng.random() < 0.5)
        found, _ = best_by_course(profit, sizes, category, capacity, prices, charges, seated)
        relaxed = fractional_bound(profit, sizes, category, capacity, prices.japanese)
        assert (relaxed >= found - 1e-9).all()  # the search skips courses by this relaxation
        for s in range(n_courses):
            expected = _course_best_by_brute_force(profit[s], sizes, category, capacity[s],
                                                   charges, prices.japanese, seated)  # fmt: skip
            if expected <= NEG / 2:
                assert found[s] <= NEG / 2
            else:
                assert abs(found[s] - expected) < 1e-9, (s, found[s], expected)
