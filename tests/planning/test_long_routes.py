"""Long routes for one bus (routing/long_routes.py): the middle of a fixed group's day routed by
OR-Tools, then timed on the booking sheet."""

import random

from tours.planning.model.build import problem_from_scenario
from tours.planning.model.problem import minutes
from tours.planning.routing.long_routes import Group, allowed_starts, long_route
from tours.planning.routing.routes import bus_stops
from tours.planning.routing.sheet import Sheet

from .walking import walking_day

SECONDS = 0.5


def _route(document: dict):
    problem = problem_from_scenario(document)
    delegation = problem.delegations[0]
    group = Group(problem.buses[0], (delegation,), (), ("hotel",), ("hotel",), 11)
    return problem, long_route(problem, group, Sheet(problem), time_limit_s=SECONDS)


def _visited(timed) -> list[str]:
    return [s.at for s in timed.order.stops if s.kind == "visit"]


def test_a_long_route_is_pickups_then_many_visits_and_one_lunch_then_drop_offs():
    problem, timed = _route(walking_day())
    kinds = [s.kind for s in timed.order.stops]
    assert kinds[0] == "pickup" and kinds[-1] == "dropoff"
    assert kinds.count("lunch") == 1
    assert 8 <= len(_visited(timed)) <= problem.max_visits
    assert timed.end[-1] <= minutes("17:30")  # the group's latest drop-off


def test_the_visits_per_bus_stay_within_the_maximum():
    _, timed = _route(walking_day(max_visits=4))
    assert len(_visited(timed)) == 4


def test_a_facility_whose_window_has_closed_is_never_visited():
    document = walking_day()
    closed = document["facilities"][9]
    closed["windows"] = [["08:00", "08:25"]]  # the bus leaves the hotel at 08:10, 15+ min away
    document["delegations"][0]["interests"]["f9"] = 100
    _, timed = _route(document)
    assert "f9" not in _visited(timed)


def test_must_visit_is_visited_and_avoided_or_inaccessible_facilities_are_not():
    document = walking_day()
    group = document["delegations"][0]
    group.update(must_visit=["f5"], avoid=["f7"], wheelchair_users=1)
    group["interests"].update(f5=0, f7=100, f8=100)  # f8 (8 % 4 == 0) is not accessible
    document["buses"][0]["wheelchair_spaces"] = 1
    _, timed = _route(document)
    visited = _visited(timed)
    assert "f5" in visited
    assert "f7" not in visited and "f8" not in visited


def test_allowed_starts_leave_out_the_starts_the_sheet_refuses():
    problem = problem_from_scenario(walking_day())
    sheet = Sheet(problem)
    sheet.book("other", [("f1", minutes("09:00"), minutes("09:20"))], 11)  # one bus at once
    _, visits, _, _ = bus_stops(problem, [problem.delegations[0]], ["f1"])  # 20 minutes
    runs = allowed_starts(sheet, visits[0], 11, minutes("08:30"), minutes("10:00"))
    assert runs == [(minutes("08:30"), minutes("08:40")), (minutes("09:20"), minutes("10:00"))]
    for start, end in runs:
        assert sheet.earliest(visits[0], start, 11) == start
        assert sheet.earliest(visits[0], end, 11) == end


def test_allowed_starts_are_the_minutes_the_sheet_itself_would_start_at():
    document = walking_day()
    document["facilities"][2].update(max_visits=3, max_buses_at_once=2, max_people=25)
    problem = problem_from_scenario(document)
    _, visits, lunches, _ = bus_stops(problem, [problem.delegations[0]], ["f2"])
    rng = random.Random(7)
    for _ in range(20):
        sheet = Sheet(problem)
        for n in range(rng.randint(1, 4)):
            at, start = rng.choice((visits[0], lunches[0])), rng.randrange(600, 840, 5)
            sheet.book(f"bus-{n}", [(at.at, start, start + at.duration)], rng.randint(5, 15))
        for stop in (visits[0], lunches[0]):
            people = rng.randint(5, 15)
            runs = allowed_starts(sheet, stop, people, 540, 900)
            allowed = {t for a, z in runs for t in range(a, z + 1)}
            low = max(540, stop.not_before)
            expected = {t for t in range(low, 901) if sheet.earliest(stop, t, people) == t}
            assert allowed == expected
