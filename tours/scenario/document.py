"""Parse a kengaku.scenario/1 document, check it whole, and give its canonical form.

`scenario_parse` reports every problem at once, each with its path; `canonical` is the form
export returns and hashing uses, so import(export(x)) == x holds for canonical documents.
"""

import hashlib
import json

from pydantic import ValidationError

from delegations.errors import Problem, ValidationFailed, pydantic_problems
from tours.scenario.pins import pin_sort_key
from tours.scenario.references import reference_problems
from tours.schemas import ScenarioIn

SET_LIKE = ("must_visit", "avoid", "together_with")


def scenario_parse(document: object) -> ScenarioIn:
    if not isinstance(document, dict):
        raise ValidationFailed(
            [Problem("", "a scenario is a JSON object with format, event, places, ...")],
            "the scenario",
        )
    problems: list[Problem] = []
    scenario = None
    try:
        scenario = ScenarioIn.model_validate(document)
    except ValidationError as exc:
        problems += pydantic_problems(exc.errors())
    problems += reference_problems(document)
    if problems or scenario is None:
        raise ValidationFailed(problems, "the scenario")
    return scenario


def canonical(scenario: ScenarioIn) -> dict:
    """Every default explicit, absent optionals left out (but `event.lunch: null` kept),
    set-like key lists sorted."""
    return canonical_dict(scenario.model_dump(mode="json"))


def canonical_dict(document: dict) -> dict:
    no_lunch = "lunch" in document.get("event", {}) and document["event"]["lunch"] is None
    document = _drop_none(document)
    if no_lunch:  # a day without lunch says so: `lunch: null` is a value, not a field left out
        document["event"]["lunch"] = None
    for delegation in document.get("delegations", []):
        for field in SET_LIKE:
            delegation[field] = sorted(delegation.get(field, []))
    pins = document.pop("pins", None)
    if pins:
        document["pins"] = sorted(pins, key=pin_sort_key)
    return document


def _drop_none(value):
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    if isinstance(value, tuple):
        return [_drop_none(v) for v in value]
    return value


def canonical_json(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def scenario_sha256(document: dict) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()
