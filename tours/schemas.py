"""kengaku.scenario/1 shapes for the event and everything under it (in and out alike).

The contract lives in docs/scenario-format.md. One set of schemas serves the API, the management
commands and the import/export services; each rule is checked once, here or in `tours.scenario`.
"""

from typing import Literal, Self

from ninja import Schema
from pydantic import EmailStr, Field, field_validator, model_serializer, model_validator

from delegations.schema_types import (
    Key,
    Language,
    Latitude,
    Longitude,
    NonNegativeInt,
    OptionalText,
    PositiveInt,
    StrictSchema,
    TimeOfDay,
    TimeSpan,
    duplicates,
    minutes_of,
    patch_schema,
    span_problem,
)
from delegations.schemas import DelegationIn, InterpreterIn
from delegations.timeofday import zone

SCENARIO_FORMAT = "kengaku.scenario/1"


class PersonIn(StrictSchema):
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr


class HostIn(StrictSchema):
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None


class DriverIn(StrictSchema):
    name: str = Field(min_length=1, max_length=200)
    phone: OptionalText = None
    email: EmailStr | None = None


class LunchRuleIn(StrictSchema):
    earliest: TimeOfDay
    latest: TimeOfDay
    minutes: NonNegativeInt = Field(default=60, description="0: lunch on the bus, no time")


class LunchNullKept(Schema):
    """`lunch: null` (a day without lunch) is a value, not a field left out: a response that
    leaves out nulls (exclude_none) still writes it, so an exported day imports back the same."""

    @model_serializer(mode="wrap")
    def _lunch_null_kept(self, handler):
        data = handler(self)
        if getattr(self, "lunch", ...) is None:
            data["lunch"] = None
        return data


LUNCH_NULL = "null: a day without lunch (a half-day tour): routes make no lunch stop"


class EventFields(LunchNullKept, StrictSchema):
    name: str = Field(min_length=1, max_length=200)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    timezone: str = "Asia/Tokyo"
    organizer: PersonIn
    day_start: TimeOfDay
    day_end: TimeOfDay
    lunch: LunchRuleIn | None = Field(description=LUNCH_NULL)
    staff_seats_per_bus: NonNegativeInt = 1
    max_visits_per_bus: NonNegativeInt = 3
    min_visits_per_bus: NonNegativeInt = 1
    boarding_minutes: NonNegativeInt = 10

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)
        return value

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str) -> str:
        import datetime as dt

        try:
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a calendar date: {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = event_problems(self)
        if problems:
            raise ValueError("\n".join(problems))
        return self


def event_problems(e: EventFields) -> list[str]:
    problems = []
    start, end = minutes_of(e.day_start), minutes_of(e.day_end)
    if end <= start:
        problems.append(f"day_end: {e.day_end} is not after day_start {e.day_start}")
    if e.lunch is not None:
        problems += _lunch_problems(e.lunch, start, end, f"{e.day_start}-{e.day_end}")
    if e.min_visits_per_bus > e.max_visits_per_bus:
        problems.append(
            f"min_visits_per_bus: {e.min_visits_per_bus} is more than max_visits_per_bus "
            f"{e.max_visits_per_bus}"
        )
    return problems


def _lunch_problems(lunch: LunchRuleIn, start: int, end: int, day: str) -> list[str]:
    earliest, latest = minutes_of(lunch.earliest), minutes_of(lunch.latest)
    if latest < earliest:
        return [f"lunch: latest {lunch.latest} is before earliest {lunch.earliest}"]
    if end > start and (earliest < start or latest + lunch.minutes > end):
        return [
            f"lunch: {lunch.earliest}-{lunch.latest} plus {lunch.minutes} min does not fit "
            f"in the day {day}"
        ]
    return []


class EventIn(EventFields):
    key: Key


class MatrixIn(StrictSchema):
    keys: list[Key] = Field(min_length=1)
    minutes: list[list[NonNegativeInt]]

    @model_validator(mode="after")
    def _square(self) -> Self:
        n = len(self.keys)
        problems = [f"keys: listed twice: {k}" for k in duplicates(self.keys)]
        if len(self.minutes) != n:
            problems.append(f"minutes: {len(self.minutes)} rows for {n} keys")
        for i, row in enumerate(self.minutes):
            if len(row) != n:
                problems.append(f"minutes[{i}]: {len(row)} entries for {n} keys")
            elif row[i] != 0:
                problems.append(f"minutes[{i}]: travel from a point to itself must be 0")
        if problems:
            raise ValueError("\n".join(problems))
        return self


class TravelIn(StrictSchema):
    speed_kmh: float | None = Field(default=None, gt=0, le=200)
    road_factor: float | None = Field(default=None, ge=1, le=5)
    matrix: MatrixIn | None = None

    @model_validator(mode="after")
    def _one_model(self) -> Self:
        if self.matrix is None and (self.speed_kmh is None or self.road_factor is None):
            raise ValueError("give either speed_kmh and road_factor, or a matrix")
        if self.matrix is not None and (self.speed_kmh or self.road_factor):
            raise ValueError("give either speed_kmh and road_factor, or a matrix, not both")
        return self


def default_travel() -> "TravelIn":
    return TravelIn(speed_kmh=18, road_factor=1.3)


class WeightsIn(StrictSchema):
    interest: NonNegativeInt = 100
    bus_cost: NonNegativeInt = 1
    driving_minute: NonNegativeInt = 1


class Located(StrictSchema):
    """Coordinates may be left out when an address is given: they are then geocoded."""

    lat: Latitude | None = None
    lon: Longitude | None = None
    address: OptionalText = None
    coordinates_source: Literal["entered", "geocoded"] = "entered"

    @model_validator(mode="after")
    def _locatable(self) -> Self:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon come together: give both or neither")
        if self.lat is None and not self.address:
            raise ValueError("no coordinates and no address: give lat and lon, or an address")
        return self


class PlaceIn(Located):
    key: Key
    name: str = Field(min_length=1, max_length=200)
    name_ja: OptionalText = None
    kind: Literal["hotel", "venue", "airport", "station", "lunch"]
    max_people: PositiveInt | None = None
    notes: OptionalText = None


class FacilityIn(Located):
    key: Key
    name: str = Field(min_length=1, max_length=200)
    name_ja: OptionalText = None
    visit_minutes: PositiveInt
    windows: list[TimeSpan] = Field(min_length=1)
    max_people: PositiveInt
    max_buses_at_once: PositiveInt = 1
    max_visits: PositiveInt
    wheelchair: bool = False
    themes: list[str] = Field(default_factory=list)
    guide_languages: list[Language] = Field(default_factory=lambda: ["ja"])
    host: HostIn | None = None
    notes: OptionalText = None

    @model_validator(mode="after")
    def _windows_fit_visit(self) -> Self:
        problems = []
        for i, window in enumerate(self.windows):
            problem = span_problem(window)
            if problem:
                problems.append(f"windows[{i}]: {problem}")
                continue
            length = minutes_of(window[1]) - minutes_of(window[0])
            if length < self.visit_minutes:
                problems.append(
                    f"windows[{i}]: {window[0]}-{window[1]} is {length} min, shorter than the "
                    f"{self.visit_minutes}-minute visit"
                )
        if problems:
            raise ValueError("\n".join(problems))
        return self


class BusIn(StrictSchema):
    key: Key
    name: OptionalText = None
    seats: PositiveInt
    wheelchair_spaces: NonNegativeInt = 0
    cost: NonNegativeInt
    available: TimeSpan | None = None
    operator: OptionalText = None
    driver: DriverIn | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = []
        problem = span_problem(self.available)
        if problem:
            problems.append(f"available: {problem}")
        if self.wheelchair_spaces > self.seats:
            problems.append(
                f"wheelchair_spaces: {self.wheelchair_spaces} spaces on a {self.seats}-seat bus"
            )
        if problems:
            raise ValueError("\n".join(problems))
        return self


PIN_FIELDS = {
    "delegation_bus": ("delegation",),
    "interpreter_bus": ("interpreter",),
    "visit_bus": ("facility",),
    "visit_time": ("facility", "start"),
}
PIN_SUBJECTS = ("delegation", "interpreter", "facility", "start")


class PinIn(StrictSchema):
    """A planner's decision every solve keeps (a Kengaku addition): who or what rides which bus,
    and when a bus's visit starts. Which fields a pin has depends on its kind."""

    kind: Literal["delegation_bus", "interpreter_bus", "visit_bus", "visit_time"]
    bus: Key
    delegation: Key | None = None
    interpreter: Key | None = None
    facility: Key | None = None
    start: TimeOfDay | None = Field(default=None, description="visit_time only: HH:MM")

    @model_validator(mode="after")
    def _fields_match_kind(self) -> Self:
        wanted = PIN_FIELDS[self.kind]
        problems = [
            f"{name}: required for a {self.kind} pin"
            for name in wanted
            if getattr(self, name) is None
        ]
        problems += [
            f"{name}: not part of a {self.kind} pin"
            for name in PIN_SUBJECTS
            if name not in wanted and getattr(self, name) is not None
        ]
        if problems:
            raise ValueError("\n".join(problems))
        return self


class ScenarioIn(StrictSchema):
    format: str = Field(description=f'always "{SCENARIO_FORMAT}"')
    event: EventIn
    travel: TravelIn = Field(default_factory=default_travel)
    places: list[PlaceIn] = Field(default_factory=list)
    facilities: list[FacilityIn] = Field(default_factory=list)
    buses: list[BusIn] = Field(default_factory=list)
    interpreters: list[InterpreterIn] = Field(default_factory=list)
    delegations: list[DelegationIn] = Field(default_factory=list)
    weights: WeightsIn = Field(default_factory=WeightsIn)
    pins: list[PinIn] | None = Field(
        default=None, description="planners' decisions every solve keeps (left out when none)"
    )

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value != SCENARIO_FORMAT:
            raise ValueError(f"unsupported format {value!r}: this server reads {SCENARIO_FORMAT}")
        return value


class EventSettingsIn(EventIn):
    """An event on its own (no places, people or buses yet), with its travel model and weights."""

    travel: TravelIn = Field(default_factory=default_travel)
    weights: WeightsIn = Field(default_factory=WeightsIn)


EventSettingsPatch = patch_schema(EventSettingsIn, "EventSettingsPatch")
PlacePatch = patch_schema(PlaceIn, "PlacePatch")
FacilityPatch = patch_schema(FacilityIn, "FacilityPatch")
BusPatch = patch_schema(BusIn, "BusPatch")


class PinOut(Schema):
    """A stored pin as the API lists it: its id (to delete it), its scenario form, in words."""

    id: int
    kind: str
    bus: str
    delegation: str | None = None
    interpreter: str | None = None
    facility: str | None = None
    start: str | None = None
    description: str
