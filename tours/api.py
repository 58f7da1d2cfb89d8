"""Routes for tour days: events, whole-scenario import/export, places, facilities, buses."""

from functools import partial

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from delegations.api_routes import (
    add_entity_routes,
    etag,
    expected_version,
    if_match,
    json_body,
    json_body_of,
    with_version,
)
from delegations.schema_types import out_schema
from delegations.services.entities import versioned_write
from tours.kinds import BUSES, FACILITIES, PLACES
from tours.models import Event
from tours.routes.explain import add_explain_routes
from tours.routes.feeds import add_feeds_routes
from tours.routes.pins import add_pins_routes
from tours.routes.plans import add_plans_routes
from tours.routes.solves import add_solves_routes
from tours.schemas import (
    BusPatch,
    EventSettingsIn,
    EventSettingsPatch,
    FacilityPatch,
    LunchNullKept,
    PlacePatch,
    ScenarioIn,
)
from tours.selectors.events import event_get, event_list
from tours.selectors.scenario import scenario_export
from tours.services.events import event_create, event_delete, event_settings_doc, event_update
from tours.services.scenario import scenario_import

router = Router()
EventOut = with_version(out_schema(EventSettingsIn, "EventOut", LunchNullKept), "EventOut")
EventPatch = with_version(EventSettingsPatch, "EventSettingsPatch")
ScenarioOut = out_schema(ScenarioIn, "ScenarioOut")


def _event_out(event: Event, response: HttpResponse | None = None) -> dict:
    """The settings (as in the scenario) plus the row's version, also sent as the ETag."""
    if response is not None:
        etag(response, event.version)
    return {**event_settings_doc(event), "version": event.version}


@router.get("/events", response=list[EventOut], tags=["events"], exclude_none=True)
@paginate(LimitOffsetPagination)
def list_events(request: HttpRequest):
    return [_event_out(e) for e in event_list()]


@router.post("/events", response={201: EventOut}, tags=["events"], exclude_none=True)
def create_event(request: HttpRequest, response: HttpResponse, payload: EventSettingsIn):
    return Status(201, _event_out(event_create(data=payload), response))


@router.post(
    "/events/import",
    response={201: EventOut},
    tags=["events"],
    exclude_none=True,
    openapi_extra=json_body_of(ScenarioIn),
)
def import_scenario(request: HttpRequest, replace: bool = False):
    """Create a whole tour day from a kengaku.scenario/1 document in one transaction.

    An existing event with the same key is replaced only with `?replace=true`, else 409.
    The body is parsed here rather than by the framework so that shape errors and dangling
    references come back together in one report.
    """
    document = json_body(request)
    return Status(201, event_settings_doc(scenario_import(document=document, replace=replace)))


@router.get("/events/{event}", response=EventOut, tags=["events"], exclude_none=True)
def read_event(request: HttpRequest, response: HttpResponse, event: str):
    """The body's `version` is also the ETag: send it back as If-Match when changing the event."""
    return _event_out(event_get(key=event), response)


@router.patch("/events/{event}", response=EventOut, tags=["events"], exclude_none=True)
def update_event(request: HttpRequest, response: HttpResponse, event: str, payload: EventPatch):
    """Send `If-Match: "<version>"` (or `version` in the body) so that a change someone else
    made since you read the event is a 412 rather than silently overwritten."""
    changes = payload.model_dump(exclude_unset=True)
    expected = expected_version(request, changes.pop("version", None))
    updated = versioned_write(
        Event,
        lookup={"key": event},
        expected=expected,
        what=f"event {event!r}",
        write=partial(event_update, key=event, changes=changes),
    )
    return _event_out(updated, response)


@router.delete("/events/{event}", response={204: None}, tags=["events"])
def delete_event(request: HttpRequest, event: str):
    """Honours `If-Match: "<version>"` like a change does."""
    versioned_write(
        Event,
        lookup={"key": event},
        expected=if_match(request),
        what=f"event {event!r}",
        write=partial(event_delete, key=event),
    )
    return Status(204, None)


@router.get("/events/{event}/scenario", response=ScenarioOut, tags=["events"], exclude_none=True)
def export_scenario(request: HttpRequest, event: str):
    return scenario_export(event_key=event)


add_entity_routes(router, PLACES, PlacePatch)
add_entity_routes(router, FACILITIES, FacilityPatch)
add_entity_routes(router, BUSES, BusPatch)
add_solves_routes(router)
add_plans_routes(router)
add_pins_routes(router)
add_explain_routes(router)
add_feeds_routes(router)
