"""Solve one benchmark case in its own process and report it as one line of JSON.

    python -m bench.run_one demo|ascc:1|regional:3|summit:2 --time-limit 10 --workers 2 \
        --plan /tmp/plan.json
    python -m bench.run_one ascc:1:v5 ...               # a shape: max 5 visits per bus
    python -m bench.run_one long:1:b2:f60 ...           # a long-route day: 2 buses, 60 stops
    python -m bench.run_one long:1:b2:f60 --route-alone-from /tmp/plan.json --plan /tmp/alone.json

A case is "demo" or "<size>:<seed>", then any shape tokens of bench/variants.py (v5, bus+1,
seats+5, windows+60, end+60); "long:<seed>:b<buses>:f<facilities>" is bench/long_days.py's day.
With --route-alone-from, the groups of that plan are routed by OR-Tools routing alone
(`route_alone`) instead of solving. The line holds score, bound, status, seconds (wall clock
around solve) and peak_mb (this process's peak resident memory plus its largest child's, so the
solver's alone); the plan itself goes to --plan.
"""

import argparse
import importlib
import json
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import variants
from bench.long_days import long_day
from bench.scenarios import generate
from tours.planning.model.build import problem_from_scenario

ROUTE_ALONE_MODULES = ("tours.planning.routing.long_routes", "tours.planning.quick.lengthen")
LONG_SHAPE = re.compile(r"^(?P<what>[bf])(?P<n>\d+)$")

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tours" / "fixtures" / "ascc-2025.json"


def scenario_for(case: str) -> dict:
    """The scenario document of a case (see the module docstring)."""
    base, *rest = case.split(":")
    if base == "demo":
        return variants.apply(json.loads(DEMO.read_text(encoding="utf-8")), rest)
    if not rest or not rest[0].isdigit():
        raise ValueError(f"case {case!r}: expected <size>:<seed>[:<shape>...] or demo")
    seed, tokens = int(rest[0]), rest[1:]
    if base != "long":
        return variants.apply(generate(base, seed), tokens)
    shape = {m["what"]: int(m["n"]) for m in map(LONG_SHAPE.match, tokens) if m}
    document = long_day(seed, buses=shape.get("b", 1), facilities=shape.get("f", 50))
    return variants.apply(document, [t for t in tokens if not LONG_SHAPE.match(t)])


def route_alone_function() -> Callable[..., dict] | None:
    """`route_alone(problem, plan, *, time_limit_s, seed)` where it lives, or None (not yet)."""
    for name in ROUTE_ALONE_MODULES:
        try:
            found = getattr(importlib.import_module(name), "route_alone", None)
        except ModuleNotFoundError as exc:  # not written yet; a broken module still raises
            if exc.name != name:
                raise
            continue
        if found is not None:
            return found
    return None


def peak_mb() -> float:
    """Peak resident memory in MB of this process plus the largest of its children (the solver
    may prove its bound in a forked child); ru_maxrss is in KB on Linux. A forked child shares
    its parent's pages, so the sum overstates the peak a little, never understates it."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", help="e.g. demo, ascc:1, ascc:1:v5, long:1:b2:f60")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="the solver's random seed")
    parser.add_argument("--plan", type=Path, help="where to write the plan (JSON)")
    parser.add_argument("--route-alone-from", type=Path, help="route this plan's groups alone")
    args = parser.parse_args(argv)
    problem = problem_from_scenario(scenario_for(args.case))
    started = time.monotonic()
    if args.route_alone_from:
        route_alone = route_alone_function()
        if route_alone is None:
            raise SystemExit(f"route_alone is not in {' or '.join(ROUTE_ALONE_MODULES)} yet")
        given = json.loads(args.route_alone_from.read_text(encoding="utf-8"))
        plan = route_alone(problem, given, time_limit_s=args.time_limit, seed=args.seed)
    else:
        from tours.planning.solver import solve  # here: scenario_for needs no solver

        plan = solve(problem, time_limit_s=args.time_limit, seed=args.seed, workers=args.workers)
    seconds = time.monotonic() - started
    if args.plan:
        args.plan.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    objective = plan.get("objective") or {}
    report = {
        "case": args.case,
        "score": objective.get("score"),
        "bound": objective.get("bound"),
        "status": plan.get("status"),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb(), 1),
        "unassigned": len(plan.get("unassigned") or []),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
