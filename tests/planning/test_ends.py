"""The pickup and drop-off places a course has room for, and the bound that counts only those."""

import copy

import numpy as np

from tests.planning.scenarios import base_scenario, delegation, with_delegations
from tests.planning.test_solver import solved
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.courses import enumerate_courses
from tours.planning.model.ends import GroupFit, ends_rows
from tours.planning.model.units import make_units


def two_hotels_an_hour_apart() -> dict:
    """f1 can only be seen at 09:00 (a 60-minute visit in 09:00-10:00), 30 minutes from either
    hotel; the hotels are 60 minutes apart, so no bus can pick up at both and be there by 09:00.
    f2 takes visitors all day. Driving is free, so the optimum is hand-computable."""
    document = base_scenario(facilities=2, buses=2, max_visits=1)
    keys = ["hotel", "hotel-b", "lunch", "f1", "f2"]
    minutes = [
        [0, 60, 20, 30, 30],
        [60, 0, 20, 30, 30],
        [20, 20, 0, 20, 20],
        [30, 30, 20, 0, 20],
        [30, 30, 20, 20, 0],
    ]
    document["travel"] = {"matrix": {"keys": keys, "minutes": minutes}}
    hotel_b = copy.deepcopy(document["places"][0])
    hotel_b.update(key="hotel-b", name="Hotel B")
    document["places"].append(hotel_b)
    document["facilities"][0]["windows"] = [["09:00", "10:00"]]
    document["weights"]["driving_minute"] = 0
    return with_delegations(
        document,
        delegation("alpha", {"f1": 5, "f2": 1}),
        delegation("beta", {"f1": 5, "f2": 1}, pickup="hotel-b", dropoff="hotel-b"),
    )


def test_a_course_has_no_room_for_both_hotels_before_its_only_window():
    problem = problem_from_scenario(two_hotels_an_hour_apart())
    units = make_units(problem, problem.delegations)
    courses = enumerate_courses(problem, pickups=["hotel", "hotel-b"],
                                dropoffs=["hotel", "hotel-b"], limit=100)  # fmt: skip
    rows = ends_rows(problem, units, courses)
    f1 = next(s for s, c in enumerate(courses) if c.facilities == (0,))
    f2 = next(s for s, c in enumerate(courses) if c.facilities == (1,))
    on_f1 = rows.mask[rows.course == f1]
    assert not on_f1.all(axis=1).any()  # no row lets both ride to f1
    assert on_f1.any(axis=0).all()  # but each may ride there
    assert np.array_equal(rows.mask[rows.course == f2], np.ones((1, 2), dtype=bool))


def test_the_bound_knows_two_hotels_cannot_share_the_early_visit():
    # Apart, each sees f1: 100 * (5 + 5) - 2 * 300 = 400. Together they could only see f2:
    # 100 * (1 + 1) - 300 = -100. A bound blind to the pickups would promise 100 * 10 - 300.
    plan, _ = solved(two_hotels_an_hour_apart())
    assert plan["objective"]["score"] == 400
    assert plan["objective"]["bound"] == 400
    assert plan["status"] == "optimal"


def two_early_hotels_twenty_minutes_apart() -> dict:
    """As above, but the hotels are 20 minutes apart and f1 10 minutes from either: one bus could
    gather both by 09:00 if it started at 08:00, yet neither delegation boards before 08:30."""
    document = two_hotels_an_hour_apart()
    minutes = document["travel"]["matrix"]["minutes"]
    minutes[0][1] = minutes[1][0] = 20
    for hotel in (0, 1):
        minutes[hotel][3] = minutes[3][hotel] = 10
    for entry in document["delegations"]:
        entry["earliest_pickup"] = "08:30"
    return document


def test_a_group_whose_own_pickup_times_leave_no_room_fails_the_group_test():
    problem = problem_from_scenario(two_early_hotels_twenty_minutes_apart())
    units = make_units(problem, problem.delegations)
    courses = enumerate_courses(problem, pickups=["hotel", "hotel-b"],
                                dropoffs=["hotel", "hotel-b"], limit=100)  # fmt: skip
    f1 = next(c for c in courses if c.facilities == (0,))
    f2 = next(c for c in courses if c.facilities == (1,))
    rows = ends_rows(problem, units, courses)
    assert rows.mask[rows.course == courses.index(f1)].all()  # the places alone leave room
    fit = GroupFit(problem, units)
    assert fit.fits([units[0]], f1) and fit.fits([units[1]], f1)
    assert not fit.fits(units, f1)  # 08:30-08:40, 20 minutes, 09:00-09:10, f1 at 09:20
    assert fit.fits(units, f2)


def test_the_bound_knows_two_early_pickups_cannot_share_the_early_visit():
    plan, _ = solved(two_early_hotels_twenty_minutes_apart())
    assert plan["objective"]["score"] == 400
    assert plan["objective"]["bound"] == 400
    assert plan["status"] == "optimal"
