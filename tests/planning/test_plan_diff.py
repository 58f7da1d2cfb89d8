"""plan_diff: what a re-plan changes against the published plan, in planners' words."""

import copy

from tours.planning.replan.plan_diff import plan_diff


def _plan(*buses) -> dict:
    return {"buses": [dict(b) for b in buses]}


def _bus(key, delegations, interpreters, stops) -> dict:
    return {
        "bus": key,
        "delegations": delegations,
        "interpreters": interpreters,
        "stops": [{"kind": k, "at": at, "start": start} for k, at, start in stops],
    }


BEFORE = _plan(
    _bus("bus-1", ["hanoi", "jakarta"], ["int-vi"], [("pickup", "hotel-a", "08:30"),
         ("visit", "tsurumi", "09:30"), ("lunch", "chinatown", "12:00")]),
    _bus("bus-2", ["seoul"], ["int-ko"], [("pickup", "hotel-b", "08:40"),
         ("visit", "port", "10:00")]),
)  # fmt: skip


def test_no_change_is_said_plainly():
    diff = plan_diff(BEFORE, copy.deepcopy(BEFORE))
    assert diff["summary"] == "no change"
    assert diff["affected"] == {"delegations": [], "interpreters": [], "buses": [],
                                "facilities": []}  # fmt: skip


def test_moves_times_and_the_people_they_touch():
    after = copy.deepcopy(BEFORE)
    after["buses"][0]["delegations"] = ["hanoi"]
    after["buses"][1]["delegations"] = ["seoul", "jakarta"]
    after["buses"][1]["interpreters"] = ["int-ko", "int-id"]
    after["buses"][0]["stops"][1]["start"] = "09:50"  # 20 minutes later
    after["buses"][1]["stops"][1]["start"] = "10:05"  # within the tolerance
    diff = plan_diff(BEFORE, after, tolerance_minutes=10)
    assert [m["text"] for m in diff["delegations"]] == [
        "delegation 'jakarta' moves from bus 'bus-1' to bus 'bus-2'"
    ]
    assert [m["text"] for m in diff["interpreters"]] == [
        "interpreter 'int-id' now rides bus 'bus-2'"
    ]
    assert [s["text"] for s in diff["stops"]] == [
        "bus 'bus-1': visit at 'tsurumi' moves from 09:30 to 09:50"
    ]
    assert diff["affected"] == {
        "delegations": ["hanoi", "jakarta"],
        "interpreters": ["int-id"],
        "buses": ["bus-1", "bus-2"],
        "facilities": ["tsurumi"],
    }
    assert diff["summary"] == (
        "1 delegation moves bus, 1 interpreter changes bus, 1 stop changes time or is added or "
        "dropped"
    )


def test_a_cancelled_delegation_and_a_dropped_stop():
    after = copy.deepcopy(BEFORE)
    after["buses"] = [after["buses"][0]]
    diff = plan_diff(BEFORE, after)
    assert diff["delegations"] == [{"delegation": "seoul", "from_bus": "bus-2", "to_bus": None,
        "text": "delegation 'seoul' is no longer carried (it was on bus 'bus-2')"}]  # fmt: skip
    assert {s["text"] for s in diff["stops"]} == {
        "bus 'bus-2': pickup at 'hotel-b' (08:40) is dropped",
        "bus 'bus-2': visit at 'port' (10:00) is dropped",
    }
    assert diff["affected"]["facilities"] == ["port"]
    assert diff["summary"] == (
        "1 delegation no longer carried, 1 interpreter changes bus, "
        "2 stops change time or are added or dropped"
    )
