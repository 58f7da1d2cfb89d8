"""Read scenario entities under an event, filtered the way planners look for them."""

from delegations.entities import EntityKind
from delegations.errors import Problem, ValidationFailed
from delegations.timeofday import EventClock

# Which list filters make sense for which entity list.
FILTERS = {
    "delegations": ("q", "language", "country", "theme", "facility", "wheelchair"),
    "interpreters": ("q", "language"),
    "places": ("q", "kind"),
    "facilities": ("q", "theme", "language", "wheelchair"),
    "buses": ("q", "wheelchair", "min_seats"),
}


def entity_list(kind: EntityKind, *, event, filters: dict) -> list[dict]:
    given = {name: value for name, value in filters.items() if value not in (None, "")}
    allowed = FILTERS.get(kind.name, ())
    wrong = [name for name in given if name not in allowed]
    if wrong:
        raise ValidationFailed(
            [
                Problem(name, f"not a filter for {kind.name} (use {', '.join(allowed)})")
                for name in wrong
            ],
            "the filters",
        )
    clock = EventClock.of(event)
    docs = [kind.doc(row, clock) for row in kind.queryset(event)]
    return [doc for doc in docs if all(_MATCH[name](doc, value) for name, value in given.items())]


def _text(doc: dict) -> str:
    parts = [str(v) for v in doc.values() if isinstance(v, str | int)]
    return " ".join(parts).casefold()


def _language(doc: dict, value: str) -> bool:
    spoken = [doc.get("language"), *doc.get("languages", []), *doc.get("guide_languages", [])]
    return value.casefold() in {s for s in spoken if s}


def _theme(doc: dict, value: str) -> bool:
    return value in doc.get("themes", []) or doc.get("theme_interests", {}).get(value, 0) > 0


def _facility(doc: dict, value: str) -> bool:
    return doc.get("interests", {}).get(value, 0) > 0 or value in doc.get("must_visit", [])


def _wheelchair(doc: dict, value: bool) -> bool:
    accessible = (
        doc.get("wheelchair", False)
        or doc.get("wheelchair_users", 0) > 0
        or doc.get("wheelchair_spaces", 0) > 0
    )
    return accessible == value


_MATCH = {
    "q": lambda doc, value: value.casefold() in _text(doc),
    "language": _language,
    "country": lambda doc, value: str(doc.get("country", "")).casefold() == value.casefold(),
    "theme": _theme,
    "facility": _facility,
    "kind": lambda doc, value: doc.get("kind") == value,
    "wheelchair": _wheelchair,
    "min_seats": lambda doc, value: doc.get("seats", 0) >= value,
}
