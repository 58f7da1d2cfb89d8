"""The booking sheet: the earliest slot other buses leave free, and orders timed against it."""

from tours.planning.model.build import problem_from_scenario
from tours.planning.model.problem import minutes
from tours.planning.routing.routes import bus_stops
from tours.planning.routing.sheet import Sheet, sheet_timing

from . import tiny


def _setup(**facility_changes):
    document = tiny.scenario()
    for facility in document["facilities"]:
        facility.update(facility_changes.get(facility["key"], {}))
    problem = problem_from_scenario(document)
    first, visits, lunches, last = bus_stops(
        problem, [problem.delegation("d-hn")], ["fac-x", "fac-y"]
    )
    stops = {s.at: s for s in (*first, *visits, *lunches)}
    stops["back"] = last[0]
    return problem, Sheet(problem), stops


def test_a_free_facility_starts_when_the_bus_is_ready_inside_a_window():
    _, sheet, stops = _setup()
    assert sheet.earliest(stops["fac-x"], minutes("09:20"), 12) == minutes("09:20")
    assert sheet.earliest(stops["fac-x"], minutes("08:00"), 12) == minutes("09:00")  # opens


def test_a_visit_that_would_end_after_its_window_moves_to_the_next_window():
    _, sheet, stops = _setup()  # fac-x: 60 minutes, windows 09:00-12:00 and 13:00-17:00
    assert sheet.earliest(stops["fac-x"], minutes("11:30"), 12) == minutes("13:00")
    assert sheet.earliest(stops["fac-x"], minutes("16:30"), 12) is None


def test_one_bus_at_once_waits_for_the_bus_already_there():
    _, sheet, stops = _setup()
    sheet.book("bus-1", [("fac-x", minutes("09:00"), minutes("10:00"))], 16)
    assert sheet.earliest(stops["fac-x"], minutes("09:30"), 12) == minutes("10:00")


def test_buses_at_once_share_the_facility_within_its_people_limit():
    _, sheet, stops = _setup(**{"fac-y": {"max_visits": 3}})  # 2 buses at once, 30 people
    sheet.book("bus-1", [("fac-y", minutes("09:00"), minutes("10:30"))], 16)
    assert sheet.earliest(stops["fac-y"], minutes("09:30"), 12) == minutes("09:30")
    assert sheet.earliest(stops["fac-y"], minutes("09:30"), 15) == minutes("10:30")


def test_when_the_visits_of_the_day_are_used_only_joining_a_booked_start_is_left():
    _, sheet, stops = _setup(**{"fac-y": {"max_visits": 1}})
    sheet.book("bus-1", [("fac-y", minutes("10:00"), minutes("11:30"))], 10)
    assert sheet.full("fac-y")
    assert sheet.earliest(stops["fac-y"], minutes("09:00"), 10) == minutes("10:00")
    assert sheet.earliest(stops["fac-y"], minutes("10:05"), 10) is None


def test_a_lunch_room_full_at_the_time_pushes_lunch_later_but_not_past_its_latest_start():
    _, sheet, stops = _setup()  # lunch-1 seats 40; lunch 11:30-13:00 start, 60 minutes
    sheet.book("bus-1", [("lunch-1", minutes("11:30"), minutes("12:30"))], 30)
    assert sheet.earliest(stops["lunch-1"], minutes("11:30"), 10) == minutes("11:30")
    assert sheet.earliest(stops["lunch-1"], minutes("11:30"), 11) == minutes("12:30")
    sheet.book("bus-2", [("lunch-1", minutes("12:30"), minutes("13:30"))], 30)
    assert sheet.earliest(stops["lunch-1"], minutes("11:30"), 11) is None


def test_an_order_is_timed_around_the_bookings_and_refused_past_a_deadline():
    problem, sheet, stops = _setup(**{"fac-y": {"max_visits": 3}})
    order = (stops["hotel-b"], stops["fac-y"], stops["lunch-1"], stops["fac-x"], stops["back"])
    window = (minutes("08:00"), minutes("17:30"))
    free = sheet_timing(sheet, order, problem.travel.minutes, window, 12)
    assert free.start[1] == minutes("09:40")  # pickup at 09:00 (earliest_pickup), 30 minutes
    sheet.book("bus-1", [("fac-y", minutes("09:00"), minutes("10:30"))], 16)
    sheet.book("bus-3", [("fac-y", minutes("09:30"), minutes("11:00"))], 20)
    waited = sheet_timing(sheet, order, problem.travel.minutes, window, 12)
    assert waited.start[1] == minutes("11:00")  # two buses, then too many people, until 11:00
    assert waited.start[2] == minutes("12:45")  # lunch after the 90-minute visit and 15 minutes
    late = (stops["hotel-b"], stops["fac-y"], stops["fac-x"], stops["lunch-1"], stops["back"])
    sheet.book("bus-4", [("fac-x", minutes("13:00"), minutes("17:00"))], 5)
    assert sheet_timing(sheet, late, problem.travel.minutes, window, 12) is None


def test_full_places_follow_every_booking_and_release():
    _, sheet, _ = _setup(**{"fac-x": {"max_visits": 2}})
    nine, ten, eleven = minutes("09:00"), minutes("10:00"), minutes("11:00")
    sheet.book("bus-1", [("fac-x", nine, ten)], 12)
    assert "fac-x" not in sheet.full_places()
    sheet.book("bus-2", [("fac-x", ten, eleven)], 12)
    assert "fac-x" in sheet.full_places()  # two visits in the day: no third
    copied = sheet.copy()
    sheet.release("bus-2")
    assert "fac-x" not in sheet.full_places()
    assert "fac-x" in copied.full_places()  # the copy keeps its own bookings
    assert "fac-y" not in sheet.full_places()
