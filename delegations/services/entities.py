"""Create, update, delete and bulk-import any scenario entity under an event, all or nothing.

Every row carries a `version` for optimistic concurrency: each write moves it on by one with a
conditional UPDATE (`... WHERE version = n`), so of two writers that read version n and both
name it (If-Match), exactly one succeeds and the other gets PreconditionFailed (412). A writer
that names no version still moves it on (last writer wins).
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Model
from pydantic import ValidationError

from delegations.entities import EntityKind
from delegations.errors import (
    Conflict,
    NotFound,
    PreconditionFailed,
    Problem,
    ValidationFailed,
    pydantic_problems,
)
from delegations.schema_types import StrictSchema
from delegations.scope import EventScope


def entity_get(kind: EntityKind, *, event, key: str):
    row = kind.queryset(event).filter(key=key).first()
    if row is None:
        raise NotFound(
            f"no {kind.noun} with key {key!r} in event {event.key!r}",
            [{"path": "key", "message": f"unknown {kind.noun} {key!r}"}],
        )
    return row


def entity_create(kind: EntityKind, *, event, data: object):
    if not isinstance(data, dict):
        raise ValidationFailed([Problem("", f"a {kind.noun} is a JSON object")], f"the {kind.noun}")
    scope = EventScope(event)
    items, problems = _checked(kind, scope, [("", data)])
    if problems:
        raise ValidationFailed(problems, f"the {kind.noun}")
    item = items[0][1]
    if kind.model.objects.filter(event=event, key=item.key).exists():
        raise _duplicate(kind, event, item.key)
    return _save(kind, scope, [("", item)], replace_keys={})[0]


def _checked(kind: EntityKind, scope: EventScope, rows: list[tuple[str, dict]]):
    """Shape and reference problems of every row together, so one report lists them all."""
    items, problems = [], []
    new_keys = {data.get("key") for _, data in rows if isinstance(data, dict)}
    for path, data in rows:
        try:
            items.append((path, _validated(kind, data, path)))
        except ValidationFailed as exc:
            problems += exc.problems
        for p in kind.references(data, scope, new_keys):
            problems.append(Problem(_join(path, p.path), p.message))
    return items, problems


def entity_versions(kind: EntityKind, *, event) -> dict[str, int]:
    return dict(kind.model.objects.filter(event=event).values_list("key", "version"))


def entity_update(
    kind: EntityKind, *, event, key: str, changes: object, expected: int | None = None
):
    """Apply a partial change, then validate the whole object as if it had been sent whole.

    `expected` is the version the client read (If-Match); None skips the check."""
    row = entity_get(kind, event=event, key=key)
    what = f"{kind.noun} {key!r}"
    if expected is not None and row.version != expected:
        raise version_mismatch(what, row.version, expected)
    if not isinstance(changes, dict):
        raise ValidationFailed([Problem("", "a change is a JSON object")], f"the {kind.noun}")
    scope = EventScope(event)
    merged = {**kind.doc(row, scope.clock), **changes}
    if isinstance(merged.get("key"), str) and merged["key"] != key:
        scope.renamed[merged["key"]] = key
    items, problems = _checked(kind, scope, [("", merged)])
    if problems:
        raise ValidationFailed(problems, f"the {kind.noun}")
    item = items[0][1]
    if item.key != key and kind.model.objects.filter(event=event, key=item.key).exists():
        raise _duplicate(kind, event, item.key)
    return _save(kind, scope, [("", item)], replace_keys={item.key: row}, expected=expected)[0]


def entity_import(kind: EntityKind, *, event, rows: list[tuple[str, dict]]) -> dict:
    """Create or update many objects by key (a CSV upload); every problem reported at once."""
    scope = EventScope(event)
    items, problems = _checked(kind, scope, rows)
    seen: dict[str, str] = {}
    for path, item in items:
        if item.key in seen:
            problems.append(
                Problem(f"{path}.key", f"duplicate key {item.key!r} (also {seen[item.key]})")
            )
        seen.setdefault(item.key, path)
    if problems:
        raise ValidationFailed(problems, f"the {kind.name}")
    existing = {r.key: r for r in kind.model.objects.filter(event=event, key__in=list(seen))}
    saved = _save(kind, scope, items, replace_keys=existing)
    created = sum(1 for _, item in items if item.key not in existing)
    return {"created": created, "updated": len(saved) - created, "keys": [r.key for r in saved]}


@transaction.atomic
def entity_delete(kind: EntityKind, *, event, key: str, expected: int | None = None) -> None:
    row = entity_get(kind, event=event, key=key)
    reasons = kind.blockers(row)
    if reasons:
        raise Conflict(
            f"{kind.noun} {key!r} is still in use: {'; '.join(reasons)}",
            [{"path": "key", "message": reason} for reason in reasons],
        )
    version_claim(kind.model, pk=row.pk, expected=expected, what=f"{kind.noun} {key!r}")
    row.delete()


def version_claim(model: type[Model], *, expected: int | None, what: str, **lookup) -> int:
    """Move the row on to its next version in one conditional UPDATE and return it.

    The UPDATE also holds the row's write lock until the transaction ends, so the caller's
    write that follows cannot interleave with another writer's."""
    rows = model.objects.filter(**lookup)
    if expected is not None:
        rows = rows.filter(version=expected)
    if rows.update(version=F("version") + 1) == 1:
        return model.objects.filter(**lookup).values_list("version", flat=True).get()
    current = model.objects.filter(**lookup).values_list("version", flat=True).first()
    if current is None:
        raise NotFound(f"{what} no longer exists", [{"path": "key", "message": "deleted"}])
    raise version_mismatch(what, current, expected)


T = TypeVar("T")


@transaction.atomic
def versioned_write(model: type[Model], *, lookup: dict, expected: int | None, what: str,
                    write: Callable[[], T]) -> T:  # fmt: skip
    """Claim the row's next version, then run `write` in the same transaction: for rows whose
    own service knows nothing of versions (the event's settings). `write` must re-read the row
    (or save only the fields it changes) so that the new version is kept."""
    if model.objects.filter(**lookup).exists():
        version_claim(model, expected=expected, what=what, **lookup)
    return write()  # a missing row is `write`'s own NotFound


def version_mismatch(what: str, current: int, expected: int | None) -> PreconditionFailed:
    return PreconditionFailed(
        f"{what} is at version {current}, not {expected}: it changed since you read it; "
        "reload it and apply your change again",
        [{"path": "version", "message": f"current version is {current}"}],
        code="version_mismatch",
    )


def _validated(kind: EntityKind, data: dict, path: str) -> StrictSchema:
    try:
        return kind.schema.model_validate(data)
    except ValidationError as exc:
        problems = pydantic_problems(exc.errors())
        raise ValidationFailed(
            [Problem(_join(path, p.path), p.message) for p in problems], f"the {kind.noun}"
        ) from None


def _duplicate(kind: EntityKind, event, key: str) -> Conflict:
    return Conflict(
        f"a {kind.noun} with key {key!r} already exists in event {event.key!r}",
        [{"path": "key", "message": f"duplicate key {key!r}"}],
    )


def _save(kind: EntityKind, scope: EventScope, items, replace_keys: dict, expected=None):
    """Items are already checked; prepare (e.g. geocode) outside the transaction, then write."""
    problems = kind.prepare(items)
    if problems:
        raise ValidationFailed(problems, f"the {kind.name}")
    try:
        return _write(kind, scope, items, replace_keys, expected)
    except IntegrityError as exc:
        raise Conflict(f"the {kind.noun} breaks a database rule: {exc}") from None


@transaction.atomic
def _write(kind: EntityKind, scope: EventScope, items, replace_keys: dict, expected=None) -> list:
    """`expected` (a single update's If-Match) is checked as its row's version moves on."""
    event = scope.event
    top = kind.model.objects.filter(event=event).aggregate(m=Max("position"))["m"]
    position = -1 if top is None else top
    rows = []
    for _, item in items:
        values = kind.values(item, scope)
        row = replace_keys.get(item.key)
        if row is None:
            position += 1
            row = kind.model(event=event, position=position)
        else:
            what = f"{kind.noun} {row.key!r}"
            row.version = version_claim(kind.model, pk=row.pk, expected=expected, what=what)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        rows.append(row)
    scope.forget()
    for (_, item), row in zip(items, rows, strict=True):
        kind.links(item, row, scope)
    for new, old in scope.renamed.items():
        kind.renamed(scope, old, new)
    return rows


def _join(path: str, field: str) -> str:
    """`delegations[3]` + `pickup`; CSV rows read `row 4, column pickup`."""
    if not path:
        return field
    if not field:
        return path
    return f"{path}, column {field}" if path.startswith("row ") else f"{path}.{field}"
