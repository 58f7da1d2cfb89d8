"""The planners' assignment report: every interpreter's bus, coverage and confirmation, and
what has gone wrong since publishing (today's data against the published plan's scenario)."""

from tours.models import InterpreterConfirmation
from tours.selectors.events import event_get
from tours.selectors.plans import publication_required
from tours.selectors.scenario import scenario_of


def _by_key(scenario: dict, section: str) -> dict[str, dict]:
    return {row["key"]: row for row in scenario.get(section, [])}


def interpreter_report(*, event_key: str) -> dict:
    event = event_get(key=event_key)
    publication = publication_required(
        event=event, purpose=": publish one to report on assignments"
    )
    current = scenario_of(event)
    published = publication.plan.scenario or current
    confirmed = dict(
        InterpreterConfirmation.objects.filter(publication=publication).values_list(
            "interpreter__key", "confirmed_at"
        )
    )
    buses = {
        i: bus for bus in publication.plan.document.get("buses", []) for i in bus["interpreters"]
    }
    keys = list(
        dict.fromkeys([*_by_key(published, "interpreters"), *_by_key(current, "interpreters")])
    )
    rows = [_row(key, buses.get(key), published, current, confirmed.get(key)) for key in keys]
    return {
        "event": event.key,
        "publication": publication.sequence,
        "published_at": publication.published_at,
        "interpreters": rows,
    }


def _row(key: str, bus: dict | None, published: dict, current: dict, confirmed_at) -> dict:
    then = _by_key(published, "interpreters").get(key)
    now = _by_key(current, "interpreters").get(key)
    me = now or then
    delegations = _by_key(current, "delegations")
    was = _by_key(published, "delegations")
    keys = (bus or {}).get("delegations", [])
    on_bus = [delegations.get(d) or was[d] for d in keys if d in delegations or d in was]
    needed = sorted({d["language"] for d in on_bus})
    missing = [lang for lang in needed if lang not in me.get("languages", [])]
    return {
        "key": key,
        "name": me["name"],
        "languages": me.get("languages", []),
        "bus": bus["bus"] if bus else None,
        "delegations": [
            {
                "key": d["key"],
                "city": d.get("city", ""),
                "language": d["language"],
                "size": d["size"],
            }
            for d in on_bus
        ],
        "covers": not missing,
        "missing_languages": missing,
        "confirmed": confirmed_at is not None,
        "confirmed_at": confirmed_at,
        "problems": _problems(key, bus, then, now, was, delegations),
    }


def _problems(key, bus, then, now, was, delegations) -> list[str]:
    """Simple checks of what changed since publishing that this assignment no longer meets."""
    if then is None:
        return []  # added since publishing: not assigned yet, nothing it was promised broke
    if now is None:
        return ["removed from the event since publishing"]
    if bus is None:
        return []
    problems = []
    start, end = bus["stops"][0]["start"], bus["stops"][-1]["end"]
    available = now.get("available") or ["00:00", "24:00"]
    if available[0] > start or available[1] < end:
        problems.append(
            f"available {available[0]}–{available[1]} no longer covers the bus's route "
            f"{start}–{end}"
        )
    for d in bus["delegations"]:
        if d not in delegations:
            problems.append(f"delegation {d!r} on the bus was removed since publishing")
            continue
        need = delegations[d]["language"]
        before = was.get(d, {}).get("language")
        newly = need in then.get("languages", []) or before != need
        if need not in now.get("languages", []) and newly:
            city = delegations[d].get("city") or d
            problems.append(f"{city} now needs {need!r}, which {now['name']} does not speak")
    return problems
