"""The same list/create/read/update/delete/CSV routes for every scenario entity kind.

Handlers stay thin: resolve the event, call one service or selector, return the scenario shape.
"""

import json
import re

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field, create_model

from delegations.csvio import csv_export, csv_rows
from delegations.entities import EntityKind
from delegations.errors import BadRequest, Problem, ValidationFailed
from delegations.schema_types import out_schema
from delegations.scope import EventScope, event_by_key
from delegations.selectors import entity_list
from delegations.services.entities import (
    entity_create,
    entity_delete,
    entity_get,
    entity_import,
    entity_update,
    entity_versions,
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


def if_match(request: HttpRequest) -> int | None:
    """The version named by `If-Match: "3"` (weak `W/"3"` and bare `3` too); `*` or no header
    means "whatever is there". Clients should send it: without it the last writer wins."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    match = _ETAG.fullmatch(header)
    if match is None:
        raise BadRequest(
            f"If-Match must name one version, such as '\"3\"' (got {header!r})",
            [{"path": "If-Match", "message": "not a version"}],
        )
    return int(match.group(1))


_ETAG = re.compile(r'(?:W/)?"?(\d+)"?')


def expected_version(request: HttpRequest, body_version: object = None) -> int | None:
    """The version the client last read, from If-Match or a `version` field in the body."""
    header = if_match(request)
    if body_version is not None and (type(body_version) is not int or body_version < 1):
        raise ValidationFailed([Problem("version", "must be a whole number from 1")], "the request")
    if header is not None and body_version is not None and header != body_version:
        raise BadRequest(
            f"If-Match names version {header} but the body's version is {body_version}",
            [{"path": "version", "message": "disagrees with If-Match"}],
        )
    return header if header is not None else body_version


def etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = f'"{version}"'


def with_version(schema: type[Schema], name: str) -> type[Schema]:
    """`schema` plus the row's `version` (not part of kengaku.scenario/1: only the API has it)."""
    described = Field(default=None, description="the version to send back as If-Match")
    return create_model(name, __base__=schema, version=(int | None, described))


def _doc(kind: EntityKind, event, key: str, response: HttpResponse | None = None) -> dict:
    row = entity_get(kind, event=event, key=key)
    if response is not None:
        etag(response, row.version)
    return {**kind.doc(row, EventScope(event).clock), "version": row.version}


def _with_versions(kind: EntityKind, event, docs: list[dict]) -> list[dict]:
    versions = entity_versions(kind, event=event)
    return [{**doc, "version": versions.get(doc.get("key"))} for doc in docs]


def _versioned_changes(request: HttpRequest, body: object) -> tuple[object, int | None]:
    """The change without its `version` field, and the version the client expects."""
    if not isinstance(body, dict):
        return body, expected_version(request)
    changes = dict(body)
    return changes, expected_version(request, changes.pop("version", None))


def add_entity_routes(router: Router, kind: EntityKind, patch_schema: type[Schema]) -> None:
    name, noun, item_in = kind.name, kind.noun, kind.schema
    item_out = with_version(
        out_schema(item_in, f"{item_in.__name__.removesuffix('In')}Out"),
        f"{item_in.__name__.removesuffix('In')}Out",
    )
    patch_in = with_version(patch_schema, patch_schema.__name__)
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
        scope_event = event_by_key(event)
        docs = entity_list(kind, event=scope_event, filters=filters.model_dump())
        return _with_versions(kind, scope_event, docs)

    @router.post(
        base,
        response={201: item_out},
        tags=tags,
        exclude_none=True,
        summary=f"Add a {noun}",
        openapi_extra=json_body_of(item_in),
        operation_id=f"{name}_create_item",
    )
    def create_item(request: HttpRequest, response: HttpResponse, event: str):
        scope_event = event_by_key(event)
        row = entity_create(kind, event=scope_event, data=json_body(request))
        return Status(201, _doc(kind, scope_event, row.key, response))

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
    def read_item(request: HttpRequest, response: HttpResponse, event: str, key: str):
        """The body's `version` is also the ETag: send it back as If-Match when changing it."""
        return _doc(kind, event_by_key(event), key, response)

    @router.patch(
        f"{base}/{{key}}",
        response=item_out,
        tags=tags,
        exclude_none=True,
        summary=f"Change a {noun}",
        openapi_extra=json_body_of(patch_in),
        operation_id=f"{name}_update_item",
    )
    def update_item(request: HttpRequest, response: HttpResponse, event: str, key: str):
        """Send `If-Match: "<version>"` (or `version` in the body): a change made by someone
        else since you read the object is then a 412 instead of being silently overwritten."""
        scope_event = event_by_key(event)
        changes, expected = _versioned_changes(request, json_body(request))
        row = entity_update(kind, event=scope_event, key=key, changes=changes, expected=expected)
        return _doc(kind, scope_event, row.key, response)

    @router.delete(
        f"{base}/{{key}}",
        response={204: None},
        tags=tags,
        summary=f"Delete a {noun}",
        operation_id=f"{name}_delete_item",
    )
    def delete_item(request: HttpRequest, event: str, key: str):
        """Honours `If-Match: "<version>"` like a change does."""
        entity_delete(kind, event=event_by_key(event), key=key, expected=if_match(request))
        return Status(204, None)
