"""Benchmark long routes on the orienteering problem with time windows (OPTW: TOPTW, one vehicle).

    .venv/bin/python bench/toptw.py [--instances c101,r101,rc101,r201,rc201] [--time-limit 10]
        [--stop-minutes 0] [--out docs/benchmarks.md]

Each Solomon instance in bench/data/toptw/ (see its README: sources, best known scores) becomes a
scenario: one delegation at the depot, one bus, each customer a facility (its service time the
visit, one window from its ready time to its due time plus service, its profit the interest),
ceil'd Euclidean minutes as the travel matrix, every customer allowed on the route, weights
{interest 1, bus_cost 0, driving_minute 0}: the score is the profit collected. The day starts
with a pickup and lunch at the depot (lunch must start then: its window is that minute) and the
route leaves at the instance's time 0, shifted by their minutes; the drop-off at the depot ends
by the depot's due time, shifted likewise. Pickup, lunch and drop-off last --stop-minutes each
(0 by default; where zero-minute stops are not accepted, 1 gives the same instance).

"ours" is the whole solver (tours/planning/solver.py: the day with at most 3 visits per bus,
then every route lengthened) for the time limit. Beside it, lengthening alone: from the
spreadsheet plan (quick/greedy.py) with at most 3 visits per bus, `lengthen` for the rest of
the same time ("lengthened"), against `route_alone`, the routing solver with the whole time and
no start route ("alone"). No step downloads anything. With --out, the table replaces the
"## Long routes (TOPTW)" section.
"""

import argparse
import datetime as dt
import math
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: bench/ is on the path, the project is not

from tours.planning.check.verdict import check  # noqa: E402
from tours.planning.model.build import problem_from_scenario  # noqa: E402
from tours.planning.model.problem import Problem, hhmm  # noqa: E402
from tours.planning.quick.greedy import greedy_plan  # noqa: E402
from tours.planning.quick.lengthen import lengthen, route_alone  # noqa: E402
from tours.planning.solver import solve  # noqa: E402

DATA = ROOT / "bench" / "data" / "toptw"
SECTION = "## Long routes (TOPTW)"
COMMAND = "python bench/toptw.py --out docs/benchmarks.md"
# Labadie, Mansini, Melechovsky, Wolfler Calvo (2012), m = 1 (bench/data/toptw/README.md)
BEST_KNOWN = {"c101": 320, "r101": 198, "rc101": 219, "r201": 797, "rc201": 795}
HEADER = (
    "| instance | customers | best known | ours | ours÷best | visits | seconds | checker "
    "| 3-visit start | lengthened | alone | lengthened÷alone |"
)


def read_solomon(path: Path) -> list[tuple[int, float, float, int, int, int, int]]:
    """(number, x, y, profit, ready, due, service) rows; the first is the depot."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split()
        if len(parts) == 7:
            n, x, y, profit, ready, due, service = parts
            rows.append((int(n), float(x), float(y), int(profit), int(ready), int(due),
                         int(service)))  # fmt: skip
    return rows


def scenario(name: str, rows, stop: int = 0) -> dict:
    """The instance as a scenario whose pickup, lunch and drop-off last `stop` minutes."""
    depot, customers = rows[0], rows[1:]
    start = 2 * stop  # the instance's time 0: after the pickup and lunch
    end = start + depot[5] + stop  # the drop-off at the depot ends by the depot's due time
    if end >= 24 * 60:
        raise SystemExit(f"{name}: a horizon of {depot[5]} does not fit in a day")
    if max(c[3] for c in customers) > 100:
        raise SystemExit(f"{name}: profits above 100 would need scaling to interests")
    keys = ["depot", "lunch", *(f"c{c[0]}" for c in customers)]
    points = [depot, depot, *customers]
    matrix = [[0 if a is b else math.ceil(math.dist(a[1:3], b[1:3])) for b in points]
              for a in points]  # fmt: skip
    return {
        "format": "kengaku.scenario/1",
        "event": {
            "key": f"toptw-{name}", "name": f"OPTW {name}", "date": "2025-11-27",
            "day_start": "00:00", "day_end": hhmm(end),
            "lunch": {"earliest": hhmm(stop), "latest": hhmm(stop), "minutes": stop},
            "staff_seats_per_bus": 1, "max_visits_per_bus": len(customers),
            "min_visits_per_bus": 1, "boarding_minutes": stop,
        },
        "travel": {"matrix": {"keys": keys, "minutes": matrix}},
        "places": [
            {"key": "depot", "name": "Depot", **_at(depot), "kind": "hotel"},
            {"key": "lunch", "name": "Depot", **_at(depot), "kind": "lunch", "max_people": 10},
        ],
        "facilities": [_facility(c, start, end) for c in customers],
        "buses": [{"key": "bus", "seats": 10, "wheelchair_spaces": 0, "cost": 0}],
        "interpreters": [],
        "delegations": [{
            "key": "walkers", "city": "Solomon", "country": "XX", "language": "ja", "size": 1,
            "pickup": "depot", "earliest_pickup": "00:00", "dropoff": "depot",
            "latest_dropoff": hhmm(end), "interests": {f"c{c[0]}": c[3] for c in customers},
        }],
        "weights": {"interest": 1, "bus_cost": 0, "driving_minute": 0},
    }  # fmt: skip


def _at(row) -> dict:
    return {"lat": 35 + row[2] / 1000, "lon": 139 + row[1] / 1000}


def _facility(row, start: int, end: int) -> dict:
    n, _, _, _, ready, due, service = row
    close = min(start + due + service, end)
    return {
        "key": f"c{n}", "name": f"Customer {n}", **_at(row), "visit_minutes": service,
        "windows": [[hhmm(start + ready), hhmm(close)]], "max_people": 10,
        "max_buses_at_once": 1, "max_visits": 1, "wheelchair": True, "themes": [],
    }  # fmt: skip


def quick_start(problem: Problem) -> dict:
    """The spreadsheet plan with at most 3 visits per bus, as a plan of the real problem."""
    short = replace(problem, max_visits=min(3, problem.max_visits))
    plan = greedy_plan(short, attempt_s=1.0, seed=0, workers=1, joint=False)
    return {**plan, "scenario_sha256": problem.scenario_sha256}


def row(name: str, limit: float, stop: int, workers: int) -> str:
    """One instance: the solver, then lengthening from the 3-visit start, then the routing
    solver alone, each for `limit` seconds."""
    problem = problem_from_scenario(scenario(name, read_solomon(DATA / f"{name}.txt"), stop))
    began = time.monotonic()
    ours = solve(problem, time_limit_s=limit, seed=0, workers=workers)
    seconds = time.monotonic() - began
    began = time.monotonic()
    start = quick_start(problem)
    longer = lengthen(problem, start, deadline=began + limit) if start["buses"] else start
    alone = route_alone(problem, start, time_limit_s=limit) if start["buses"] else start
    verdicts = [check(problem, p) for p in (ours, longer, alone)]
    score, best = ours["objective"]["score"], BEST_KNOWN[name]
    lengthened, other = longer["objective"]["score"], alone["objective"]["score"]
    visits = sum(1 for b in ours["buses"] for s in b["stops"] if s["kind"] == "visit")
    checker = "ok" if all(v.ok for v in verdicts) else "FAILED"
    cells = [name, len(problem.facilities), best, score, f"{score / best:.3f}", visits,
             f"{seconds:.1f}", checker, start["objective"]["score"], lengthened, other,
             f"{lengthened / other:.3f}" if other else "-"]  # fmt: skip
    return "| " + " | ".join(str(c) for c in cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", default=",".join(BEST_KNOWN))
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--stop-minutes", type=int, default=0, help="pickup, lunch, drop-off")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.instances.split(",") if n.strip()]
    print(HEADER)
    print("|" + "---|" * HEADER.count(" | ") + "---|")
    table = []
    for name in names:
        table.append(row(name, args.time_limit, args.stop_minutes, args.workers))
        print(table[-1], flush=True)
    if args.out:
        _write(args.out, table, args)
    return 0


def _write(path: Path, table: list[str], args: argparse.Namespace) -> None:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join([
        SECTION, "", f"Command: `{COMMAND}`", "",
        f"Date: {when}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; time limit "
        f"{args.time_limit:g} s per instance and method; workers {args.workers}; pickup, lunch "
        f"and drop-off at the depot {args.stop_minutes} minutes each.", "",
        "Solomon's 100-customer instances as orienteering with time windows, one vehicle "
        "(bench/data/toptw/README.md: the reduction, the sources, the best known scores). "
        "ours: the whole solver (the day with at most 3 visits per bus, then every route "
        "lengthened), its seconds its wall clock. Then lengthening alone: the spreadsheet plan "
        "with at most 3 visits (3-visit start), `quick/lengthen.py` from it for the rest of the "
        "same time (lengthened), against `route_alone`, the routing solver alone with no start "
        "route, for the same time (alone). Scores are the profit collected as the checker "
        "recomputes it; checker is its verdict on all three plans. Our travel times are ceil'd "
        "Euclidean distances and the best known scores come from unrounded ones, so the best "
        "our scenarios allow may lie below them.",
        "", HEADER, "|" + "---|" * HEADER.count(" | ") + "---|", *table, "",
    ])  # fmt: skip
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if SECTION in text:
        head, _, rest = text.partition(SECTION)
        tail = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
