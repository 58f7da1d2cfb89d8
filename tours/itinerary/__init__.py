"""Persisted plan -> iCalendar: the items of a plan under stable keys, and their rendering."""

from tours.itinerary.items import ROLES, Item, key_owner, plan_items
from tours.itinerary.people import member_delegation, member_keys
from tours.itinerary.render import LABELS, Identity, calendar_objects, calendars, person_name

__all__ = [
    "LABELS",
    "ROLES",
    "Identity",
    "Item",
    "calendar_objects",
    "calendars",
    "key_owner",
    "member_delegation",
    "member_keys",
    "person_name",
    "plan_items",
]
