from tours.models.access import ApiToken, Role
from tours.models.bus import Bus
from tours.models.event import Event
from tours.models.facility import Facility, FacilityWindow
from tours.models.geocode import GeocodeResult
from tours.models.place import CoordinatesSource, Place, PlaceKind
from tours.models.plan import Plan, PlanStatus

__all__ = [
    "ApiToken",
    "Bus",
    "CoordinatesSource",
    "Event",
    "Facility",
    "FacilityWindow",
    "GeocodeResult",
    "Place",
    "PlaceKind",
    "Plan",
    "PlanStatus",
    "Role",
]
