"""Regrouping: a local search over who rides together, starting from a plan in hand.

Most of a plan's value is in which delegations share a bus (they share its facilities), so the
moves are about groups: one unit onto another bus (used or idle, which may empty its own), or two
units swapping buses. Numpy estimates every move at once from the course values (time ignored);
the most promising are then routed and timed for real against the booking sheet of all other
buses, and the first that raises the exact score is kept. At a local optimum a few units are taken
off a random bus (a kick) and the search climbs again; the best state found is what is returned.
Every state is a valid plan, so stopping at any moment is safe.
"""

import random
import time
from dataclasses import replace

import numpy as np

from tours.planning.bound.patterns import PatternSpace
from tours.planning.model.problem import Bus, Problem
from tours.planning.quick.estimates import MAX_REMEMBERED, Estimates
from tours.planning.quick.recombine import MOST_UNITS, Side, best_splits
from tours.planning.quick.rides import COURSES_TRIED, Ride, Router, cover, ride_from_entry
from tours.planning.routing.plan import objective_parts
from tours.planning.routing.sheet import Sheet

PLACING = 10**9  # worth of carrying a unit that rode no bus: before any score
EVALUATIONS = 30  # exact move evaluations per step before the state counts as a local optimum
KICK_UNITS = (2, 5)  # fewest and most units a kick takes off a bus
DRIFT = 0.01  # a local optimum this close to the best (share of its worth) may be climbed on
DRIFT_CHANCE = 0.5
EVICT_CHANCE = 0.5  # of kicks while some unit rides no bus
EVICT_TRIES = 8  # buses tried for it per kick
EVICT_COURSES = 60  # courses tried for it alone on a bus (it may fit few)
EVICT_DOUBLINGS = 3  # after failures, up to 8 times as many
CHAIN_TARGETS = 2  # buses tried for a unit that makes way for one no bus carries
SWAPS_UP_TO = 150  # units; beyond, swaps are not estimated (units squared times courses)
RECOMBINE_PAIRS = 4  # bus pairs whose units are dealt out afresh at each local optimum
RECOMBINE_TRIES = 2  # best estimated splits of a pair routed for real
RECOMBINE_UP_TO = 40  # units: beyond, the time it takes pays less than more moves (measured)
NOT_PLACED = (
    "rule 1: not placed within the time limit (the solver found no bus for it alongside the "
    "others; this is not a proof that none exists)"
)


class Regrouper:
    def __init__(self, problem: Problem, space: PatternSpace, plan: dict, *, seed: int,
                 seen: set | None = None, pinned=None, disruption=None):  # fmt: skip
        """`pinned` (pinning.Pinned) are invariants no change breaks (the plan must keep them
        already); `disruption` (disruption.Disruption) is charged in every ride's value."""
        self.problem, self.space, self.plan = problem, space, plan
        self.pinned, self.disruption = pinned, disruption
        self.router = Router(problem, space, seen, pinned, disruption)
        self.rng = random.Random(seed)
        self.sheet = Sheet(problem)
        self.rides: dict[str, Ride] = {b.key: self.router.idle(b) for b in problem.buses}
        unit_of = {d.key: u.index for u in space.units for d in u.delegations}
        for entry in plan["buses"]:
            units = tuple(sorted({unit_of[k] for k in entry["delegations"] if k in unit_of}))
            ride = ride_from_entry(problem, entry, units)
            if disruption:
                ride = replace(ride, value=ride.value - disruption.penalty(entry["bus"], entry))
            self._put(ride)
        placed = [u for r in self.rides.values() for u in r.units]
        self.valid = len(placed) == len(set(placed))  # a unit split over buses: leave the plan
        self.nowhere = set(range(len(space.units))) - set(placed)
        used = {i.key for r in self.rides.values() for i in r.interpreters}
        self.free = [i for i in problem.interpreters if i.key not in used]
        self.estimates = Estimates(problem, space, self.router)
        self._facility_keys = frozenset(f.key for f in problem.facilities)
        self._rejected: set[tuple] = set()
        self._evictions_failed: dict[int, int] = {}  # per unit no bus carries
        self._recombined: set[tuple] = set()  # bus pairs (with their units) already dealt out

    def run(self, deadline: float, max_steps: int, enough=None) -> dict:
        """Climbs, kicks and climbs again until the deadline, `max_steps`, or `enough(worth)`
        (optional) says the best worth so far cannot be beaten; the best plan."""
        if not self.valid:
            return self.plan
        best, best_worth = self._snapshot(), self.worth()
        for _ in range(max_steps):
            if time.monotonic() > deadline or (enough is not None and enough(best_worth)):
                break
            if self._improve(deadline) or self._recombine(deadline):
                continue
            if self.worth() > best_worth:
                best, best_worth = self._snapshot(), self.worth()
            elif not self._drifts(best_worth):
                self._restore(best)
            if not self._kick():
                break
        if self.worth() < best_worth:
            self._restore(best)
        return self.document()

    def _drifts(self, best_worth: int) -> bool:
        """Whether to climb on from this local optimum rather than go back to the best: now and
        then, when it is close to the best, so the kicks explore beyond the best's basin."""
        # worth is score - PLACING * unplaced, and |score| is far below PLACING / 2
        unplaced = -((best_worth + PLACING // 2) // PLACING)
        score = best_worth + PLACING * unplaced
        if len(self.nowhere) > unplaced:  # never away from a state that places more
            return False
        mine = sum(r.value for r in self.rides.values())
        return mine >= score - DRIFT * abs(score) and self.rng.random() < DRIFT_CHANCE

    def worth(self) -> int:
        return sum(r.value for r in self.rides.values()) - PLACING * len(self.nowhere)

    def document(self) -> dict:
        buses = [r.entry for b in self.problem.buses if (r := self.rides[b.key]).units]
        reasons = {e["delegation"]: e for e in self.plan["unassigned"]}
        carried = {d.key for u in self.space.units for d in u.delegations}
        unassigned = [e for e in self.plan["unassigned"] if e["delegation"] not in carried]
        for u in sorted(self.nowhere):
            for key in self.space.units[u].keys:
                unassigned.append(reasons.get(key, {"delegation": key, "reason": NOT_PLACED}))
        objective = {**objective_parts(self.problem, buses), "bound": None}
        plan = {**self.plan, "buses": buses, "unassigned": unassigned, "objective": objective}
        if self.disruption:
            plan["disruption"] = self.disruption.summary(buses)
        return plan

    # moves

    def _improve(self, deadline: float) -> bool:
        """Tries the most promising moves by estimate; True when one was kept."""
        home = {u: k for k, r in self.rides.items() for u in r.units}
        tried = 0
        for estimate, move in self._moves(home):
            if estimate <= 0 or tried >= EVALUATIONS or time.monotonic() > deadline:
                break
            key = tuple((k, self.rides[k].units) for k in move)
            if key in self._rejected:
                continue
            tried += 1
            placing = sum(1 for u in self.nowhere if u in {x for g in move.values() for x in g})
            if self._attempt(move, placing):
                self.nowhere -= {x for units in move.values() for x in units}
                return True
            self._rejected.add(key)
        return False

    def _moves(self, home: dict[int, str]):
        """(estimate, {bus key: new units}) for relocations and swaps, best estimate first."""
        keys = [k for k, r in self.rides.items() if r.units] + self._idle_representatives()
        now = {k: self._now(self.rides[k]) for k in keys}
        n = len(self.space.units)
        leave = np.full(n, float(PLACING))
        for u, k in home.items():
            units = tuple(x for x in self.rides[k].units if x != u)
            leave[u] = self._estimate(self.rides[k].bus, units) - now[k]
        found = []
        for k in keys:
            ride = self.rides[k]
            with np.errstate(invalid="ignore"):  # -inf + inf: a move nothing fits
                gains = self._with_each(ride.bus, ride.units) - now[k] + leave
            for u in map(int, np.flatnonzero(gains > 0)):
                move = {k: tuple(sorted((*ride.units, u)))}
                if u in home:
                    move[home[u]] = tuple(x for x in self.rides[home[u]].units if x != u)
                found.append((float(gains[u]), move))
        if n <= SWAPS_UP_TO:
            found += self._swaps(home, now)
        if self.nowhere:
            found += self._chains(keys, now)
        found.sort(key=lambda m: -m[0])
        return found

    def _swaps(self, home: dict[int, str], now: dict[str, float]) -> list:
        n = len(self.space.units)
        trade = np.full((n, n), -np.inf)  # trade[u, v]: u's bus with v instead of u
        for u, k in home.items():
            ride = self.rides[k]
            rest = tuple(x for x in ride.units if x != u)
            trade[u] = self._with_each(ride.bus, rest) - now[k]
        with np.errstate(invalid="ignore"):
            both = trade + trade.T
        found = []
        for u, v in zip(*np.nonzero(both > 0), strict=True):
            u, v = int(u), int(v)
            if u < v and u in home and v in home and home[u] != home[v]:
                a, b = self.rides[home[u]], self.rides[home[v]]
                move = {
                    home[u]: tuple(sorted((*(x for x in a.units if x != u), v))),
                    home[v]: tuple(sorted((*(x for x in b.units if x != v), u))),
                }
                found.append((float(both[u, v]), move))
        return found

    def _chains(self, keys: list[str], now: dict[str, float]) -> list:
        """A unit no bus carries takes v's place on one bus, and v moves to another."""
        join = {k: self._with_each(self.rides[k].bus, self.rides[k].units) - now[k] for k in keys}
        found = []
        for b in keys:
            ride = self.rides[b]
            for v in ride.units:
                rest = tuple(x for x in ride.units if x != v)
                instead = self._with_each(ride.bus, rest) - now[b]
                targets = sorted((float(join[c][v]), c) for c in keys if c != b)[-CHAIN_TARGETS:]
                for u in sorted(self.nowhere):
                    for gain, c in targets:
                        if np.isfinite(instead[u]) and np.isfinite(gain):
                            move = {
                                b: tuple(sorted((*rest, u))),
                                c: tuple(sorted((*self.rides[c].units, v))),
                            }
                            found.append((PLACING + float(instead[u]) + gain, move))
        return found

    def _recombine(self, deadline: float) -> bool:
        """At a local optimum: for a few random pairs of buses (one may be idle), their units
        dealt out afresh between them by the best estimated splits (recombine.py), routed for
        real; True when a split raised the score and was kept. Only on smaller days: at 80
        units (regional size) the climb did better without it (mean gap 9.1% against 9.5%)."""
        if len(self.space.units) > RECOMBINE_UP_TO:
            return False
        used = [k for k, r in self.rides.items() if r.units]
        pairs = [(a, b) for n, a in enumerate(used) for b in used[n + 1 :]]
        pairs += [(a, b) for a in used for b in self._idle_representatives()]
        self.rng.shuffle(pairs)
        if len(self._recombined) > MAX_REMEMBERED:
            self._recombined.clear()
        tried = 0
        for a, b in pairs:
            if tried >= RECOMBINE_PAIRS or time.monotonic() > deadline:
                break
            first, second = self.rides[a], self.rides[b]
            key = (a, first.units, b, second.units)
            units = tuple(sorted(first.units + second.units))
            if key in self._recombined or len(units) > MOST_UNITS:
                continue
            tried += 1
            self._recombined.add(key)
            sides = (self._side(first), self._side(second))
            splits = best_splits(self.space, self.router.gain, self.router.less, units, sides,
                                 self.estimates.needed, self.problem.staff_seats, first.units,
                                 RECOMBINE_TRIES)  # fmt: skip
            for _, mine, theirs in splits:
                if self._attempt({a: mine, b: theirs}, 0):
                    return True
        return False

    def _side(self, ride: Ride) -> Side:
        closed = self._closed(ride.bus)
        shut = (
            ~self.estimates.open_courses(closed)
            if closed
            else np.zeros(len(self.space.courses), bool)
        )
        cost = self.problem.weights.bus_cost * ride.bus.cost
        return Side(ride.bus.seats, ride.bus.wheelchair_spaces, cost, shut)

    def _estimate(self, bus: Bus, units: tuple[int, ...]) -> float:
        return self.estimates.group(bus, units, self._closed(bus))

    def _with_each(self, bus: Bus, units: tuple[int, ...]):
        return self.estimates.with_each(bus, units, self._closed(bus))

    def _closed(self, bus: Bus) -> frozenset[str]:
        """Facilities full on the sheet, but for those the bus itself visits."""
        return (self.sheet.full_places() & self._facility_keys) - self.rides[bus.key].visited

    def _now(self, ride: Ride) -> float:
        """The ride's estimate, or its true value when the estimate finds no course for it (a
        facility it visits may be full now that it is booked)."""
        estimate = self._estimate(ride.bus, ride.units)
        return estimate if np.isfinite(estimate) else float(ride.value)

    def _idle_representatives(self) -> list[str]:
        """One idle bus of each kind (seats, spaces, cost, hours): the others are the same."""
        seen, found = set(), []
        for bus in self.problem.buses:
            kind = (bus.seats, bus.wheelchair_spaces, bus.cost, bus.available)
            if (self.pinned and bus.key in self.pinned.buses) or (
                self.disruption and bus.key in self.disruption.riders
            ):
                kind = bus.key  # pins or the published plan make this bus unlike the others
            if not self.rides[bus.key].units and kind not in seen:
                seen.add(kind)
                found.append(bus.key)
        return found

    def _attempt(self, move: dict[str, tuple[int, ...]], placing: int, force=False,
                 team: tuple | None = None, tried: int = COURSES_TRIED,
                 prefer: int | None = None) -> bool:  # fmt: skip
        """Routes the changed buses beside the others (with `team` as the interpreters and
        course `prefer` tried first, for a single changed bus, when given); keeps the change
        when it pays."""
        if self.pinned and not all(self.pinned.allows(k, units) for k, units in move.items()):
            return False
        old = {k: self.rides[k] for k in move}
        free = list(self.free)
        for k in move:
            self.sheet.release(k)
            self.free += list(old[k].interpreters)
        new: dict[str, Ride] = {}
        for k, units in move.items():
            languages = frozenset().union(*(self.space.units[u].languages for u in units))
            crew = (
                self.pinned.crew(k, languages, self.free, old[k].interpreters)
                if self.pinned
                else cover(languages, self.free, old[k].interpreters)
            )
            if team is not None and self._team_fits(k, team, languages):
                crew = team
            ride = None if crew is None else self.router.route(self.sheet, old[k].bus, units,
                                                               crew, tried, prefer)  # fmt: skip
            if ride is None:
                break
            self.free = [i for i in self.free if i not in ride.interpreters]
            new[k] = ride
            self._book(ride)
        complete = len(new) == len(move)
        change = sum(r.value for r in new.values()) - sum(r.value for r in old.values())
        if complete and (force or change + PLACING * placing > 0):
            self.rides.update(new)
            return True
        for k in move:
            self.sheet.release(k)
            self._book(old[k])
        self.free = free
        return False

    def _team_fits(self, bus_key: str, team: tuple, languages: frozenset[str]) -> bool:
        """Whether a given team may ride the bus: all free, speaking its languages, and with
        every interpreter pinned to it and none pinned elsewhere."""
        if not all(i in self.free for i in team) or cover(languages, list(team), ()) is None:
            return False
        if not self.pinned:
            return True
        pinned = set(self.pinned.crew_on.get(bus_key, ()))
        elsewhere = any(self.pinned.bus_of_interpreter.get(i.key, bus_key) != bus_key
                        for i in team)  # fmt: skip
        return pinned <= set(team) and not elsewhere

    def move(self, move: dict[str, tuple[int, ...]]) -> bool:
        """Makes the change (bus key: its new units) whatever it costs, when it can be routed
        and keeps the pins; the units it leaves off no bus carries."""
        before = {u for k in move for u in self.rides[k].units}
        if not self._attempt(move, 0, force=True):
            return False
        after = {u for units in move.values() for u in units}
        self.nowhere = (self.nowhere - after) | (before - after)
        return True

    def seat(self, bus_key: str, units: tuple[int, ...], team: tuple, course: int) -> bool:
        """Puts units no bus carries on an idle bus (with `team` when free, on `course` when the
        sheet can time it), if it can be routed beside the others."""
        if not self._attempt({bus_key: units}, len(units), team=team, prefer=course):
            return False
        self.nowhere -= set(units)
        return True

    def _kick(self) -> bool:
        """Takes a few units off a random bus; the climb then places them again. While some unit
        rides no bus, every other kick clears a bus for it instead."""
        used = [k for k, r in self.rides.items() if r.units]
        self._rejected.clear()
        if self.nowhere and self.rng.random() < EVICT_CHANCE and self._evict():
            return True
        if not used:
            return False
        for _ in range(len(used)):
            k = self.rng.choice(used)
            units = list(self.rides[k].units)
            if self.pinned:
                units = self.pinned.movable(units)
            size = self.rng.randint(KICK_UNITS[0], KICK_UNITS[1])
            out = set(self.rng.sample(units, min(size, len(units))))
            if self._attempt({k: tuple(u for u in units if u not in out)}, 0, force=True):
                self.nowhere |= out
                return True
        return False

    def _evict(self) -> bool:
        """Puts a unit no bus carries alone on a random bus that seats it, and the bus's own
        units out of it (the climb then looks for new places for them). Each time that fails
        for a unit, it is routed over twice as many courses the next time: a large group from
        many hotels may fit only courses that are worth little."""
        u = self.rng.choice(sorted(self.nowhere))
        unit = self.space.units[u]
        keys = [
            k
            for k, r in self.rides.items()
            if r.bus.seats > unit.size
            and r.bus.wheelchair_spaces >= unit.wheelchair_users
            and not (self.pinned and k in self.pinned.buses)
        ]
        failed = self._evictions_failed.get(u, 0)
        tried = min(EVICT_COURSES * 2 ** min(failed, EVICT_DOUBLINGS), len(self.space.courses))
        for k in self.rng.sample(keys, min(EVICT_TRIES, len(keys))):
            out = set(self.rides[k].units)
            if self._attempt({k: (u,)}, 1, force=True, tried=tried):
                self.nowhere = (self.nowhere - {u}) | out
                return True
        self._evictions_failed[u] = failed + 1
        return False

    # state

    def _put(self, ride: Ride) -> None:
        self.rides[ride.bus.key] = ride
        self._book(ride)

    def _book(self, ride: Ride) -> None:
        if ride.entry is not None:
            self.sheet.book(ride.bus.key, ride.bookings, ride.entry["load"])

    def _snapshot(self) -> tuple:
        return dict(self.rides), set(self.nowhere), self.sheet.copy(), list(self.free)

    def _restore(self, snapshot: tuple) -> None:
        rides, nowhere, sheet, free = snapshot
        self.rides, self.nowhere, self.free = dict(rides), set(nowhere), list(free)
        self.sheet = sheet.copy()


def regroup(problem: Problem, space: PatternSpace, plan: dict, *, deadline: float, seed: int,
            max_steps: int, seen: set | None = None, enough=None, pinned=None,
            disruption=None) -> dict:  # fmt: skip
    """The plan improved by regrouping until the deadline (its bound is left to the caller);
    `seen` collects every group routed on the way (see Router); `enough` as in Regrouper.run;
    `pinned` and `disruption` as in Regrouper."""
    regrouper = Regrouper(problem, space, plan, seed=seed, seen=seen, pinned=pinned,
                          disruption=disruption)  # fmt: skip
    return regrouper.run(deadline, max_steps, enough)


def plan_from_groups(problem: Problem, space: PatternSpace, plan: dict,
                     groups: list[tuple[str, tuple[int, ...], tuple, int]], *,
                     seed: int, pinned=None, disruption=None) -> dict:  # fmt: skip
    """A plan whose buses carry the given groups (bus key, units, interpreters, course), each
    routed in turn on the booking sheet beside those before it (on its course when the sheet can
    time it, else its best course the sheet can); a group that cannot be routed is left off.
    `plan` gives the reasons for delegations set aside before."""
    regrouper = Regrouper(problem, space, {**plan, "buses": []}, seed=seed, pinned=pinned,
                          disruption=disruption)  # fmt: skip
    for bus_key, units, team, course in groups:
        regrouper.seat(bus_key, units, team, course)
    return regrouper.document()
