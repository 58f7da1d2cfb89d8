"""Routes: pins, a planner's decisions that every solve keeps as hard rules."""

from django.http import HttpRequest
from ninja import Router, Status

from delegations.api_routes import json_body, json_body_of
from delegations.timeofday import EventClock
from tours.schemas import PinIn, PinOut
from tours.selectors.events import event_get
from tours.selectors.pins import pin_list, pin_out
from tours.services.pins import pin_create, pin_delete


def add_pins_routes(router: Router) -> None:
    """Adds the pins routes to the tours router."""

    @router.get("/events/{event}/pins", response=list[PinOut], tags=["pins"], exclude_none=True)
    def list_pins(request: HttpRequest, event: str):
        return pin_list(event=event_get(key=event))

    @router.post(
        "/events/{event}/pins",
        response={201: PinOut},
        tags=["pins"],
        exclude_none=True,
        openapi_extra=json_body_of(PinIn),
        summary="Pin a delegation, an interpreter, a visit or a visit's start to a bus",
    )
    def create_pin(request: HttpRequest, event: str):
        """422 with paths for a malformed pin or unknown keys; 409 `pin_conflict` when the new
        pin cannot hold together with the event's pins (each conflict lists its pins and rule).
        The body is parsed here so that shape and reference problems come back together."""
        row = event_get(key=event)
        pin = pin_create(event=row, document=json_body(request))
        return Status(201, pin_out(pin, EventClock.of(row)))

    @router.delete("/events/{event}/pins/{pin_id}", response={204: None}, tags=["pins"])
    def delete_pin(request: HttpRequest, event: str, pin_id: int):
        pin_delete(event=event_get(key=event), pin_id=pin_id)
        return Status(204, None)
