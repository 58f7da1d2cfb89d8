"""Extending partial routes by every candidate sequence of stops at once (numpy).

A label is a partial route: the time it is ready to leave its last stop, its driving so far,
its stops and where it stands. Extending every label by every sequence of a phase (the orders
of the pickups, of the visits and lunch, of the drop-offs) times each stop at its earliest
start: the first of its windows it fits in after arrival and after its own earliest start, no
later than its latest start, ending by its latest end and inside the bus's window. Of the
routes that end at the same stop, those later and dearer than another can never be the better
one to extend: each stop keeps its Pareto front of (ready, driving) plus its `keep` cheapest.
"""

from dataclasses import dataclass

import numpy as np

FAR = np.inf


@dataclass(frozen=True)
class Label:
    ready: int
    driving: int
    stops: tuple
    at: str | None


class Sequences:
    """Sequences of stops of one length, as arrays over (sequence, position); they depend on
    nothing but their stops and the travel times, so a caller may keep them for reuse."""

    def __init__(self, options: list[tuple], minutes):
        self.options = options
        length = len(options[0]) if options else 0
        self.length = length
        row: dict[int, int] = {}  # each stop object's row in the per-stop tables
        stops = []
        for sequence in options:
            for stop in sequence:
                if id(stop) not in row:
                    row[id(stop)] = len(stops)
                    stops.append(stop)
        ids = np.array([row[id(stop)] for sequence in options for stop in sequence],
                       dtype=np.int64).reshape(len(options), length)  # fmt: skip
        self.keys = sorted({stop.at for stop in stops})
        index = {key: n for n, key in enumerate(self.keys)}
        place = np.array([index[stop.at] for stop in stops], dtype=np.int64)[ids]
        self.first = place[:, 0] if length else np.zeros(len(options), dtype=np.int64)
        self.last = place[:, -1] if length else np.zeros(len(options), dtype=np.int64)

        def table(values) -> np.ndarray:
            return np.array(values, dtype=float)[ids]

        self.duration = table([stop.duration for stop in stops])
        self.not_before = table([stop.not_before for stop in stops])
        self.latest_start = table([_or_far(stop.not_after_start) for stop in stops])
        self.latest_end = table([_or_far(stop.not_after_end) for stop in stops])
        most = max(1, max((len(stop.windows or ()) for stop in stops), default=0))
        low, high = [], []
        for stop in stops:
            windows = sorted(stop.windows) if stop.windows is not None else [(-FAR, FAR)]
            windows += [(FAR, -FAR)] * (most - len(windows))  # never fits
            low.append([w[0] for w in windows])
            high.append([w[1] for w in windows])
        self.low = np.array(low, dtype=float).reshape(len(stops), most)[ids]
        self.high = np.array(high, dtype=float).reshape(len(stops), most)[ids]
        travel = np.array([[minutes(a, b) for b in self.keys] for a in self.keys], dtype=float)
        self.gaps = travel[place[:, :-1], place[:, 1:]] if length else np.zeros(ids.shape)
        self.inside = self.gaps.sum(axis=1)

    def into(self, at: str | None, minutes) -> np.ndarray:
        """Per sequence, the drive from `at` to its first stop (none from the start of day)."""
        if at is None or not self.length:
            return np.zeros(len(self.options))
        return np.array([minutes(at, key) for key in self.keys], dtype=float)[self.first]


def _or_far(limit: int | None) -> float:
    return FAR if limit is None else limit


def extend(labels: list[Label], sequences: Sequences, minutes, window: tuple[int, int],
           keep: int) -> list[Label]:  # fmt: skip
    """Every label extended by every sequence that times, then pruned per last stop (see the
    module's note); the same labels, in the same order, as extending them one by one."""
    if not labels or not sequences.options:
        return []
    s = sequences
    ready = np.array([label.ready for label in labels], dtype=float)[:, None]
    driving = np.array([label.driving for label in labels], dtype=float)[:, None]
    if not s.length:  # nothing to add: the labels are only pruned
        ats = [label.at for label in labels]
        last = np.array([ats.index(at) for at in ats])
        rows, cols = np.arange(len(labels)), np.zeros(len(labels), dtype=np.int64)
        return _pruned(labels, s, rows, cols, ready[:, 0], driving[:, 0], last, keep)
    rows_into = {}
    for label in labels:
        if label.at not in rows_into:
            rows_into[label.at] = s.into(label.at, minutes)
    into = np.array([rows_into[label.at] for label in labels])
    clock = ready + into
    driving = driving + into + s.inside[None, :]
    valid = np.ones(clock.shape, dtype=bool)
    for p in range(s.length):
        if p:
            clock = clock + s.gaps[None, :, p - 1]
        arrival = np.maximum(clock, s.not_before[None, :, p])
        begin = np.full(clock.shape, FAR)
        for k in reversed(range(s.low.shape[2])):  # the first window that fits wins
            candidate = np.maximum(arrival, s.low[None, :, p, k])
            fits = candidate + s.duration[None, :, p] <= s.high[None, :, p, k]
            begin = np.where(fits, candidate, begin)
        valid &= begin <= s.latest_start[None, :, p]
        clock = begin + s.duration[None, :, p]
        valid &= (clock <= window[1]) & (clock <= s.latest_end[None, :, p])
    rows, cols = np.nonzero(valid)  # row-major: label by label, each sequence in turn
    return _pruned(labels, s, rows, cols, clock[rows, cols], driving[rows, cols], s.last[cols],
                   keep)  # fmt: skip


def _pruned(labels: list[Label], s: Sequences, rows: np.ndarray, cols: np.ndarray,
            ready_at: np.ndarray, cost: np.ndarray, last: np.ndarray,
            keep: int) -> list[Label]:  # fmt: skip
    """Candidates (label `rows`, sequence `cols`) grouped by last stop in order of first
    appearance, each group by (driving, ready), keeping its `keep` first and each that is ready
    sooner than every one before it."""
    if rows.size == 0:
        return []
    _, first_seen = np.unique(last, return_index=True)
    group = np.argsort(np.argsort(first_seen))[np.unique(last, return_inverse=True)[1]]
    order = np.lexsort((ready_at, cost, group))  # stable: ties keep the row-major order
    group, ready_sorted = group[order], ready_at[order]
    firsts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    take = np.zeros(len(order), dtype=bool)
    for begin, end in zip(firsts, [*firsts[1:], len(order)], strict=True):
        earlier = np.minimum.accumulate(np.r_[FAR, ready_sorted[begin : end - 1]])
        take[begin:end] = (np.arange(end - begin) < keep) | (ready_sorted[begin:end] < earlier)
    kept = []
    for i in order[take]:
        label, sequence = labels[rows[i]], s.options[cols[i]]
        at = sequence[-1].at if sequence else label.at
        kept.append(Label(int(ready_at[i]), int(cost[i]), (*label.stops, *sequence), at))
    return kept
