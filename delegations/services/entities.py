"""Create, update, delete and bulk-import any scenario entity under an event, all or nothing."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from pydantic import ValidationError

from delegations.entities import EntityKind
from delegations.errors import Conflict, NotFound, Problem, ValidationFailed, pydantic_problems
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


def entity_update(kind: EntityKind, *, event, key: str, changes: object):
    """Apply a partial change, then validate the whole object as if it had been sent whole."""
    row = entity_get(kind, event=event, key=key)
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
    return _save(kind, scope, [("", item)], replace_keys={item.key: row})[0]


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


def entity_delete(kind: EntityKind, *, event, key: str) -> None:
    row = entity_get(kind, event=event, key=key)
    reasons = kind.blockers(row)
    if reasons:
        raise Conflict(
            f"{kind.noun} {key!r} is still in use: {'; '.join(reasons)}",
            [{"path": "key", "message": reason} for reason in reasons],
        )
    row.delete()


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


def _save(kind: EntityKind, scope: EventScope, items, replace_keys: dict):
    """Items are already checked; prepare (e.g. geocode) outside the transaction, then write."""
    problems = kind.prepare(items)
    if problems:
        raise ValidationFailed(problems, f"the {kind.name}")
    try:
        return _write(kind, scope, items, replace_keys)
    except IntegrityError as exc:
        raise Conflict(f"the {kind.noun} breaks a database rule: {exc}") from None


@transaction.atomic
def _write(kind: EntityKind, scope: EventScope, items, replace_keys: dict) -> list:
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
