"""Pins that cannot all hold, found before any solve starts (pure: no solver, no Django).

Each conflict names the pins involved (indexes into `problem.pins`), the contract rule between
them and what is wrong in planners' words. Only certain conflicts are reported: travel and time
bounds are floors (shortest paths, no lunch), so a conflict here is a conflict in every plan.
A together_with partner of a pinned delegation counts as pinned with it (rule 1).
"""

from collections import defaultdict

from tours.planning.model.problem import NO_LANGUAGE_NEEDED, Problem, hhmm
from tours.planning.replan.pin_index import (
    PinConflict,
    Pins,
    at,
    describe,
    least,
    listed,
    span,
    who,
)

__all__ = ["PinConflict", "describe", "pin_conflicts"]


def pin_conflicts(problem: Problem) -> list[PinConflict]:
    pins = Pins(problem)
    found: list[PinConflict] = []
    for family in FAMILIES:
        found += family(problem, pins)
    return [PinConflict(tuple(sorted(set(c.pins))), c.rule, c.message) for c in found]


def _two_buses(problem: Problem, pins: Pins) -> list[PinConflict]:
    found = []
    for subject, buses in pins.buses_of.items():
        if len(buses) < 2:
            continue
        kind, key = subject.split(":", 1)
        indexes = tuple(sorted(i for group in buses.values() for i in group))
        if kind == "d":
            message = f"{key} is pinned to {listed(buses)}; a delegation rides one bus all day"
            found.append(PinConflict(indexes, "rule 1: one bus per delegation", message))
        else:
            message = (
                f"interpreter {key} is pinned to {listed(buses)}; an interpreter rides one bus"
            )
            found.append(PinConflict(indexes, "rule 8: one bus per interpreter", message))
    return found


def _together(problem: Problem, pins: Pins) -> list[PinConflict]:
    found, done = [], set()
    for group in pins.groups.values():
        if len(group) < 2 or group in done:
            continue
        done.add(group)
        placed = {(bus, key): i for bus, riders in pins.riders.items() for key, i in riders.items()}
        placed = {(bus, key): i for (bus, key), i in placed.items() if key in group}
        buses = {bus for bus, _ in placed}
        if len(buses) > 1 and len({key for _, key in placed}) > 1:
            where = "; ".join(f"{key} on {bus}" for bus, key in sorted(placed))
            message = (
                f"{listed(group)} ride together (together_with), but are pinned apart: {where}"
            )
            found.append(
                PinConflict(tuple(sorted(placed.values())), "rule 1: together_with", message)
            )
    return found


def _capacity(problem: Problem, pins: Pins) -> list[PinConflict]:
    found = []
    for bus_key in sorted(set(pins.riders) | set(pins.interpreters)):
        bus, riders = problem.bus(bus_key), pins.on_bus(bus_key)
        interpreters = pins.interpreters[bus_key]
        people = sum(problem.delegation(k).size for k in riders)
        load = people + len(interpreters) + problem.staff_seats
        indexes = tuple(sorted({*riders.values(), *interpreters.values()}))
        if load > bus.seats:
            message = (
                f"{bus_key} has {bus.seats} seats, but its pins put {load} people on it: "
                f"{listed(riders)} ({people}), {len(interpreters)} interpreter(s) and "
                f"{problem.staff_seats} staff seat(s)"
            )
            found.append(PinConflict(indexes, "rule 2: seats", message))
        wheelchairs = {k: problem.delegation(k).wheelchair_users for k in riders}
        wheelchairs = {k: n for k, n in wheelchairs.items() if n}
        if sum(wheelchairs.values()) > bus.wheelchair_spaces:
            message = (
                f"{bus_key} has {bus.wheelchair_spaces} wheelchair space(s), but the delegations "
                f"pinned to it bring {sum(wheelchairs.values())} wheelchair user(s): "
                f"{listed(who(problem, k, riders[k]) for k in wheelchairs)}"
            )
            found.append(PinConflict(at(riders, wheelchairs), "rule 2: wheelchair spaces", message))
    return found


def _riders_and_visits(problem: Problem, pins: Pins) -> list[PinConflict]:
    """Wheelchair access (rule 6), avoid and must_visit (rule 9), visits per bus (rule 3)."""
    found = []
    for bus_key in sorted(pins.visits):
        visits = pins.visits[bus_key]
        riders = pins.on_bus(bus_key)
        for facility_key, visit_pins in sorted(visits.items()):
            facility = problem.facility(facility_key)
            for key, i in sorted(riders.items()):
                d = problem.delegation(key)
                if d.wheelchair_users and not facility.wheelchair:
                    message = (
                        f"{who(problem, key, i)} brings wheelchair users and is pinned to "
                        f"{bus_key}, which is pinned to visit {facility_key}, not wheelchair "
                        "accessible"
                    )
                    found.append(
                        PinConflict((i, *visit_pins), "rule 6: wheelchair access", message)
                    )
                if facility_key in d.avoid:
                    message = (
                        f"{who(problem, key, i)} avoids {facility_key}, but is pinned to "
                        f"{bus_key}, which is pinned to visit it"
                    )
                    found.append(PinConflict((i, *visit_pins), "rule 9: avoid", message))
        found += _visits_per_bus(problem, bus_key, visits, riders)
    return found


def _visits_per_bus(problem, bus_key, visits, riders) -> list[PinConflict]:
    every = tuple(sorted(i for group in visits.values() for i in group))
    if len(visits) > problem.max_visits:
        message = (
            f"{bus_key} is pinned to visit {len(visits)} facilities ({listed(visits)}), but a "
            f"bus makes at most {problem.max_visits} visits"
        )
        return [PinConflict(every, "rule 3: visits per bus", message)]
    if len(visits) < problem.max_visits:
        return []
    found = []
    for key, i in sorted(riders.items()):
        missing = problem.delegation(key).must_visit - set(visits)
        if missing:
            message = (
                f"{who(problem, key, i)} must visit {listed(missing)}, but is pinned to "
                f"{bus_key}, whose {problem.max_visits} visits are all pinned elsewhere "
                f"({listed(visits)})"
            )
            found.append(PinConflict((i, *every), "rule 9: must_visit", message))
    return found


def _times(problem: Problem, pins: Pins) -> list[PinConflict]:
    """A pinned visit inside its facility's windows, the bus's hours, the day and its people's."""
    found = []
    for i in pins.times:
        pin, (start, end) = problem.pins[i], span(problem, i)
        facility, bus = problem.facility(pin.facility), problem.bus(pin.bus)
        visit = f"{pin.bus}'s visit to {pin.facility} at {hhmm(start)}-{hhmm(end)}"
        if not any(a <= start and end <= b for a, b in facility.windows):
            windows = ", ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in facility.windows)
            message = f"{visit} is outside {pin.facility}'s windows ({windows})"
            found.append(PinConflict((i,), "rule 5: facility windows", message))
        for (a, b), what in ((bus.available, f"{pin.bus} is available"), (problem.day, "the day")):
            if start < a or end > b:
                message = f"{visit} is outside the hours {what} ({hhmm(a)}-{hhmm(b)})"
                found.append(PinConflict((i,), "rule 3: bus and day hours", message))
        for key, j in sorted(pins.interpreters[pin.bus].items()):
            a, b = problem.interpreter(key).available
            if start < a or end > b:
                message = f"interpreter {key} works {hhmm(a)}-{hhmm(b)}, so cannot ride {visit}"
                found.append(PinConflict((j, i), "rule 8: interpreter hours", message))
        found += _people_hours(problem, pins, i)
    return found


def _people_hours(problem: Problem, pins: Pins, i: int) -> list[PinConflict]:
    pin, (start, end) = problem.pins[i], span(problem, i)
    found = []
    for key, j in sorted(pins.on_bus(pin.bus).items()):
        d = problem.delegation(key)
        to_visit = least(problem, d.pickup, pin.facility)
        if d.earliest_pickup is not None and to_visit is not None:
            ready = d.earliest_pickup + problem.boarding_minutes + to_visit
            if ready > start:
                message = (
                    f"{who(problem, key, j)} is picked up at {hhmm(d.earliest_pickup)} at the "
                    f"earliest and cannot reach {pin.facility} before {hhmm(ready)}, but "
                    f"{pin.bus} is pinned to start its visit there at {hhmm(start)}"
                )
                found.append(PinConflict((j, i), "rule 3: pickup time", message))
        back = least(problem, pin.facility, d.dropoff)
        if d.latest_dropoff is not None and back is not None:
            home = end + back + problem.boarding_minutes
            if home > d.latest_dropoff:
                message = (
                    f"{who(problem, key, j)} must be dropped off by {hhmm(d.latest_dropoff)}, "
                    f"but after {pin.bus}'s pinned visit to {pin.facility} "
                    f"({hhmm(start)}-{hhmm(end)}) that is {hhmm(home)} at the earliest"
                )
                found.append(PinConflict((j, i), "rule 3: drop-off time", message))
    return found


def _bus_timelines(problem: Problem, pins: Pins) -> list[PinConflict]:
    """Two timed visits on one bus must not overlap, with time to drive between them (rule 4)."""
    found = []
    by_bus: dict[str, list[int]] = defaultdict(list)
    for i in pins.times:
        by_bus[problem.pins[i].bus].append(i)
    for bus_key, timed in sorted(by_bus.items()):
        timed.sort(key=lambda i: problem.pins[i].start)
        for n, i in enumerate(timed):
            for j in timed[n + 1 :]:
                a, b = problem.pins[i], problem.pins[j]
                drive = least(problem, a.facility, b.facility) or 0
                ready = span(problem, i)[1] + drive
                if ready > b.start:
                    message = (
                        f"{bus_key} is pinned to visit {a.facility} at {hhmm(a.start)} and "
                        f"{b.facility} at {hhmm(b.start)}, but cannot be at {b.facility} before "
                        f"{hhmm(ready)} ({drive} min drive)"
                    )
                    found.append(PinConflict((i, j), "rule 4: one stop at a time", message))
    return found


def _facility_crowding(problem: Problem, pins: Pins) -> list[PinConflict]:
    """At one facility: buses at once and visits in the day (rule 5), from timed pins."""
    found = []
    by_facility: dict[str, list[int]] = defaultdict(list)
    for i in pins.times:
        by_facility[problem.pins[i].facility].append(i)
    for key, timed in sorted(by_facility.items()):
        facility, reported = problem.facility(key), set()
        for i in timed:
            start = problem.pins[i].start
            here = tuple(j for j in timed if span(problem, j)[0] <= start < span(problem, j)[1])
            buses = {problem.pins[j].bus for j in here}
            if len(buses) > facility.max_buses_at_once and here not in reported:
                reported.add(here)
                message = (
                    f"{listed(buses)} are pinned to be at {key} together at {hhmm(start)}, but "
                    f"it takes {facility.max_buses_at_once} bus(es) at once"
                )
                found.append(PinConflict(tuple(sorted(here)), "rule 5: buses at once", message))
        starts = {problem.pins[i].start for i in timed}
        if len(starts) > facility.max_visits:
            message = (
                f"{key} is pinned to be visited at {len(starts)} different times, but takes "
                f"{facility.max_visits} visit(s) a day"
            )
            found.append(PinConflict(tuple(sorted(timed)), "rule 5: visits per facility", message))
    return found


def _languages(problem: Problem, pins: Pins) -> list[PinConflict]:
    """A pinned delegation's language that only interpreters pinned to other buses speak."""
    found = []
    for bus_key in sorted(pins.riders):
        aboard = [problem.interpreter(k) for k in pins.interpreters[bus_key]]
        aboard += [i for i in problem.interpreters if pins.free(i.key)]
        spoken = set().union(*(i.languages for i in aboard))
        for key, i in sorted(pins.on_bus(bus_key).items()):
            language = problem.delegation(key).language
            if language == NO_LANGUAGE_NEEDED or language in spoken:
                continue
            speakers = [x.key for x in problem.interpreters if language in x.languages]
            if not speakers:
                continue  # no interpreter at all: not the pins' doing (the pre-check says so)
            away = [
                j for s in speakers for g in pins.buses_of.get(f"i:{s}", {}).values() for j in g
            ]
            message = (
                f"{who(problem, key, i)} speaks {language} and is pinned to {bus_key}, but "
                f"every interpreter who speaks {language} ({listed(speakers)}) is pinned to "
                "another bus"
            )
            found.append(PinConflict((i, *sorted(away)), "rule 8: interpreters", message))
    return found


FAMILIES = (
    _two_buses,
    _together,
    _capacity,
    _riders_and_visits,
    _times,
    _bus_timelines,
    _facility_crowding,
    _languages,
)
