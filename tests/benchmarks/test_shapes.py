"""The shapes benchmark's days: long-route days and loosened variants import cleanly (no solving).

bench/ has no __init__: it is imported as a namespace package from the project root (pytest's
pythonpath), as bench/run_one.py imports its neighbours.
"""

import itertools

import pytest

from bench import variants
from bench.long_days import long_day
from bench.run_one import scenario_for
from bench.scenarios import generate
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.problem import minutes
from tours.planning.model.travel import geodesic_minutes
from tours.scenario.document import scenario_parse

LONG = [(1, 50), (1, 100), (2, 60), (4, 100)]


def _valid(document: dict):
    scenario_parse(document)  # the full contract, as import checks it
    return problem_from_scenario(document)


@pytest.mark.parametrize(("buses", "facilities"), LONG)
def test_long_days_are_valid_and_of_the_asked_shape(buses, facilities):
    document = long_day(1, buses=buses, facilities=facilities)
    problem = _valid(document)
    assert (len(problem.buses), len(problem.facilities)) == (buses, facilities)
    assert problem.max_visits == facilities
    assert buses <= len(problem.delegations) <= 3 * buses
    assert all(10 <= f.visit_minutes <= 20 for f in problem.facilities)
    assert all(len(d["interests"]) >= facilities // 2 for d in document["delegations"])
    shapes = {len(f["windows"]) for f in document["facilities"]}
    starts = {f["windows"][0][0] >= "13:00" for f in document["facilities"]}
    assert shapes == {1, 2} and starts == {True, False}  # two windows, afternoons, mornings
    needing = [d for d in document["delegations"] if d["language"] != "ja"]
    assert len(document["interpreters"]) >= len(needing)


def test_a_long_day_is_a_walk_in_one_district():
    document = long_day(2, buses=4, facilities=100)
    points = [(p["lat"], p["lon"]) for p in document["places"] + document["facilities"]]
    longest = max(geodesic_minutes(a, b, 18, 1.3) for a, b in itertools.combinations(points, 2))
    assert longest <= 20


def test_the_same_long_day_for_the_same_seed():
    assert long_day(3, buses=2, facilities=60) == long_day(3, buses=2, facilities=60)
    assert long_day(3, buses=2, facilities=60) != long_day(4, buses=2, facilities=60)


@pytest.mark.parametrize(
    "case", ["demo", "ascc:1", "ascc:1:v5", "regional:2:v8", "long:1:b2:f60", "long:2:b1:f50:v20"]
)
def test_benchmark_cases_name_valid_days(case):
    _valid(scenario_for(case))


def test_a_case_names_its_visit_limit_and_long_shape():
    assert scenario_for("ascc:1:v5")["event"]["max_visits_per_bus"] == 5
    long = scenario_for("long:1:b2:f60")
    assert (len(long["buses"]), len(long["facilities"])) == (2, 60)
    with pytest.raises(ValueError, match="unknown variant"):
        scenario_for("ascc:1:wider")


def test_loosened_days_are_valid_and_only_looser():
    base = generate("ascc", 1)
    looser = variants.apply(base, ["bus+1", "seats+5", "windows+60", "end+60"])
    assert base == generate("ascc", 1)  # apply works on a copy
    problem = _valid(looser)
    assert len(problem.buses) == len(base["buses"]) + 1
    largest = max(b["seats"] for b in base["buses"])
    assert problem.buses[-1].seats == largest + 5
    assert [b["seats"] + 5 for b in base["buses"]] == [b.seats for b in problem.buses[:-1]]
    assert looser["event"]["day_end"] == "19:30"
    day = (minutes(base["event"]["day_start"]), minutes(looser["event"]["day_end"]))
    for old, new in zip(base["facilities"], problem.facilities, strict=True):
        for start, end in old["windows"]:  # every old window lies inside a new one
            assert any(a <= minutes(start) and minutes(end) <= b for a, b in new.windows)
        assert all(day[0] <= a < b <= day[1] for a, b in new.windows)
