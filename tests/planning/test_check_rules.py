"""One test per hard rule (1..9): break the hand-made valid plan in that rule's ways.

`judge` rewrites the reported objective first, so each broken plan shows only the rules it breaks.
"""

import pytest

from tests.planning.tiny import judge, rules, scenario, stop, valid_plan


def _bus(plan: dict, key: str) -> dict:
    return next(b for b in plan["buses"] if b["bus"] == key)


def _delegation(document: dict, key: str) -> dict:
    return next(d for d in document["delegations"] if d["key"] == key)


def _named(document: dict, kind: str, key: str) -> dict:
    return next(item for item in document[kind] if item["key"] == key)


def _set_times(plan, bus, index, arrive, start, end):
    _bus(plan, bus)["stops"][index].update(arrive=arrive, start=start, end=end)


def _assert_breaks(rule: int, break_it, also: set[int] = frozenset()) -> list:
    document, plan = scenario(), valid_plan()
    break_it(document, plan)
    result = judge(document, plan)
    assert rule in rules(result), result.violations
    assert rules(result) <= {rule, *also}, result.violations
    return [v for v in result.violations if v.rule == rule]


def _unassign_hanoi(reason):
    def break_it(document, plan):
        plan["buses"] = [_bus(plan, "bus-1")]
        plan["unassigned"] = [{"delegation": "d-hn", "reason": reason}]

    return break_it


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda doc, plan: plan.update(buses=plan["buses"][:1]), id="nowhere"),
        pytest.param(
            lambda doc, plan: plan["unassigned"].append({"delegation": "d-hn", "reason": "x"}),
            id="on-a-bus-and-unassigned",
        ),
        pytest.param(_unassign_hanoi(""), id="unassigned-without-reason"),
        pytest.param(
            lambda doc, plan: _delegation(doc, "d-hn").update(together_with=["d-kl"]),
            id="together-on-two-buses",
        ),
        pytest.param(
            lambda doc, plan: (
                _bus(plan, "bus-1")["stops"][0].update(board=["d-bkk", "d-kl"]),
                _bus(plan, "bus-1")["stops"][1].update(board=[]),
            ),
            id="boards-at-another-pickup",
        ),
        pytest.param(
            lambda doc, plan: _bus(plan, "bus-2")["stops"][-1].update(alight=["d-hn", "d-kl"]),
            id="alights-a-bus-it-does-not-ride",
        ),
        pytest.param(
            lambda doc, plan: _bus(plan, "bus-2")["stops"][-1].update(alight=[]),
            id="never-alights",
        ),
    ],
)
def test_rule_1_every_delegation_rides_one_bus(break_it):
    _assert_breaks(1, break_it)


def test_rule_1_a_valid_unassignment_is_accepted():
    document, plan = scenario(), valid_plan()
    _unassign_hanoi("no interpreter for vi")(document, plan)
    assert judge(document, plan).ok


@pytest.mark.parametrize(
    ("break_it", "words"),
    [
        (lambda doc, plan: _bus(plan, "bus-1").update(load=17), "reports a load of 17"),
        (lambda doc, plan: _named(doc, "buses", "bus-1").update(seats=15), "16 people on 15"),
        (
            lambda doc, plan: _named(doc, "buses", "bus-1").update(wheelchair_spaces=0),
            "1 wheelchair users",
        ),
    ],
    ids=["load-misreported", "over-seats", "wheelchair-spaces"],
)
def test_rule_2_load_fits_the_bus(break_it, words):
    found = _assert_breaks(2, break_it)
    assert any(words in v.message for v in found), found


def _dropoff_before_a_visit(document, plan):
    _bus(plan, "bus-2")["stops"] = [
        stop("pickup", "hotel-b", "09:00", "09:00", "09:10", board=["d-hn"]),
        stop("visit", "fac-y", "09:40", "09:40", "11:10"),
        stop("lunch", "lunch-1", "11:25", "11:30", "12:30"),
        stop("dropoff", "hotel-b", "12:50", "12:50", "13:00", alight=["d-hn"]),
        stop("visit", "fac-x", "13:30", "13:30", "14:30"),
    ]


@pytest.mark.parametrize(
    ("break_it", "words"),
    [
        (lambda d, p: _set_times(p, "bus-1", 0, "08:20", "08:20", "08:30"), "earliest pickup"),
        (
            lambda doc, p: _delegation(doc, "d-hn").update(latest_dropoff="14:30"),
            "latest drop-off",
        ),
        (lambda doc, plan: _bus(plan, "bus-1")["stops"].pop(4), "0 lunch stops"),
        (lambda doc, plan: doc["event"].update(max_visits_per_bus=1), "makes 2 visits"),
        (lambda doc, plan: doc["event"].update(min_visits_per_bus=3), "makes 2 visits"),
        (
            lambda doc, plan: _named(doc, "buses", "bus-2").update(available=["09:30", "17:30"]),
            "outside bus 'bus-2'",
        ),
        (lambda doc, plan: doc["event"].update(day_start="08:45"), "outside the day"),
        (_dropoff_before_a_visit, "visit stop after a dropoff"),
        (lambda d, p: _set_times(p, "bus-1", 2, "09:30", "09:30", "10:20"), "50 minutes, not 60"),
        (lambda d, p: _set_times(p, "bus-1", 0, "08:25", "08:30", "08:40"), "first stop"),
        (lambda d, p: _set_times(p, "bus-2", 1, "09:50", "09:40", "11:10"), "before arriving"),
    ],
    ids=[
        "pickup-before-earliest",
        "dropoff-after-latest",
        "lunch-missing",
        "too-many-visits",
        "too-few-visits",
        "outside-bus-window",
        "outside-day",
        "dropoff-before-visit",
        "wrong-visit-length",
        "first-stop-waits",
        "starts-before-arriving",
    ],
)
def test_rule_3_route_shape_and_times(break_it, words):
    found = _assert_breaks(3, break_it)
    assert any(words in v.message for v in found), found


def test_rule_3_pickup_stops_match_pickup_places():
    def break_it(document, plan):
        _bus(plan, "bus-1")["stops"] = [
            stop("pickup", "hotel-a", "08:30", "08:30", "08:40", board=["d-bkk"]),
            stop("pickup", "hotel-b", "08:50", "08:50", "09:00", board=["d-kl"]),
            stop("pickup", "hotel-b", "09:00", "09:00", "09:10"),
            stop("visit", "fac-x", "09:40", "09:40", "10:40"),
            stop("visit", "fac-z", "11:05", "11:05", "11:50"),
            stop("lunch", "lunch-1", "12:05", "12:05", "13:05"),
            stop("dropoff", "hotel-a", "13:25", "13:25", "13:35", alight=["d-bkk", "d-kl"]),
        ]

    found = _assert_breaks(3, break_it)
    assert any("2 pickup stops at 'hotel-b'" in v.message for v in found), found


def test_rule_4_travel_takes_its_time():
    found = _assert_breaks(4, lambda d, p: _set_times(p, "bus-1", 1, "08:45", "08:50", "09:00"))
    assert found[0].where == "buses[0].stops[1]"
    assert "takes 10 minutes" in found[0].message


def _two_buses_at_fac_x(document, plan):
    _bus(plan, "bus-2")["stops"] = [
        stop("pickup", "hotel-b", "09:00", "09:00", "09:10", board=["d-hn"]),
        stop("visit", "fac-x", "09:40", "09:40", "10:40"),
        stop("lunch", "lunch-1", "10:55", "11:30", "12:30"),
        stop("visit", "fac-y", "12:45", "12:45", "14:15"),
        stop("dropoff", "hotel-b", "14:45", "14:45", "14:55", alight=["d-hn"]),
    ]


def _fac_y_twice(document, plan):
    stops = _bus(plan, "bus-2")["stops"]
    stops[3].update(at="fac-y", end="14:30")
    stops[4].update(arrive="15:00", start="15:00", end="15:10")


@pytest.mark.parametrize(
    ("break_it", "words"),
    [
        (lambda d, p: _set_times(p, "bus-2", 3, "12:45", "12:50", "13:50"), "windows"),
        (_two_buses_at_fac_x, "2 buses are at 'fac-x' at 09:40"),
        (lambda doc, plan: _named(doc, "facilities", "fac-x").update(max_people=15), "16 people"),
        (lambda doc, plan: _named(doc, "facilities", "fac-x").update(max_visits=1), "2 times"),
        (_fac_y_twice, "visits 'fac-y' 2 times"),
        (lambda doc, plan: _bus(plan, "bus-2")["stops"][3].update(at="lunch-1"), "not a facility"),
    ],
    ids=["window", "two-buses-at-once", "max-people", "max-visits", "twice", "not-a-facility"],
)
def test_rule_5_facility_limits(break_it, words):
    found = _assert_breaks(5, break_it)
    assert any(words in v.message for v in found), found


def test_rule_6_wheelchair_users_visit_accessible_facilities_only():
    found = _assert_breaks(
        6, lambda doc, plan: _named(doc, "facilities", "fac-z").update(wheelchair=False)
    )
    assert [v.where for v in found] == ["buses[0].stops[3]"]


def _lunch_at_a_facility(document, plan):
    _set_times(plan, "bus-2", 2, "11:35", "11:35", "12:35")
    _bus(plan, "bus-2")["stops"][2]["at"] = "fac-z"
    _bus(plan, "bus-2")["stops"][3]["arrive"] = "13:00"


@pytest.mark.parametrize(
    ("break_it", "words"),
    [
        (
            lambda d, p: _set_times(p, "bus-2", 2, "11:25", "11:25", "12:25"),
            "starts lunch at 11:25",
        ),
        (lambda doc, plan: doc["event"]["lunch"].update(latest="11:45"), "starts lunch at 11:55"),
        (_lunch_at_a_facility, "not a lunch place"),
        (lambda doc, plan: doc["places"][2].update(max_people=20), "28 people"),
    ],
    ids=["too-early", "too-late", "not-a-lunch-place", "seats"],
)
def test_rule_7_lunch(break_it, words):
    found = _assert_breaks(7, break_it)
    assert any(words in v.message for v in found), found


def _swap_interpreters(document, plan):
    _bus(plan, "bus-1")["interpreters"] = ["int-2"]
    _bus(plan, "bus-2")["interpreters"] = ["int-1"]


def _interpreter_on_two_buses(document, plan):
    _bus(plan, "bus-2").update(interpreters=["int-2", "int-1"], load=13)


@pytest.mark.parametrize(
    ("break_it", "words"),
    [
        (
            lambda doc, plan: _named(doc, "interpreters", "int-2").update(
                available=["10:00", "17:00"]
            ),
            "is available 10:00-17:00",
        ),
        (_swap_interpreters, "no interpreter for en, th"),
        (
            lambda doc, plan: _named(doc, "interpreters", "int-1").update(languages=["en", "th"]),
            "speaks ja",
        ),
        (_interpreter_on_two_buses, "rides more than one bus"),
    ],
    ids=["unavailable", "missing-language", "missing-ja", "on-two-buses"],
)
def test_rule_8_interpreters(break_it, words):
    found = _assert_breaks(8, break_it)
    assert any(words in v.message for v in found), found


@pytest.mark.parametrize(
    ("break_it", "words"),
    [
        (
            lambda doc, plan: _delegation(doc, "d-bkk").update(must_visit=["fac-x", "fac-y"]),
            "must visit 'fac-y'",
        ),
        (lambda doc, plan: _delegation(doc, "d-kl").update(avoid=["fac-z"]), "avoids 'fac-z'"),
    ],
    ids=["must-visit", "avoid"],
)
def test_rule_9_must_visit_and_avoid(break_it, words):
    found = _assert_breaks(9, break_it)
    assert any(words in v.message for v in found), found
