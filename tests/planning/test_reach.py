"""Which courses a delegation's own pickup and drop-off times leave room for: the vectorised test
over every course at once answers as the plain one does, course by course."""

import json
from pathlib import Path

from tours.planning.model.build import problem_from_scenario
from tours.planning.model.courses import enumerate_courses
from tours.planning.model.reach import Reach
from tours.planning.model.units import make_units

DEMO = Path(__file__).resolve().parents[2] / "tours" / "fixtures" / "ascc-2025.json"
TIMES = [
    ("08:30", "15:00"),
    ("09:30", "16:00"),
    ("10:00", "17:30"),
    (None, "14:30"),
    ("10:30", None),
]


def demo_with_tight_times() -> dict:
    """The demo day, with earliest pickups and latest drop-offs spread so that some courses fit a
    delegation and others do not."""
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    for n, d in enumerate(document["delegations"]):
        earliest, latest = TIMES[n % len(TIMES)]
        d.pop("earliest_pickup", None)
        d.pop("latest_dropoff", None)
        if earliest:
            d["earliest_pickup"] = earliest
        if latest:
            d["latest_dropoff"] = latest
    return document


def test_every_course_at_once_agrees_with_one_at_a_time():
    problem = problem_from_scenario(demo_with_tight_times())
    units = make_units(problem, problem.delegations)
    delegations = [d for u in units for d in u.delegations]
    courses = enumerate_courses(problem, pickups=sorted({d.pickup for d in delegations}),
                                dropoffs=sorted({d.dropoff for d in delegations}))  # fmt: skip
    one, many = Reach(problem, units), Reach(problem, units)
    answers = set()
    for unit in units:
        at_once = many.unit_fits_all(unit, courses)
        one_by_one = [one.unit_fits(unit, course) for course in courses]
        assert list(at_once) == one_by_one, unit.keys
        answers |= set(one_by_one)
    assert answers == {True, False}  # the times above leave room for some courses, not all
