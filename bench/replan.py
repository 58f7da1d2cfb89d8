"""Benchmark least-change re-planning against solving from scratch, after each kind of change.

    .venv/bin/python bench/replan.py [--cases demo,regional:1] [--time-limit-demo 10]
        [--time-limit-regional 30] [--workers 2] [--out docs/benchmarks.md]

For each case the day is planned once (the published plan); then each change is made to the
scenario (a delegation cancels, a delegation grows by two, a delegation's flight is an hour
earlier, a bus is withdrawn, a visited facility closes its first window, an interpreter drops
out) and the day is planned again twice: as a re-plan from the published plan and from scratch.
The table gives, for both, the score, what changed against the published plan (delegations
moved to another bus, interpreters moved, visits dropped or shifted by more than the tolerance),
the disruption penalty at the default weights, the checker's verdict and the seconds. With --out
the table replaces the "## Re-planning" section of that file.
"""

import argparse
import copy
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run_one import scenario_for  # noqa: E402
from tours.planning.check.verdict import check  # noqa: E402
from tours.planning.model.build import problem_from_scenario  # noqa: E402
from tours.planning.model.problem import hhmm, minutes  # noqa: E402
from tours.planning.replan.disruption import Disruption, DisruptionWeights  # noqa: E402
from tours.planning.solver import solve  # noqa: E402

SECTION = "## Re-planning"
HEADER = (
    "| case | change | how | score | delegations moved | interpreters moved | visits shifted "
    "| penalty | score - penalty | checker | seconds |"
)


def changes(document: dict, published: dict) -> list[tuple[str, dict]]:
    """(name, changed scenario) for each kind of change, chosen from the published plan."""
    buses = sorted(published["buses"], key=lambda b: -len(b["delegations"]))
    rider = buses[0]["delegations"][0]
    found = []
    found.append((f"delegation {rider} cancels", _cancel(document, rider)))
    grown = copy.deepcopy(document)
    for d in grown["delegations"]:
        if d["key"] == rider:
            d["size"] += 2
    found.append((f"delegation {rider} grows by 2", grown))
    flying = next((d for d in document["delegations"] if d.get("latest_dropoff")), None)
    if flying is not None:
        earlier = copy.deepcopy(document)
        for d in earlier["delegations"]:
            if d["key"] == flying["key"]:
                d["latest_dropoff"] = hhmm(minutes(d["latest_dropoff"]) - 60)
        found.append((f"flight of {flying['key']} an hour earlier", earlier))
    withdrawn = copy.deepcopy(document)
    bus = buses[-1]["bus"]
    withdrawn["buses"] = [b for b in withdrawn["buses"] if b["key"] != bus]
    found.append((f"bus {bus} withdrawn", withdrawn))
    visited = next(s["at"] for s in buses[0]["stops"] if s["kind"] == "visit")
    closed = copy.deepcopy(document)
    for f in closed["facilities"]:
        if f["key"] == visited and len(f["windows"]) > 1:
            f["windows"] = f["windows"][1:]
        elif f["key"] == visited:
            start, end = f["windows"][0]
            f["windows"] = [[hhmm(minutes(start) + (minutes(end) - minutes(start)) // 2), end]]
    found.append((f"facility {visited} closes a window", closed))
    crew = next((b["interpreters"][0] for b in buses if b["interpreters"]), None)
    if crew is not None:
        dropped = copy.deepcopy(document)
        dropped["interpreters"] = [i for i in dropped["interpreters"] if i["key"] != crew]
        found.append((f"interpreter {crew} drops out", dropped))
    return found


def _cancel(document: dict, key: str) -> dict:
    changed = copy.deepcopy(document)
    changed["delegations"] = [d for d in changed["delegations"] if d["key"] != key]
    for d in changed["delegations"]:
        d["together_with"] = [k for k in d.get("together_with", []) if k != key]
    return changed


def rows(case: str, limit: float, workers: int) -> list[str]:
    document = scenario_for(case)
    published = solve(problem_from_scenario(document), time_limit_s=limit, workers=workers)
    found = []
    weights = DisruptionWeights()
    for name, changed in changes(document, published):
        problem = problem_from_scenario(changed)
        for how, baseline in (("re-plan", published), ("from scratch", None)):
            started = time.monotonic()
            plan = solve(problem, time_limit_s=limit, workers=workers, baseline=baseline)
            seconds = time.monotonic() - started
            summary = Disruption(problem, published, weights).summary(plan["buses"])
            result = check(problem, plan)
            verdict = "ok" if result.ok else f"{len(result.violations)} violations"
            if plan["unassigned"]:
                verdict += f" ({len(plan['unassigned'])} unassigned)"
            score = plan["objective"]["score"]
            found.append(
                f"| {case} | {name} | {how} | {score} | {summary['delegations_moved']} "
                f"| {summary['interpreters_moved']} | {summary['visits_shifted']} "
                f"| {summary['penalty']} | {score - summary['penalty']} | {verdict} "
                f"| {seconds:.1f} |"
            )
            print(found[-1], flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="demo,regional:1")
    parser.add_argument("--time-limit-demo", type=float, default=10.0)
    parser.add_argument("--time-limit-regional", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    print(HEADER)
    print("|" + "---|" * HEADER.count(" | ") + "---|")
    table = []
    for case in [c.strip() for c in args.cases.split(",") if c.strip()]:
        limit = args.time_limit_regional if case.startswith("regional") else args.time_limit_demo
        table += rows(case, limit, args.workers)
    if args.out:
        _write(args.out, table, args)
    return 0


def _write(path: Path, table: list[str], args: argparse.Namespace) -> None:
    command = "python bench/replan.py --out docs/benchmarks.md"
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    weights = ", ".join(f"{k} {v}" for k, v in DisruptionWeights().as_dict().items())
    section = "\n".join([
        SECTION, "", f"Command: `{command}`", "",
        f"Date: {when}; {os.cpu_count()} CPUs; workers {args.workers}; time limits: demo "
        f"{args.time_limit_demo:g} s, regional {args.time_limit_regional:g} s.", "",
        "Each change is re-planned from the published plan (least change, default weights: "
        f"{weights}) and solved from scratch; both are measured against the published plan.",
        "", HEADER, "|" + "---|" * HEADER.count(" | ") + "---|", *table, "",
    ])  # fmt: skip
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if SECTION in text:
        head, _, rest = text.partition(SECTION)
        tail = rest[rest.find("\n## ") :] if "\n## " in rest else ""
        text = head + section + tail.lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
