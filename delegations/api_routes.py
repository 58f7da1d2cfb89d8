"""The same list/create/read/update/delete/CSV routes for every scenario entity kind.

Handlers stay thin: resolve the event, call one service or selector, return the scenario shape.
"""

import json

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from delegations.csvio import csv_export, csv_rows
from delegations.entities import EntityKind
from delegations.errors import BadRequest
from delegations.schema_types import out_schema
from delegations.scope import EventScope, event_by_key
from delegations.selectors import entity_list
from delegations.services.entities import (
    entity_create,
    entity_delete,
    entity_get,
    entity_import,
    entity_update,
)


class ListFilters(Schema):
    q: str | None = None
    language: str | None = None
    country: str | None = None
    theme: str | None = None
    facility: str | None = None
    kind: str | None = None
    wheelchair: bool | None = None
    min_seats: int | None = None


class ImportResult(Schema):
    created: int
    updated: int
    keys: list[str]


def json_body(request: HttpRequest) -> object:
    try:
        return json.loads(request.body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from None


# Bodies parsed by hand (to report shape and reference problems together) are still
# documented: project.api adds these schemas to the OpenAPI components.
HAND_PARSED_SCHEMAS: list[type[Schema]] = []


def json_body_of(schema: type[Schema]) -> dict:
    HAND_PARSED_SCHEMAS.append(schema)
    ref = {"$ref": f"#/components/schemas/{schema.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


def _doc(kind: EntityKind, event, key: str) -> dict:
    return kind.doc(entity_get(kind, event=event, key=key), EventScope(event).clock)


def add_entity_routes(router: Router, kind: EntityKind, patch_schema: type[Schema]) -> None:
    name, noun, item_in = kind.name, kind.noun, kind.schema
    item_out = out_schema(item_in, f"{item_in.__name__.removesuffix('In')}Out")
    base = f"/events/{{event}}/{name}"
    tags = [name]

    @router.get(
        base,
        response=list[item_out],
        tags=tags,
        exclude_none=True,
        summary=f"List {name}",
        operation_id=f"{name}_list_items",
    )
    @paginate(LimitOffsetPagination)
    def list_items(request: HttpRequest, event: str, filters: Query[ListFilters]):
        return entity_list(kind, event=event_by_key(event), filters=filters.model_dump())

    @router.post(
        base,
        response={201: item_out},
        tags=tags,
        exclude_none=True,
        summary=f"Add a {noun}",
        openapi_extra=json_body_of(item_in),
        operation_id=f"{name}_create_item",
    )
    def create_item(request: HttpRequest, event: str):
        scope_event = event_by_key(event)
        row = entity_create(kind, event=scope_event, data=json_body(request))
        return Status(201, _doc(kind, scope_event, row.key))

    @router.get(
        f"{base}.csv",
        tags=tags,
        summary=f"Export {name} as CSV (UTF-8 with BOM)",
        operation_id=f"{name}_export_csv",
    )
    def export_csv(request: HttpRequest, event: str, filters: Query[ListFilters]):
        docs = entity_list(kind, event=event_by_key(event), filters=filters.model_dump())
        response = HttpResponse(csv_export(kind, docs), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event}-{name}.csv"'
        return response

    @router.post(
        f"{base}.csv",
        response=ImportResult,
        tags=tags,
        summary=f"Import {name} from CSV",
        operation_id=f"{name}_import_csv",
    )
    def import_csv(request: HttpRequest, event: str):
        upload = request.FILES.get("file")
        data = upload.read() if upload is not None else request.body
        rows = csv_rows(kind, data)
        return entity_import(kind, event=event_by_key(event), rows=rows)

    @router.get(
        f"{base}/{{key}}",
        response=item_out,
        tags=tags,
        exclude_none=True,
        summary=f"Read a {noun}",
        operation_id=f"{name}_read_item",
    )
    def read_item(request: HttpRequest, event: str, key: str):
        return _doc(kind, event_by_key(event), key)

    @router.patch(
        f"{base}/{{key}}",
        response=item_out,
        tags=tags,
        exclude_none=True,
        summary=f"Change a {noun}",
        openapi_extra=json_body_of(patch_schema),
        operation_id=f"{name}_update_item",
    )
    def update_item(request: HttpRequest, event: str, key: str):
        scope_event = event_by_key(event)
        changes = json_body(request)
        row = entity_update(kind, event=scope_event, key=key, changes=changes)
        return _doc(kind, scope_event, row.key)

    @router.delete(
        f"{base}/{{key}}",
        response={204: None},
        tags=tags,
        summary=f"Delete a {noun}",
        operation_id=f"{name}_delete_item",
    )
    def delete_item(request: HttpRequest, event: str, key: str):
        entity_delete(kind, event=event_by_key(event), key=key)
        return Status(204, None)
