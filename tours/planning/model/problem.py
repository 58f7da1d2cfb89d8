"""A kengaku.scenario/1 document as frozen dataclasses with times in integer minutes.

Times are minutes from local midnight of the event's day; interest(d, f) is precomputed for every
delegation and facility exactly as the contract defines it.
"""

import hashlib
import json
from dataclasses import dataclass, field

from tours.planning.model.travel import Travel

NO_LANGUAGE_NEEDED = "ja"


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def hhmm(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    kind: str
    max_people: int | None


@dataclass(frozen=True)
class Facility:
    key: str
    name: str
    visit_minutes: int
    windows: tuple[tuple[int, int], ...]
    max_people: int
    max_buses_at_once: int
    max_visits: int
    wheelchair: bool
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Bus:
    key: str
    seats: int
    wheelchair_spaces: int
    cost: int
    available: tuple[int, int]


@dataclass(frozen=True)
class Interpreter:
    key: str
    languages: frozenset[str]
    available: tuple[int, int]


@dataclass(frozen=True)
class Delegation:
    key: str
    language: str
    size: int
    wheelchair_users: int
    priority: int
    pickup: str
    dropoff: str
    earliest_pickup: int | None
    latest_dropoff: int | None
    interest: dict[str, int] = field(hash=False, compare=False)  # every facility key
    must_visit: frozenset[str] = frozenset()
    avoid: frozenset[str] = frozenset()
    together_with: frozenset[str] = frozenset()

    @property
    def needs_interpreter(self) -> bool:
        return self.language != NO_LANGUAGE_NEEDED


@dataclass(frozen=True)
class Weights:
    interest: int = 100
    bus_cost: int = 1
    driving_minute: int = 1


@dataclass(frozen=True)
class Pin:
    """A planner's decision every plan must keep (scenario `pins`, a Kengaku addition):
    `delegation_bus` (the delegation rides `bus`), `interpreter_bus` (the interpreter rides
    `bus`), `visit_bus` (`bus` visits `facility`), `visit_time` (and that visit starts at
    `start`, minutes from midnight)."""

    kind: str
    bus: str
    delegation: str | None = None
    interpreter: str | None = None
    facility: str | None = None
    start: int | None = None


PIN_KINDS = ("delegation_bus", "interpreter_bus", "visit_bus", "visit_time")


@dataclass(frozen=True)
class Problem:
    event: str
    scenario_sha256: str
    day: tuple[int, int]
    lunch_earliest: int | None  # the three lunch fields are None on a day without lunch
    lunch_latest: int | None
    lunch_minutes: int | None
    staff_seats: int
    min_visits: int
    max_visits: int
    boarding_minutes: int
    weights: Weights
    places: tuple[Place, ...]
    facilities: tuple[Facility, ...]
    buses: tuple[Bus, ...]
    interpreters: tuple[Interpreter, ...]
    delegations: tuple[Delegation, ...]
    travel: Travel = field(hash=False, compare=False)
    pins: tuple[Pin, ...] = ()

    def place(self, key: str) -> Place:
        return self._places[key]

    def facility(self, key: str) -> Facility:
        return self._facilities[key]

    def delegation(self, key: str) -> Delegation:
        return self._delegations[key]

    def bus(self, key: str) -> Bus:
        return self._buses[key]

    def interpreter(self, key: str) -> Interpreter:
        return self._interpreters[key]

    @property
    def lunch_places(self) -> tuple[Place, ...]:
        return tuple(p for p in self.places if p.kind == "lunch")

    @property
    def has_lunch(self) -> bool:
        """False for a half-day tour (`event.lunch` null): its routes have no lunch stop."""
        return self.lunch_minutes is not None

    @property
    def lunch_stops(self) -> tuple[Place, ...]:
        """Where a route may have its lunch stop: the lunch places, or none on a day without
        lunch (then the middle of a route is its visits alone)."""
        return self.lunch_places if self.has_lunch else ()

    def __post_init__(self) -> None:
        for name, items in (
            ("_places", self.places),
            ("_facilities", self.facilities),
            ("_delegations", self.delegations),
            ("_buses", self.buses),
            ("_interpreters", self.interpreters),
        ):
            object.__setattr__(self, name, {item.key: item for item in items})


def canonical_sha256(document: dict) -> str:
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def interest_of(delegation: dict, facility: dict) -> int:
    """The contract's interest(d, f): explicit interest, else the best matching theme interest."""
    explicit = delegation.get("interests") or {}
    if facility["key"] in explicit:
        return int(explicit[facility["key"]])
    themes = delegation.get("theme_interests") or {}
    return max((int(themes.get(t, 0)) for t in facility.get("themes") or ()), default=0)
