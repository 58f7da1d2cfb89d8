"""Field types shared by every kengaku.scenario/1 schema: each rule and its message once."""

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, create_model

from delegations.timeofday import parse_hhmm
from delegations.validators import check_key, check_language


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _time_of_day(value: str) -> str:
    parse_hhmm(value)
    return value


def _minutes(value: str) -> int:
    t = parse_hhmm(value)
    return t.hour * 60 + t.minute


Key = Annotated[str, AfterValidator(check_key)]
Language = Annotated[str, AfterValidator(check_language)]
TimeOfDay = Annotated[str, AfterValidator(_time_of_day)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
OptionalTime = Annotated[TimeOfDay | None, BeforeValidator(_blank_to_none)]
Interest = Annotated[int, Field(ge=0, le=100)]
PositiveInt = Annotated[int, Field(gt=0)]
NonNegativeInt = Annotated[int, Field(ge=0)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
TimeSpan = tuple[TimeOfDay, TimeOfDay]


def minutes_of(hhmm: str) -> int:
    """Minutes from local midnight of an already validated "HH:MM"."""
    return _minutes(hhmm)


def span_problem(span: tuple[str, str] | None) -> str | None:
    if span is not None and minutes_of(span[1]) <= minutes_of(span[0]):
        return f"{span[0]}-{span[1]} ends before it starts"
    return None


def duplicates(values: list) -> list:
    seen, repeated = set(), []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


class StrictSchema(Schema):
    """Unknown fields are errors: a typo in a planner's file must not vanish silently."""

    model_config = ConfigDict(extra="forbid")


class PatchSchema(Schema):
    model_config = ConfigDict(extra="forbid")


def patch_schema(model: type[StrictSchema], name: str) -> type[PatchSchema]:
    """The same fields as `model`, all optional: a PATCH names only what changes.

    The merged result is validated with `model` itself, so every rule is still checked once.
    """
    fields = {
        field_name: (info.annotation | None, Field(default=None, description=info.description))
        for field_name, info in model.model_fields.items()
    }
    return create_model(name, __base__=PatchSchema, **fields)


def out_schema(model: type[StrictSchema], name: str, base: type[Schema] = Schema) -> type[Schema]:
    """`model`'s fields without its cross-field rules: output never fails on stored data.
    `base` may add how the output is written (tours.schemas.LunchNullKept)."""
    fields = {
        field_name: (info.annotation, Field(default=info.default, description=info.description))
        if not info.is_required()
        else (info.annotation, Field(description=info.description))
        for field_name, info in model.model_fields.items()
    }
    return create_model(name, __base__=base, **fields)
