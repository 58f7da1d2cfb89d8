from tours.models.access import ApiToken, Role
from tours.models.bus import Bus
from tours.models.event import Event
from tours.models.facility import Facility, FacilityWindow
from tours.models.geocode import GeocodeResult
from tours.models.itinerary import ItineraryItem
from tours.models.job import FINISHED, JobStatus, SolveJob
from tours.models.pin import Pin, PinKind
from tours.models.place import CoordinatesSource, Place, PlaceKind
from tours.models.plan import Plan, PlanStatus, Publication

__all__ = [
    "FINISHED",
    "ApiToken",
    "Bus",
    "CoordinatesSource",
    "Event",
    "Facility",
    "FacilityWindow",
    "GeocodeResult",
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
    "SolveJob",
]
