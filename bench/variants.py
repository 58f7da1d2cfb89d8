"""Shape variants of a scenario, named by short tokens so a benchmark case can spell them.

A case is `<base>:<seed>[:<token>...]` (bench/run_one.py reads it): the base is a size of
bench/scenarios.py, "long" (bench/long_days.py, with `b<buses>` and `f<facilities>` tokens) or
"demo". Each other token changes the document, and every change but `v` only loosens it (any plan
of the base day stays valid), so a looser day should never score lower:

    v5          event.max_visits_per_bus = 5
    bus+1       one more bus, a copy of the largest (most seats, then the first listed)
    seats+5     five more seats on every bus
    windows+60  every facility window 60 min wider on each side, within the day (windows that
                then overlap are merged: the facility is open throughout)
    end+60      event.day_end 60 min later (at most 23:59)
"""

import copy
import re

from tours.planning.model.problem import hhmm as _hm
from tours.planning.model.problem import minutes as minutes_of

TOKEN = re.compile(r"^(?:v(?P<v>\d+)|(?P<what>bus|seats|windows|end)\+(?P<n>\d+))$")
WHAT = {  # for tables: what a token does
    "v": "max {n} visits per bus", "bus": "{n} more bus(es), copies of the largest",
    "seats": "+{n} seats on every bus", "windows": "windows {n} min wider each side",
    "end": "day ends {n} min later",
}  # fmt: skip


def describe(token: str) -> str:
    found = TOKEN.match(token)
    if not found:
        raise ValueError(f"unknown variant {token!r} (v5, bus+1, seats+5, windows+60, end+60)")
    if found["v"]:
        return WHAT["v"].format(n=found["v"])
    return WHAT[found["what"]].format(n=found["n"])


def apply(document: dict, tokens: list[str]) -> dict:
    """A copy of the document with every token's change made, in order."""
    document = copy.deepcopy(document)
    for token in tokens:
        describe(token)  # refuses unknown tokens
        found = TOKEN.match(token)
        if found["v"]:
            document["event"]["max_visits_per_bus"] = int(found["v"])
        else:
            CHANGES[found["what"]](document, int(found["n"]))
    return document


def more_buses(document: dict, count: int) -> None:
    largest = max(document["buses"], key=lambda b: b["seats"])  # max keeps the first of ties
    for n in range(count):
        bus = {**copy.deepcopy(largest), "key": f"{largest['key']}-extra-{n + 1}"}
        bus["name"] = f"{largest.get('name', largest['key'])} (extra {n + 1})"
        document["buses"].append(bus)


def more_seats(document: dict, seats: int) -> None:
    for bus in document["buses"]:
        bus["seats"] += seats


def wider_windows(document: dict, minutes: int) -> None:
    event = document["event"]
    first, last = minutes_of(event["day_start"]), minutes_of(event["day_end"])
    for facility in document["facilities"]:
        spans = sorted(
            (max(first, minutes_of(a) - minutes), min(last, minutes_of(b) + minutes))
            for a, b in facility["windows"]
        )
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        facility["windows"] = [[_hm(a), _hm(b)] for a, b in merged]


def later_end(document: dict, minutes: int) -> None:
    event = document["event"]
    event["day_end"] = _hm(min(23 * 60 + 59, minutes_of(event["day_end"]) + minutes))


CHANGES = {"bus": more_buses, "seats": more_seats, "windows": wider_windows, "end": later_end}
