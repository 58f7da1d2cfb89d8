"""The place, facility and bus entity kinds (see delegations.entities)."""

from django.db.models import Prefetch, Q

from delegations.entities import EntityKind
from delegations.errors import Problem
from delegations.models import Delegation
from delegations.scope import EventScope
from tours.geocoding import geocode_missing
from tours.models import Bus, Event, Facility, FacilityWindow, Place
from tours.scenario.rows import (
    bus_doc,
    bus_values,
    facility_doc,
    facility_values,
    facility_windows,
    place_doc,
    place_values,
)
from tours.schemas import BusIn, FacilityIn, PlaceIn


def _place_blockers(row: Place) -> list[str]:
    users = Delegation.objects.filter(Q(pickup=row) | Q(dropoff=row))
    keys = sorted(set(users.values_list("key", flat=True)))
    return [f"pickup or drop-off of delegation {key!r}" for key in keys]


def _facility_blockers(row: Facility) -> list[str]:
    keys = sorted(row.must_visit_by.values_list("key", flat=True))
    return [f"must_visit of delegation {key!r}" for key in keys]


def _facility_write_windows(item: FacilityIn, row: Facility, scope: EventScope) -> None:
    FacilityWindow.objects.filter(facility=row).delete()
    FacilityWindow.objects.bulk_create(facility_windows(item, row, scope.clock))


def _stop_references(other: str, noun: str):
    """Places and facilities are both stops: one key each, with travel times if a matrix is used."""

    def check(item: dict, scope: EventScope, new_keys: set[str]) -> list[Problem]:
        key = item.get("key")
        if not isinstance(key, str):
            return []
        problems = []
        if key in getattr(scope, other):
            problems.append(
                Problem("key", f"key {key!r} is already a {noun}'s key: stops need one name")
            )
        matrix = scope.event.travel_matrix
        known = set(matrix["keys"]) if matrix else set()
        if matrix and key not in known and scope.renamed.get(key) not in known:
            problems.append(
                Problem(
                    "key",
                    f"the event's travel matrix has no times for {key!r}: add them to the "
                    "event's travel.matrix first",
                )
            )
        return problems

    return check


def _rename_in_matrix(scope: EventScope, old: str, new: str) -> None:
    event = Event.objects.select_for_update().get(pk=scope.event.pk)
    matrix = event.travel_matrix
    if matrix and old in matrix["keys"]:
        matrix["keys"] = [new if k == old else k for k in matrix["keys"]]
        event.save(update_fields=["travel_matrix", "updated_at"])


LOCATED_FIRST = ("key", "name", "name_ja", "lat", "lon", "address", "coordinates_source")


def _columns(schema) -> tuple[str, ...]:
    """CSV columns with key and name first (the schema lists the inherited location first)."""
    rest = [f for f in schema.model_fields if f not in LOCATED_FIRST]
    return (*LOCATED_FIRST, *rest)


PLACES = EntityKind(
    name="places",
    noun="place",
    model=Place,
    schema=PlaceIn,
    values=lambda item, scope: place_values(item),
    doc=lambda row, clock: place_doc(row),
    queryset=lambda event: Place.objects.filter(event=event),
    blockers=_place_blockers,
    references=_stop_references("facilities", "facility"),
    renamed=_rename_in_matrix,
    prepare=geocode_missing,
    csv_columns=_columns(PlaceIn),
)

FACILITIES = EntityKind(
    name="facilities",
    noun="facility",
    model=Facility,
    schema=FacilityIn,
    values=lambda item, scope: facility_values(item),
    doc=facility_doc,
    queryset=lambda event: Facility.objects.filter(event=event).prefetch_related(
        Prefetch("windows")
    ),
    links=_facility_write_windows,
    blockers=_facility_blockers,
    references=_stop_references("places", "place"),
    renamed=_rename_in_matrix,
    prepare=geocode_missing,
    csv_columns=_columns(FacilityIn),
)

BUSES = EntityKind(
    name="buses",
    noun="bus",
    model=Bus,
    schema=BusIn,
    values=lambda item, scope: bus_values(item, scope.clock),
    doc=bus_doc,
    queryset=lambda event: Bus.objects.filter(event=event),
)
