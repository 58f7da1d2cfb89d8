"""Read side of personal feeds: the links planners manage, and what one token opens.

A token opens exactly one (event, role, person): every read here starts from the token's row,
so a token can never name someone else's data. Unknown and revoked tokens are NotFound alike.
"""

import hashlib

from delegations.errors import NotFound
from tours.itinerary import LABELS, member_delegation, person_name, plan_items
from tours.models import FeedToken, InterpreterConfirmation, Publication
from tours.selectors.events import event_get
from tours.selectors.itineraries import itinerary_calendars
from tours.selectors.plans import publication_in_force
from tours.selectors.scenario import scenario_of

MAX_TOKEN_LENGTH = 100


def feed_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def feed_links(*, event_key: str) -> list[dict]:
    """Every link of the event, active and revoked; never the hash."""
    event = event_get(key=event_key)
    rows = FeedToken.objects.filter(event=event).order_by("role", "person", "-created_at")
    return list(rows.values("id", "role", "person", "prefix", "created_at", "revoked_at"))


def feed_for_token(raw: str) -> FeedToken:
    """The active token row (with its event), or NotFound for unknown and revoked tokens."""
    token = None
    if raw and len(raw) <= MAX_TOKEN_LENGTH:
        rows = FeedToken.objects.select_related("event")
        token = rows.filter(token_hash=feed_digest(raw), revoked_at__isnull=True).first()
    if token is None:
        raise NotFound("no such feed")
    return token


def _published(token: FeedToken) -> tuple[Publication, dict]:
    publication = publication_in_force(event=token.event)
    if publication is None:
        raise NotFound("no such feed")
    return publication, publication.plan.scenario or scenario_of(token.event)


def feed_calendar(*, token: FeedToken) -> bytes:
    """The .ics of the token's owner (and nobody else) in the publication in force."""
    files = itinerary_calendars(event_key=token.event.key, only=(token.role, token.person))
    if (token.role, token.person) not in files:
        raise NotFound("no such feed")
    return files[(token.role, token.person)]


def _owner(role: str, person: str) -> tuple[str, str]:
    """Whose items a calendar shows: a member sees their delegation's, the master all buses'."""
    if role == "member":
        return "delegation", member_delegation(person)
    if role == "master":
        return "bus", ""
    return role, person


def feed_day(*, token: FeedToken) -> dict:
    """What the day page shows: the person's stops and, for an interpreter, their bus."""
    publication, scenario = _published(token)
    role, owner = _owner(token.role, token.person)
    places = {r["key"]: r for r in [*scenario.get("places", []), *scenario.get("facilities", [])]}
    buses = {r["key"]: r for r in scenario.get("buses", [])}
    stops = [
        {
            "start": item.start,
            "end": item.end,
            "kind": LABELS.get(item.kind, item.kind),
            "place": places.get(item.at, {}).get("name", item.at),
            "address": places.get(item.at, {}).get("address", ""),
            "bus": buses.get(item.bus, {}).get("name") or item.bus,
        }
        for item in plan_items(publication.plan.document)
        if item.role == role and (owner == "" or item.owner == owner)
    ]
    day = {
        "event": scenario["event"],
        "title": person_name(scenario, token.role, token.person),
        "role": token.role,
        "stops": sorted(stops, key=lambda s: (s["start"], s["bus"])),
        "interpreter": None,
    }
    if token.role == "interpreter":
        day["interpreter"] = _interpreter_day(token, publication, scenario)
    return day


def _interpreter_day(token: FeedToken, publication: Publication, scenario: dict) -> dict:
    people = {r["key"]: r for r in scenario.get("interpreters", [])}
    delegations = {r["key"]: r for r in scenario.get("delegations", [])}
    me = people.get(token.person, {"key": token.person, "name": token.person})
    bus = next(
        (
            b
            for b in publication.plan.document.get("buses", [])
            if token.person in b["interpreters"]
        ),
        {"bus": "", "interpreters": [], "delegations": []},
    )
    confirmation = InterpreterConfirmation.objects.filter(
        publication=publication, interpreter__event=token.event, interpreter__key=token.person
    ).first()
    return {
        "name": me["name"],
        "languages": me.get("languages", []),
        "bus": next((b.get("name") for b in scenario["buses"] if b["key"] == bus["bus"]), "")
        or bus["bus"],
        "delegations": [
            {
                "city": delegations.get(d, {}).get("city") or d,
                "language": delegations.get(d, {}).get("language", ""),
                "size": delegations.get(d, {}).get("size", 0),
            }
            for d in bus["delegations"]
        ],
        "colleagues": [
            people.get(i, {"name": i})["name"] for i in bus["interpreters"] if i != me["key"]
        ],
        "confirmed_at": confirmation.confirmed_at if confirmation else None,
    }
