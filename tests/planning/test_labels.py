"""Extending partial routes by every sequence at once gives what extending them one by one gives:
the same labels (ready time, driving, stops) in the same order."""

import itertools
import random

from tours.planning.routing.labels import Label, Sequences, extend
from tours.planning.routing.routes import Stop, earliest_start


def _one_by_one(labels, options, minutes, window, keep):
    """The plain reading of the rule: each label by each sequence, each stop at its earliest
    start; per last stop, sorted by (driving, ready), the `keep` first and every one ready sooner
    than all before it."""
    fronts: dict = {}
    for label in labels:
        for sequence in options:
            clock, driving, at, ok = label.ready, label.driving, label.at, True
            for stop in sequence:
                if at is not None:
                    clock, driving = clock + minutes(at, stop.at), driving + minutes(at, stop.at)
                begin = earliest_start(stop, max(clock, stop.not_before))
                if begin is None:
                    ok = False
                    break
                clock = begin + stop.duration
                late = stop.not_after_end is not None and clock > stop.not_after_end
                if clock > window[1] or late:
                    ok = False
                    break
                at = stop.at
            if ok:
                grown = Label(clock, driving, (*label.stops, *sequence), at)
                fronts.setdefault(grown.at, []).append(grown)
    kept = []
    for front in fronts.values():
        front.sort(key=lambda label: (label.driving, label.ready))
        best = None
        for n, label in enumerate(front):
            if n < keep or best is None or label.ready < best:
                kept.append(label)
            best = label.ready if best is None else min(best, label.ready)
    return kept


def _random_stop(rng: random.Random, kind: str, at: str) -> Stop:
    if kind == "visit":
        windows = sorted(
            (start, start + rng.randint(40, 240))
            for start in rng.sample(range(480, 960, 30), rng.randint(1, 2))
        )
        return Stop("visit", at, rng.choice([30, 45, 60]), 0, None, None, tuple(windows))
    if kind == "lunch":
        return Stop("lunch", at, 60, 690, 810, None, None)
    late = rng.choice([None, rng.randint(900, 1080)])
    return Stop(kind, at, 10, rng.choice([0, 510, 540]), None, late, None)


def test_extending_all_at_once_equals_one_by_one():
    rng = random.Random(3)
    for _ in range(150):
        places = [f"p{n}" for n in range(8)]
        table = {(a, b): rng.randint(5, 60) for a in places for b in places}

        def minutes(a, b, table=table):
            return 0 if a == b else table[(a, b)]

        window = (rng.choice([420, 480]), rng.choice([960, 1110]))
        pickups = [_random_stop(rng, "pickup", p) for p in rng.sample(places, rng.randint(1, 3))]
        visits = [_random_stop(rng, "visit", p) for p in rng.sample(places, rng.randint(1, 3))]
        lunch = _random_stop(rng, "lunch", rng.choice(places))
        drops = [_random_stop(rng, "dropoff", p) for p in rng.sample(places, rng.randint(0, 2))]
        keep = rng.randint(1, 4)
        labels = [Label(window[0], 0, (), None)]
        expected = list(labels)
        phases = [
            list(itertools.permutations(pickups)),
            list(itertools.permutations([*visits, lunch])),
            list(itertools.permutations(drops)),
        ]
        for options in phases:
            labels = extend(labels, Sequences(options, minutes), minutes, window, keep)
            expected = _one_by_one(expected, options, minutes, window, keep)
            assert labels == expected
