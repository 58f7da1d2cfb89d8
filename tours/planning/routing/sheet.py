"""A booking sheet: who is at each facility and lunch place when, and the earliest free slot.

Regrouping moves delegations between buses one bus pair at a time, so it needs to know, cheaply,
whether a changed bus can still be timed beside all the others. The sheet holds every bus's
facility visits and lunches; a stop order is timed against it stop by stop at the earliest start
the windows and the other buses leave free (rules 5 and 7), which for a fixed order and fixed
other buses is exactly feasible whenever any timing is: starting later never frees a stop earlier.

People "at any moment" are counted over every booking overlapping the slot (a little cautious:
two that overlap the slot but not each other are counted together).
"""

from dataclasses import dataclass

from tours.planning.model.problem import Problem, minutes
from tours.planning.routing.routes import Stop, Timing, earliest_start, earliest_timing

NO_LIMIT = 10**9


@dataclass(frozen=True)
class Booking:
    owner: str  # bus key
    start: int
    end: int
    people: int


@dataclass(frozen=True)
class Limits:
    visits: int  # distinct visit starts in the day
    at_once: int  # buses at the same time
    people: int  # people at the same time


class Sheet:
    def __init__(self, problem: Problem):
        self.problem = problem
        self.limits: dict[str, Limits] = {
            f.key: Limits(f.max_visits, f.max_buses_at_once, f.max_people)
            for f in problem.facilities
        }
        for place in problem.lunch_places:
            room = NO_LIMIT if place.max_people is None else place.max_people
            self.limits[place.key] = Limits(NO_LIMIT, NO_LIMIT, room)
        self.taken: dict[str, list[Booking]] = {}
        self._full: frozenset[str] | None = None  # full_places() until the next change

    def copy(self) -> "Sheet":
        other = Sheet.__new__(Sheet)
        other.problem, other.limits = self.problem, self.limits
        other.taken = {at: list(bookings) for at, bookings in self.taken.items()}
        other._full = self._full
        return other

    def book(self, owner: str, stops: list[tuple[str, int, int]], people: int) -> None:
        self._full = None
        for at, start, end in stops:
            self.taken.setdefault(at, []).append(Booking(owner, start, end, people))

    def book_entry(self, entry: dict) -> None:
        """Books a kengaku.plan/1 bus entry's visits and lunch at their times, with its load."""
        stays = [(s["at"], minutes(s["start"]), minutes(s["end"])) for s in entry["stops"]
                 if s["kind"] in ("visit", "lunch")]  # fmt: skip
        self.book(entry["bus"], stays, entry["load"])

    def release(self, owner: str) -> None:
        self._full = None
        for at, bookings in self.taken.items():
            self.taken[at] = [b for b in bookings if b.owner != owner]

    def full_places(self) -> frozenset[str]:
        """Every stop where no further visit can start (see `full`)."""
        if self._full is None:
            self._full = frozenset(at for at in self.limits if self.full(at))
        return self._full

    def full(self, at: str) -> bool:
        """No further visit can start here (its visits in the day are used up)."""
        starts = {b.start for b in self.taken.get(at, ())}
        return len(starts) >= self.limits[at].visits

    def earliest(self, stop: Stop, ready: int, people: int) -> int | None:
        """The earliest start at or after `ready` inside the stop's windows (or before its
        latest start) where the sheet has room for this bus, or None."""
        limits, taken = self.limits[stop.at], self.taken.get(stop.at, [])
        starts = {b.start for b in taken}
        windows = stop.windows or ((ready, NO_LIMIT),)
        for low, high in sorted(windows):
            begin = max(ready, low)
            while begin + stop.duration <= high:
                if stop.not_after_start is not None and begin > stop.not_after_start:
                    return None
                end = begin + stop.duration
                overlap = [b for b in taken if b.start < end and begin < b.end]
                fits = (
                    len(overlap) < limits.at_once
                    and people + sum(b.people for b in overlap) <= limits.people
                    and (begin in starts or len(starts) < limits.visits)
                )
                if fits:
                    return begin
                later = [b.end for b in overlap if b.end > begin]
                if len(starts) >= limits.visits:  # only joining a booked start is left
                    later += [s for s in starts if s > begin]
                if not later:
                    break
                begin = min(later)
        return None


def sheet_timing(
    sheet: Sheet, stops: tuple[Stop, ...], minutes, window: tuple[int, int], people: int
) -> Timing | None:
    """The earliest timing of a stop order that the windows, deadlines and sheet allow."""

    def start_rule(stop: Stop, ready: int) -> int | None:
        if stop.kind in ("visit", "lunch"):
            return sheet.earliest(stop, ready, people)
        return earliest_start(stop, ready)

    return earliest_timing(stops, minutes, window, start_rule)
