"""The pins pre-check: one test per kind of conflict, on the tiny scenario (tests/planning/tiny.py).

bus-1: 20 seats, 1 wheelchair space; bus-2: 15 seats, none, 08:00-17:30. d-bkk (8, a wheelchair
user, th) rides with d-kl (6, en, avoids fac-y); d-hn (10, vi) must visit fac-y. fac-y is not
wheelchair accessible; fac-x takes one bus at once; fac-z one visit a day. int-2 is the only
interpreter who speaks vi. Two visits per bus at most.
"""

import pytest

from tests.planning.tiny import scenario
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.errors import ScenarioError
from tours.planning.replan.pin_conflicts import describe, pin_conflicts


def on(bus: str, delegation: str) -> dict:
    return {"kind": "delegation_bus", "bus": bus, "delegation": delegation}


def crew(bus: str, interpreter: str) -> dict:
    return {"kind": "interpreter_bus", "bus": bus, "interpreter": interpreter}


def visit(bus: str, facility: str, start: str | None = None) -> dict:
    if start is None:
        return {"kind": "visit_bus", "bus": bus, "facility": facility}
    return {"kind": "visit_time", "bus": bus, "facility": facility, "start": start}


def conflicts(*pins: dict, edit=None) -> list:
    document = scenario()
    document["pins"] = list(pins)
    if edit is not None:
        edit(document)
    return pin_conflicts(problem_from_scenario(document))


def only(found: list, rule: str):
    """The one conflict under `rule`, after checking there is nothing else."""
    assert [c.rule for c in found] == [rule], found
    return found[0]


def _named(document: dict, kind: str, key: str) -> dict:
    return next(item for item in document[kind] if item["key"] == key)


def test_pins_that_can_all_hold_give_no_conflict():
    pins = [on("bus-1", "d-bkk"), on("bus-2", "d-hn"), crew("bus-2", "int-2")]
    pins += [visit("bus-1", "fac-z"), visit("bus-2", "fac-y", "09:40")]
    assert conflicts(*pins) == []


def test_a_delegation_pinned_to_two_buses():
    found = only(
        conflicts(on("bus-1", "d-hn"), on("bus-2", "d-hn")), "rule 1: one bus per delegation"
    )
    assert found.pins == (0, 1)
    assert "d-hn is pinned to bus-1, bus-2" in found.message


def test_an_interpreter_pinned_to_two_buses():
    found = only(
        conflicts(crew("bus-1", "int-1"), crew("bus-2", "int-1")), "rule 8: one bus per interpreter"
    )
    assert found.pins == (0, 1)


def test_together_with_delegations_pinned_apart():
    found = conflicts(on("bus-1", "d-bkk"), on("bus-2", "d-kl"))
    assert [c.rule for c in found] == ["rule 1: together_with", "rule 2: wheelchair spaces"]
    assert found[0].pins == (0, 1)
    assert "d-bkk on bus-1; d-kl on bus-2" in found[0].message
    # d-kl's pin takes d-bkk (and its wheelchair user) onto bus-2 as well
    assert "d-bkk (riding with d-kl)" in found[1].message


def test_pinned_riders_beyond_the_seats():
    # d-bkk brings d-kl (together_with): 8 + 6 + 10 + 1 staff seat on a 20-seat bus
    found = only(conflicts(on("bus-1", "d-bkk"), on("bus-1", "d-hn")), "rule 2: seats")
    assert found.pins == (0, 1)
    assert "20 seats" in found.message and "25 people" in found.message


def test_pinned_interpreters_take_seats_too():
    pins = [on("bus-2", "d-hn"), crew("bus-2", "int-1"), crew("bus-2", "int-2")]
    edit = lambda doc: _named(doc, "buses", "bus-2").update(seats=12)  # noqa: E731
    assert only(conflicts(*pins, edit=edit), "rule 2: seats").pins == (0, 1, 2)


def test_pinned_wheelchair_users_beyond_the_spaces():
    found = only(conflicts(on("bus-2", "d-bkk")), "rule 2: wheelchair spaces")
    assert found.pins == (0,)


def test_a_wheelchair_user_on_a_bus_pinned_to_an_inaccessible_facility():
    found = conflicts(on("bus-1", "d-bkk"), visit("bus-1", "fac-y"))
    access = [c for c in found if c.rule == "rule 6: wheelchair access"]
    assert [c.pins for c in access] == [(0, 1)]
    assert "d-bkk brings wheelchair users" in access[0].message


def test_a_delegation_that_avoids_the_facility_its_bus_is_pinned_to():
    found = conflicts(on("bus-2", "d-hn"), visit("bus-2", "fac-z"), edit=_hanoi_avoids_z)
    assert only(found, "rule 9: avoid").pins == (0, 1)


def _hanoi_avoids_z(document):
    _named(document, "delegations", "d-hn")["avoid"] = ["fac-z"]


def test_a_partner_pinned_by_together_with_is_named_as_such():
    found = conflicts(on("bus-1", "d-bkk"), visit("bus-1", "fac-y"))
    avoid = next(c for c in found if c.rule == "rule 9: avoid")
    assert "d-kl (riding with d-bkk) avoids fac-y" in avoid.message


def test_more_pinned_visits_than_a_bus_makes():
    pins = [visit("bus-2", "fac-x"), visit("bus-2", "fac-y", "09:00"), visit("bus-2", "fac-z")]
    assert only(conflicts(*pins), "rule 3: visits per bus").pins == (0, 1, 2)


def test_a_must_visit_crowded_out_by_pinned_visits():
    pins = [on("bus-2", "d-hn"), visit("bus-2", "fac-x"), visit("bus-2", "fac-z")]
    found = only(conflicts(*pins), "rule 9: must_visit")
    assert found.pins == (0, 1, 2)
    assert "d-hn must visit fac-y" in found.message


def test_a_pinned_visit_outside_the_facility_windows():
    found = only(conflicts(visit("bus-1", "fac-x", "11:30")), "rule 5: facility windows")
    assert "11:30-12:30" in found.message and "09:00-12:00, 13:00-17:00" in found.message


def test_a_pinned_visit_outside_the_bus_hours():
    edit = lambda doc: _named(doc, "buses", "bus-2").update(available=["08:00", "13:30"])  # noqa: E731
    found = only(
        conflicts(visit("bus-2", "fac-x", "13:00"), edit=edit), "rule 3: bus and day hours"
    )
    assert "bus-2 is available (08:00-13:30)" in found.message


def test_two_pinned_visits_of_one_bus_that_overlap_or_leave_no_time_to_drive():
    found = only(
        conflicts(visit("bus-1", "fac-x", "09:00"), visit("bus-1", "fac-z", "10:10")),
        "rule 4: one stop at a time",
    )
    assert found.pins == (0, 1)
    assert "before 10:25 (25 min drive)" in found.message
    assert conflicts(visit("bus-1", "fac-x", "09:00"), visit("bus-1", "fac-z", "10:25")) == []


def test_pinned_visits_beyond_a_facility_buses_at_once():
    pins = [visit("bus-1", "fac-x", "13:00"), visit("bus-2", "fac-x", "13:30")]
    assert only(conflicts(*pins), "rule 5: buses at once").pins == (0, 1)
    pins = [visit("bus-1", "fac-y", "13:00"), visit("bus-2", "fac-y", "13:30")]
    assert conflicts(*pins) == []  # fac-y takes two buses at once


def test_pinned_visits_beyond_a_facility_visits_a_day():
    pins = [visit("bus-1", "fac-z", "10:00"), visit("bus-2", "fac-z", "14:00")]
    assert only(conflicts(*pins), "rule 5: visits per facility").pins == (0, 1)


def test_a_language_only_interpreters_pinned_elsewhere_speak():
    found = only(conflicts(on("bus-1", "d-hn"), crew("bus-2", "int-2")), "rule 8: interpreters")
    assert found.pins == (0, 1)
    assert "d-hn speaks vi" in found.message


def test_a_pinned_interpreter_not_working_at_a_pinned_visit():
    edit = lambda doc: _named(doc, "interpreters", "int-2").update(available=["08:00", "12:00"])  # noqa: E731
    pins = [crew("bus-2", "int-2"), visit("bus-2", "fac-y", "13:00")]
    found = only(conflicts(*pins, edit=edit), "rule 8: interpreter hours")
    assert found.pins == (0, 1)


def test_a_pinned_visit_before_a_pinned_delegation_can_arrive():
    # d-hn: picked up at hotel-b from 09:00, 10 min boarding, 30 min to fac-y
    found = only(
        conflicts(on("bus-2", "d-hn"), visit("bus-2", "fac-y", "09:30")), "rule 3: pickup time"
    )
    assert "before 09:40" in found.message


def test_a_pinned_visit_too_late_to_drop_a_pinned_delegation_in_time():
    # d-hn must be back at hotel-b by 17:00: 15:30 + 90 + 30 + 10 = 17:40
    found = only(
        conflicts(on("bus-2", "d-hn"), visit("bus-2", "fac-y", "15:30")), "rule 3: drop-off time"
    )
    assert "17:40 at the earliest" in found.message


def test_describe_says_each_pin_in_words():
    document = scenario()
    document["pins"] = [on("bus-1", "d-bkk"), crew("bus-2", "int-2"), visit("bus-1", "fac-z")]
    document["pins"].append(visit("bus-2", "fac-y", "09:40"))
    problem = problem_from_scenario(document)
    assert [describe(p) for p in problem.pins] == [
        "d-bkk rides bus-1",
        "interpreter int-2 rides bus-2",
        "bus-1 visits fac-z",
        "bus-2 visits fac-y at 09:40",
    ]
    assert problem.pins[3].start == 9 * 60 + 40


@pytest.mark.parametrize(
    ("pin", "path", "words"),
    [
        (on("bus-9", "d-hn"), "pins[0].bus", "unknown bus 'bus-9'"),
        (on("bus-1", "d-xx"), "pins[0].delegation", "unknown delegation 'd-xx'"),
        (crew("bus-1", "int-9"), "pins[0].interpreter", "unknown interpreter 'int-9'"),
        (visit("bus-1", "fac-q"), "pins[0].facility", "unknown facility 'fac-q'"),
        ({"kind": "visit_time", "bus": "bus-1", "facility": "fac-x"}, "pins[0].start", "required"),
        ({"kind": "bus_colour", "bus": "bus-1"}, "pins[0].kind", "unknown pin kind"),
    ],
)
def test_build_reports_unreadable_pins_with_their_paths(pin, path, words):
    document = scenario()
    document["pins"] = [pin]
    with pytest.raises(ScenarioError) as caught:
        problem_from_scenario(document)
    assert any(p == path and words in m for p, m in caught.value.problems), caught.value.problems
