"""Solve one benchmark case in its own process and report it as one line of JSON.

    python -m bench.run_one demo|ascc:1|regional:3|summit:2 --time-limit 10 --workers 2 \
        --plan /tmp/plan.json

The line holds score, bound, status, seconds (wall clock around solve) and peak_mb (this
process's peak resident memory plus its largest child's, so the solver's alone); the plan itself
goes to --plan.
"""

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from bench.scenarios import generate
from tours.planning.model.build import problem_from_scenario
from tours.planning.solver import solve

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tours" / "fixtures" / "ascc-2025.json"


def scenario_for(case: str) -> dict:
    """The scenario document of a case: "demo" or "<size>:<seed>"."""
    if case == "demo":
        return json.loads(DEMO.read_text(encoding="utf-8"))
    size, _, seed = case.partition(":")
    return generate(size, int(seed))


def peak_mb() -> float:
    """Peak resident memory in MB of this process plus the largest of its children (the solver
    may prove its bound in a forked child); ru_maxrss is in KB on Linux. A forked child shares
    its parent's pages, so the sum overstates the peak a little, never understates it."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", help='"demo" or "<size>:<seed>", e.g. ascc:1')
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="the solver's random seed")
    parser.add_argument("--plan", type=Path, help="where to write the plan (JSON)")
    args = parser.parse_args(argv)
    problem = problem_from_scenario(scenario_for(args.case))
    started = time.monotonic()
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
