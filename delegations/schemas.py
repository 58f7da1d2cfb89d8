"""kengaku.scenario/1 shapes for delegations, members and interpreters (in and out alike)."""

from typing import Self

from pydantic import Field, model_validator

from delegations.schema_types import (
    Interest,
    Key,
    Language,
    NonNegativeInt,
    OptionalText,
    OptionalTime,
    PositiveInt,
    StrictSchema,
    TimeSpan,
    duplicates,
    patch_schema,
    span_problem,
)


class MemberIn(StrictSchema):
    name: str = Field(min_length=1, max_length=200)
    role: OptionalText = None
    email: OptionalText = None
    language: Language | None = None
    dietary: OptionalText = None
    mobility: OptionalText = None


class DelegationIn(StrictSchema):
    key: Key
    city: str = Field(min_length=1, max_length=200)
    country: str = Field(min_length=1, max_length=100)
    organisation: OptionalText = None
    language: Language
    size: PositiveInt
    wheelchair_users: NonNegativeInt = 0
    priority: NonNegativeInt = 1
    pickup: Key
    earliest_pickup: OptionalTime = None
    dropoff: Key
    latest_dropoff: OptionalTime = None
    interests: dict[Key, Interest] = Field(default_factory=dict)
    theme_interests: dict[str, Interest] = Field(default_factory=dict)
    must_visit: list[Key] = Field(default_factory=list)
    avoid: list[Key] = Field(default_factory=list)
    together_with: list[Key] = Field(default_factory=list)
    members: list[MemberIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = delegation_problems(self)
        if problems:
            raise ValueError("\n".join(problems))
        return self


def delegation_problems(d: "DelegationIn") -> list[str]:
    """Rules inside one delegation (references to other objects are checked by the caller)."""
    problems = []
    if d.wheelchair_users > d.size:
        problems.append(
            f"wheelchair_users: {d.wheelchair_users} wheelchair users but only {d.size} members"
        )
    if len(d.members) > d.size:
        problems.append(f"members: {len(d.members)} members listed but size is {d.size}")
    both = sorted(set(d.must_visit) & set(d.avoid))
    if both:
        problems.append(f"must_visit: {', '.join(both)} also listed in avoid")
    if d.key in d.together_with:
        problems.append("together_with: a delegation cannot be listed with itself")
    for field in ("must_visit", "avoid", "together_with"):
        repeated = duplicates(getattr(d, field))
        if repeated:
            problems.append(f"{field}: listed twice: {', '.join(repeated)}")
    if (
        d.earliest_pickup
        and d.latest_dropoff
        and span_problem((d.earliest_pickup, d.latest_dropoff))
    ):
        problems.append(
            f"latest_dropoff: {d.latest_dropoff} is not after earliest_pickup {d.earliest_pickup}"
        )
    return problems


DelegationPatch = patch_schema(DelegationIn, "DelegationPatch")
MemberPatch = patch_schema(MemberIn, "MemberPatch")


class InterpreterIn(StrictSchema):
    key: Key
    name: str = Field(min_length=1, max_length=200)
    email: OptionalText = None
    phone: OptionalText = None
    languages: list[Language] = Field(min_length=1)
    available: TimeSpan | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problem = span_problem(self.available)
        if problem:
            raise ValueError(f"available: {problem}")
        repeated = duplicates(self.languages)
        if repeated:
            raise ValueError(f"languages: listed twice: {', '.join(repeated)}")
        return self


InterpreterPatch = patch_schema(InterpreterIn, "InterpreterPatch")
