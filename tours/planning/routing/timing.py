"""Times for every stop of every bus at once, with interpreters, under the rules that tie buses.

Each bus brings a few candidate orders (cheapest driving first); CP-SAT picks one per bus, times
it inside windows, spaces facility visits and lunches so capacities hold (rules 5 and 7), and seats
interpreters who cover the bus's languages and are free for its whole route (rule 8).
"""

from dataclasses import dataclass

from ortools.sat.python import cp_model

from tours.planning.model.interpreters import covers
from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Bus, Delegation, Problem
from tours.planning.routing.routes import Order
from tours.planning.routing.sat import configured_solver


@dataclass
class BusJob:
    bus: Bus
    delegations: list[Delegation]
    orders: list[Order]


@dataclass(frozen=True)
class TimedBus:
    bus: Bus
    delegations: list[Delegation]
    order: Order
    arrive: tuple[int, ...]
    start: tuple[int, ...]
    end: tuple[int, ...]
    interpreters: tuple[str, ...]


class _Builder:
    def __init__(self, problem: Problem, jobs: list[BusJob]):
        self.problem, self.jobs = problem, jobs
        self.model = cp_model.CpModel()
        self.pick: list[list] = []  # per bus, per order: literal
        self.starts: list[list[list]] = []  # per bus, order, stop
        self.ends: list[list[list]] = []
        self.seat: dict[tuple[int, int], cp_model.IntVar] = {}  # (interpreter, bus)
        self.loads: list = []
        self.visits: dict[str, list] = {}  # facility -> [(bus, order, interval, start)]
        self.lunches: dict[str, list] = {}

    def build(self) -> None:
        for b, job in enumerate(self.jobs):
            self._bus(b, job)
        self._interpreters()
        self._facility_limits()
        self._lunch_limits()
        cost = sum(
            (self.problem.weights.driving_minute * order.driving - order.gain) * lit
            for job, lits in zip(self.jobs, self.pick, strict=True)
            for order, lit in zip(job.orders, lits, strict=True)
        )
        weight = len(self.seat) + 1
        self.model.minimize(weight * cost + sum(self.seat.values()))

    def _bus(self, b: int, job: BusJob) -> None:
        day = self.problem.day
        low, high = max(day[0], job.bus.available[0]), min(day[1], job.bus.available[1])
        lits, starts, ends = [], [], []
        for k, order in enumerate(job.orders):
            lit = self.model.new_bool_var(f"bus{b}_order{k}")
            s_vars, e_vars = self._order(b, k, order, lit, low, high)
            lits.append(lit)
            starts.append(s_vars)
            ends.append(e_vars)
        self.model.add_exactly_one(lits)
        self.pick.append(lits)
        self.starts.append(starts)
        self.ends.append(ends)

    def _order(self, b, k, order: Order, lit, low: int, high: int):
        minutes = self.problem.travel.minutes
        s_vars, e_vars = [], []
        for i, stop in enumerate(order.stops):
            start = self.model.new_int_var(low, high, f"s{b}_{k}_{i}")
            end = self.model.new_int_var(low, high, f"e{b}_{k}_{i}")
            self.model.add(end == start + stop.duration)
            self.model.add(start >= stop.not_before).only_enforce_if(lit)
            if stop.not_after_start is not None:
                self.model.add(start <= stop.not_after_start).only_enforce_if(lit)
            if stop.not_after_end is not None:
                self.model.add(end <= stop.not_after_end).only_enforce_if(lit)
            if stop.windows is not None:
                self._windows(start, end, stop.windows, lit)
            if i:
                gap = minutes(order.stops[i - 1].at, stop.at)
                self.model.add(start >= e_vars[-1] + gap).only_enforce_if(lit)
            if stop.kind in ("visit", "lunch"):
                interval = self.model.new_optional_interval_var(
                    start, stop.duration, end, lit, f"i{b}_{k}_{i}"
                )
                target = self.visits if stop.kind == "visit" else self.lunches
                target.setdefault(stop.at, []).append((b, k, interval, start))
            s_vars.append(start)
            e_vars.append(end)
        return s_vars, e_vars

    def _windows(self, start, end, windows, lit) -> None:
        choices = []
        for n, (a, z) in enumerate(windows):
            inside = self.model.new_bool_var(f"w{n}")
            self.model.add(start >= a).only_enforce_if(inside)
            self.model.add(end <= z).only_enforce_if(inside)
            choices.append(inside)
        self.model.add_bool_or(choices).only_enforce_if(lit)

    def _interpreters(self) -> None:
        problem = self.problem
        for b, job in enumerate(self.jobs):
            needed = frozenset(d.language for d in job.delegations if d.needs_interpreter)
            base = sum(d.size for d in job.delegations) + problem.staff_seats
            aboard = []
            for n, person in enumerate(problem.interpreters):
                var = self.model.new_bool_var(f"interp{n}_bus{b}")
                self.seat[(n, b)] = var
                aboard.append(var)
                if not needed or not (person.languages & (needed | {NO_LANGUAGE_NEEDED})):
                    self.model.add(var == 0)
                    continue
                self._available(b, person.available, var)
            for language in sorted(needed | ({NO_LANGUAGE_NEEDED} if needed else set())):
                speaking = [
                    self.seat[(n, b)]
                    for n, person in enumerate(problem.interpreters)
                    if language in person.languages
                ]
                self.model.add(sum(speaking) >= 1)
            load = self.model.new_int_var(base, job.bus.seats, f"load_{b}")
            self.model.add(load == base + sum(aboard))
            self.loads.append(load)
        for n in range(len(problem.interpreters)):
            self.model.add(sum(self.seat[(n, b)] for b in range(len(self.jobs))) <= 1)

    def _available(self, b: int, span: tuple[int, int], var) -> None:
        for lit, starts, ends in zip(self.pick[b], self.starts[b], self.ends[b], strict=True):
            self.model.add(starts[0] >= span[0]).only_enforce_if([lit, var])
            self.model.add(ends[-1] <= span[1]).only_enforce_if([lit, var])

    def _facility_limits(self) -> None:
        for key, entries in self.visits.items():
            facility = self.problem.facility(key)
            intervals = [interval for _, _, interval, _ in entries]
            loads = [self.loads[b] for b, _, _, _ in entries]
            self.model.add_cumulative(intervals, loads, facility.max_people)
            self.model.add_cumulative(intervals, [1] * len(intervals), facility.max_buses_at_once)
            buses = sorted({b for b, _, _, _ in entries})
            if len(buses) > facility.max_visits:
                self._distinct_starts(entries, buses, facility.max_visits)

    def _distinct_starts(self, entries, buses, limit: int) -> None:
        """Buses starting a visit together count once (rule 5): at most `limit` distinct starts."""
        horizon = self.problem.day
        when = {}
        for b in buses:
            when[b] = self.model.new_int_var(horizon[0], horizon[1], f"visit_start_{b}")
        for b, k, _, start in entries:
            self.model.add(when[b] == start).only_enforce_if(self.pick[b][k])
        leaders = []
        for n, b in enumerate(buses):
            lead = self.model.new_bool_var(f"lead_{b}")
            joins = []
            for earlier in buses[:n]:
                same = self.model.new_bool_var("")
                self.model.add(when[b] == when[earlier]).only_enforce_if(same)
                joins.append(same)
            self.model.add_bool_or([lead, *joins])
            leaders.append(lead)
        self.model.add(sum(leaders) <= limit)

    def _lunch_limits(self) -> None:
        for key, entries in self.lunches.items():
            seats = self.problem.place(key).max_people
            if seats is None:
                continue
            self.model.add_cumulative(
                [interval for _, _, interval, _ in entries],
                [self.loads[b] for b, _, _, _ in entries],
                seats,
            )


def time_buses(
    problem: Problem, jobs: list[BusJob], *, time_limit_s: float, seed: int, workers: int
) -> list[TimedBus] | None:
    """Times and interpreters for every bus, or None when no timing of these orders works."""
    builder = _Builder(problem, jobs)
    builder.build()
    solver = configured_solver(time_limit_s=time_limit_s, seed=seed, workers=workers)
    status = solver.solve(builder.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [_read(problem, solver, builder, b, job) for b, job in enumerate(jobs)]


def _read(problem, solver, builder: _Builder, b: int, job: BusJob) -> TimedBus:
    k = next(k for k, lit in enumerate(builder.pick[b]) if solver.boolean_value(lit))
    order = job.orders[k]
    start = tuple(solver.value(v) for v in builder.starts[b][k])
    end = tuple(solver.value(v) for v in builder.ends[b][k])
    minutes = problem.travel.minutes
    arrive = tuple(
        start[0] if i == 0 else end[i - 1] + minutes(order.stops[i - 1].at, stop.at)
        for i, stop in enumerate(order.stops)
    )
    seated = tuple(
        person.key
        for n, person in enumerate(problem.interpreters)
        if solver.boolean_value(builder.seat[(n, b)])
    )
    assert covers(
        tuple(problem.interpreter(k) for k in seated),
        frozenset(d.language for d in job.delegations if d.needs_interpreter),
    )
    return TimedBus(job.bus, job.delegations, order, arrive, start, end, seated)
