"""Add and remove pins: a planner's decisions that every solve keeps as hard rules.

A new pin is checked in three steps, each reporting everything it finds: its shape (the
scenario's `pins` form), its references (keys of this event's buses, delegations, interpreters
and facilities), then, through the planning core's pre-check, whether it can hold together with
the pins already there. Nothing is written unless all three pass.
"""

from django.db import transaction
from pydantic import ValidationError

from delegations.errors import Conflict, Problem, ValidationFailed, pydantic_problems
from delegations.models import Delegation, Interpreter
from delegations.timeofday import EventClock
from tours import adapters
from tours.models import Bus, Event, Facility, Pin
from tours.scenario.pins import pin_identity
from tours.scenario.references import pin_reference_problems
from tours.scenario.rows import pin_description, pin_values
from tours.schemas import PinIn
from tours.selectors.pins import pin_get, pin_ids

ROWS = {"bus": Bus, "delegation": Delegation, "interpreter": Interpreter, "facility": Facility}


class PinConflict(Conflict):
    """Pins that cannot all hold; `details` lists each conflict with its pins and rule."""

    code = "pin_conflict"


@transaction.atomic
def pin_create(*, event: Event, document: object) -> Pin:
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one pin change at a time
    pin = _parse(event, document)
    doc = pin.model_dump(exclude_none=True)
    existing = pin_ids(event=event).get(pin_identity(doc))
    if existing is not None:
        raise Conflict(
            f"this pin exists already (pin {existing}): {pin_description(doc)}",
            [{"path": "", "message": f"the same as pin {existing}", "id": existing}],
        )
    pins_ensure_compatible(event=event, extra_pin_doc=doc)
    rows = {
        field: {key: model.objects.get(event=event, key=key)}
        for field, model in ROWS.items()
        if (key := getattr(pin, field)) is not None
    }
    return Pin.objects.create(event=event, **pin_values(pin, EventClock.of(event), rows))


def _parse(event: Event, document: object) -> PinIn:
    if not isinstance(document, dict):
        raise ValidationFailed([Problem("", "a pin is a JSON object with kind and bus")], "the pin")
    problems, pin = [], None
    try:
        pin = PinIn.model_validate(document)
    except ValidationError as exc:
        problems += pydantic_problems(exc.errors())
    known = {
        field: set(model.objects.filter(event=event).values_list("key", flat=True))
        for field, model in ROWS.items()
    }
    problems += pin_reference_problems([document], "", known)
    if problems or pin is None:
        raise ValidationFailed(problems, "the pin")
    return pin


def pins_ensure_compatible(*, event: Event, extra_pin_doc: dict | None = None) -> None:
    """Raise PinConflict when the event's pins (and `extra_pin_doc`, if given) cannot all hold.

    Called before a pin is added and before a solve starts, so a planner hears which pins
    clash and why instead of getting an infeasible solve.
    """
    conflicts = adapters.pin_conflicts_for(event, extra_pin_doc)
    if conflicts:
        raise PinConflict(_summary(conflicts), conflicts)


def _summary(conflicts: list[dict]) -> str:
    first = conflicts[0]
    more = f" (and {len(conflicts) - 1} more conflicts)" if len(conflicts) > 1 else ""
    return f"pins that cannot all hold: {first['rule']}: {first['message']}{more}"


@transaction.atomic
def pin_delete(*, event: Event, pin_id: int) -> None:
    pin_get(event=event, pin_id=pin_id).delete()
