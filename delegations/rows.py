"""Scenario objects <-> database rows for delegations, members and interpreters.

Both directions sit side by side so that a field added to one is seen missing from the other.
"""

from delegations.models import Delegation, DelegationInterest, Interpreter, Member
from delegations.schemas import DelegationIn, InterpreterIn, MemberIn
from delegations.timeofday import EventClock


def interpreter_values(i: InterpreterIn, clock: EventClock) -> dict:
    start, end = i.available or (None, None)
    return {
        "key": i.key,
        "name": i.name,
        "email": i.email or "",
        "phone": i.phone or "",
        "languages": list(i.languages),
        "available_from": clock.at(start),
        "available_until": clock.at(end),
    }


def interpreter_doc(i: Interpreter, clock: EventClock) -> dict:
    return {
        "key": i.key,
        "name": i.name,
        "email": i.email or None,
        "phone": i.phone or None,
        "languages": list(i.languages),
        "available": clock.span(i.available_from, i.available_until),
    }


def member_values(m: MemberIn) -> dict:
    return {
        field: getattr(m, field) or ""
        for field in ("name", "role", "email", "language", "dietary", "mobility")
    }


def member_doc(m: Member) -> dict:
    return {
        field: getattr(m, field) or None
        for field in ("name", "role", "email", "language", "dietary", "mobility")
    }


def delegation_values(d: DelegationIn, clock: EventClock, places: dict) -> dict:
    """Column values; `places` maps place keys to rows (references already checked)."""
    return {
        "key": d.key,
        "city": d.city,
        "country": d.country,
        "organisation": d.organisation or "",
        "language": d.language,
        "size": d.size,
        "wheelchair_users": d.wheelchair_users,
        "priority": d.priority,
        "pickup": places[d.pickup],
        "earliest_pickup": clock.at(d.earliest_pickup),
        "dropoff": places[d.dropoff],
        "latest_dropoff": clock.at(d.latest_dropoff),
        "theme_interests": dict(d.theme_interests),
    }


def delegation_links(d: DelegationIn, row: Delegation, facilities: dict, delegations: dict):
    """Rows of the delegation's relations: interests, must_visit, avoid, together_with, members."""
    interests = [
        DelegationInterest(delegation=row, facility=facilities[key], value=value)
        for key, value in d.interests.items()
    ]
    members = [
        Member(delegation=row, position=n, **member_values(m)) for n, m in enumerate(d.members)
    ]
    must = Delegation.must_visit.through
    avoid = Delegation.avoid.through
    together = Delegation.together_with.through
    return {
        "interests": interests,
        "members": members,
        "must_visit": [must(delegation=row, facility=facilities[k]) for k in d.must_visit],
        "avoid": [avoid(delegation=row, facility=facilities[k]) for k in d.avoid],
        "together_with": [
            together(from_delegation=row, to_delegation=delegations[k]) for k in d.together_with
        ],
    }


def delegation_doc(d: Delegation, clock: EventClock) -> dict:
    """Expects interests, members and the three key lists prefetched (see the selectors)."""
    return {
        "key": d.key,
        "city": d.city,
        "country": d.country,
        "organisation": d.organisation or None,
        "language": d.language,
        "size": d.size,
        "wheelchair_users": d.wheelchair_users,
        "priority": d.priority,
        "pickup": d.pickup.key,
        "earliest_pickup": clock.hhmm(d.earliest_pickup),
        "dropoff": d.dropoff.key,
        "latest_dropoff": clock.hhmm(d.latest_dropoff),
        "interests": {i.facility.key: i.value for i in d.interests.all()},
        "theme_interests": dict(d.theme_interests),
        "must_visit": sorted(f.key for f in d.must_visit.all()),
        "avoid": sorted(f.key for f in d.avoid.all()),
        "together_with": sorted(o.key for o in d.together_with.all()),
        "members": [member_doc(m) for m in d.members.all()],
    }


DELEGATION_PREFETCH = (
    "interests__facility",
    "members",
    "must_visit",
    "avoid",
    "together_with",
)
