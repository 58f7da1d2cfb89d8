"""What the generic entity services need to know about one kind of scenario object.

Places, facilities, buses, interpreters and delegations are all "a keyed object under an event
with the scenario's shape"; describing each once lets one set of services create, update,
delete and bulk-import (CSV) them with the same checks and error paths.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

from delegations.errors import Problem
from delegations.schema_types import StrictSchema
from delegations.scope import EventScope

# (item, scope) -> problems with paths relative to the item (e.g. "pickup")
ReferenceCheck = Callable[[dict, EventScope, set[str]], list[Problem]]


def no_references(item: dict, scope: EventScope, new_keys: set[str]) -> list[Problem]:
    return []


def no_links(item, row, scope: EventScope) -> None:
    return None


def no_blockers(row) -> list[str]:
    return []


def no_rename_effects(scope: EventScope, old: str, new: str) -> None:
    return None


def no_preparation(items: list[tuple[str, StrictSchema]]) -> list[Problem]:
    return []


@dataclass(frozen=True)
class EntityKind:
    name: str  # the scenario list it lives in: "delegations"
    noun: str  # "delegation"
    model: type[Model]
    schema: type[StrictSchema]
    values: Callable  # (item, scope) -> column values
    doc: Callable  # (row, clock) -> scenario dict
    queryset: Callable[[object], QuerySet]  # event -> rows with what doc() needs prefetched
    links: Callable = no_links  # (item, row, scope) -> write the item's relations
    references: ReferenceCheck = no_references
    blockers: Callable = no_blockers  # row -> reasons it cannot be deleted
    prepare: Callable = no_preparation  # before the transaction, e.g. geocoding
    renamed: Callable = no_rename_effects  # (scope, old, new) inside the transaction
    csv_columns: tuple[str, ...] = field(default=())
