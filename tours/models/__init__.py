from tours.models.access import ApiToken, Role
from tours.models.bus import Bus
from tours.models.event import Event
from tours.models.facility import Facility, FacilityWindow
from tours.models.geocode import GeocodeResult
from tours.models.itinerary import (
    CalendarRole,
    FeedToken,
    InterpreterConfirmation,
    ItineraryItem,
    SentInvite,
)
from tours.models.job import FINISHED, JobStatus, SolveJob
from tours.models.pin import Pin, PinKind
from tours.models.place import CoordinatesSource, Place, PlaceKind
from tours.models.plan import Plan, PlanStatus, Publication

__all__ = [
    "FINISHED",
    "ApiToken",
    "Bus",
    "CalendarRole",
    "CoordinatesSource",
    "Event",
    "Facility",
    "FacilityWindow",
    "FeedToken",
    "GeocodeResult",
    "InterpreterConfirmation",
    "ItineraryItem",
    "JobStatus",
    "Pin",
    "PinKind",
    "Place",
    "PlaceKind",
    "Plan",
    "PlanStatus",
    "Publication",
    "Role",
    "SentInvite",
    "SolveJob",
]
