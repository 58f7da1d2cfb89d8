"""Rule "pins": a hand-broken plan per pin kind is caught; the valid plan keeps every pin."""

import pytest

from tests.planning.tiny import judge, rules, scenario, valid_plan

KEPT = [
    {"kind": "delegation_bus", "bus": "bus-1", "delegation": "d-bkk"},
    {"kind": "delegation_bus", "bus": "bus-2", "delegation": "d-hn"},
    {"kind": "interpreter_bus", "bus": "bus-2", "interpreter": "int-2"},
    {"kind": "visit_bus", "bus": "bus-1", "facility": "fac-z"},
    {"kind": "visit_time", "bus": "bus-2", "facility": "fac-y", "start": "09:40"},
]


def _pinned(*pins: dict) -> dict:
    document = scenario()
    document["pins"] = list(pins)
    return document


def test_a_plan_keeping_every_pin_passes():
    result = judge(_pinned(*KEPT), valid_plan())
    assert result.ok, result.violations


@pytest.mark.parametrize(
    ("pin", "words"),
    [
        ({"kind": "delegation_bus", "bus": "bus-2", "delegation": "d-bkk"}, "rides bus 'bus-1'"),
        ({"kind": "interpreter_bus", "bus": "bus-1", "interpreter": "int-2"}, "rides bus 'bus-2'"),
        ({"kind": "visit_bus", "bus": "bus-2", "facility": "fac-z"}, "but does not"),
        (
            {"kind": "visit_time", "bus": "bus-1", "facility": "fac-x", "start": "09:45"},
            "starts it at 09:30",
        ),
        (
            {"kind": "visit_time", "bus": "bus-2", "facility": "fac-z", "start": "10:00"},
            "but does not",
        ),
    ],
    ids=["delegation", "interpreter", "visit", "visit-time", "visit-time-no-visit"],
)
def test_a_plan_breaking_a_pin_is_caught(pin, words):
    result = judge(_pinned(*KEPT, pin), valid_plan())
    assert rules(result) == {"pins"}, result.violations
    (found,) = result.violations
    assert found.where == f"pins[{len(KEPT)}]"
    assert words in found.message


def test_an_unassigned_pinned_delegation_breaks_its_pin():
    plan = valid_plan()
    plan["buses"] = plan["buses"][:1]
    plan["unassigned"] = [{"delegation": "d-hn", "reason": "rule 8: no interpreter"}]
    result = judge(_pinned(*KEPT), plan)
    pins = [v for v in result.violations if v.rule == "pins"]
    assert [v.where for v in pins] == ["pins[1]", "pins[2]", "pins[4]"]
    assert "is unassigned" in pins[0].message
    assert "rides no bus" in pins[1].message


def test_pin_violations_come_after_the_numbered_rules():
    plan = valid_plan()
    plan["buses"][0]["load"] = 99  # rule 0 or 2: a wrong load
    result = judge(_pinned({"kind": "visit_bus", "bus": "bus-2", "facility": "fac-z"}), plan)
    assert result.violations[-1].rule == "pins"
    assert len(rules(result)) >= 2
