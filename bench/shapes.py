"""Benchmark of shapes: the planner on days of other shapes than the usual 3-visit day.

    .venv/bin/python bench/shapes.py [--sizes ascc,regional,summit] [--visits 3,5,8] [--seeds 1]
        [--time-limit-ascc 10 --time-limit-regional 30 --time-limit-summit 60]
        [--long 1x50,1x100,2x60,4x100] [--long-limits 10,30]
        [--looser ascc:1,ascc:2,ascc:3] [--looser-limit 10] [--solver-seeds 3]
        [--workers 2] [--memory-gb 8] [--slack 60] [--out docs/benchmarks.md]

The first table: every size of bench/scenarios.py x max_visits_per_bus (cases "ascc:1:v5"), then
long-route days of bench/long_days.py (cases "long:1:b2:f60", buses x facilities as --long) at
each of --long-limits. "vs tighter" is a day's score as a percentage of the same day with the
next smaller visit limit; "÷ routing alone" divides a long day's score by that of OR-Tools
routing alone (`route_alone`, given our plan's groups, at the same limit), "n/a" while
`route_alone` does not exist. The second table, "Looser is never worse" (bench/looser.py), solves
each --looser day and loosened copies of it with several solver seeds.

Each solve runs in its own process (bench/run_one.py, through bench/apart.py, which says how
wall clock and peak memory, children included, are measured) under a hard timeout of
2 x limit + --slack seconds and a memory ceiling of --memory-gb (RLIMIT_AS); a runaway costs one
row. Every plan is re-checked by the checker in this process, and its score is the checker's.
With --out, the tables replace the "## Shapes" section of that file.
"""

import argparse
import datetime as dt
import itertools
import os
import re
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: bench/ is on the path, the project is not

from bench import looser  # noqa: E402
from bench.apart import Solved, solve_case  # noqa: E402
from bench.run_one import route_alone_function, scenario_for  # noqa: E402
from bench.table import cells, gap, git_commit, number, percent, replace_section, rule  # noqa: E402
from tours.planning.model.build import problem_from_scenario  # noqa: E402
from tours.planning.model.problem import Problem  # noqa: E402

SECTION = "## Shapes"
HEADER = (
    "| case | shape (delegations/facilities/buses, max visits) | limit s | wall clock s | peak MB "
    "| score | bound | gap % | unassigned | checker | vs tighter | ÷ routing alone |"
)
LIMITS = {"ascc": 10.0, "regional": 30.0, "summit": 60.0}
EXPLAIN = (
    "Score as the checker recomputes it in the parent, bound as the solver proves it; gap = "
    "(bound - score) / |bound|. Wall clock is measured in the parent around the child process "
    "(start-up and building the scenario included); peak MB is the largest total, polled every "
    "0.2 s, of the proportional set sizes (Pss) of the child and all its descendants (the solver "
    "proves its bound in a forked child), never below the largest single process's peak "
    "(bench/apart.py). vs tighter: the score as a percentage of "
    "the same day with the next smaller visit limit (v5 against v3, v8 against v5). ÷ routing "
    "alone: the score divided by that of OR-Tools routing alone on our plan's groups, at the "
    "same time limit (its score in brackets). Long days: bench/long_days.py, "
    "long:<seed>:b<buses>:f<facilities>, max visits per bus = facilities."
)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="ascc,regional,summit", help='"" for none')
    parser.add_argument("--visits", default="3,5,8", help="max_visits_per_bus values")
    parser.add_argument("--seeds", type=int, default=1, help="scenario seeds 1..N")
    for size, limit in LIMITS.items():
        parser.add_argument(f"--time-limit-{size}", type=float, default=limit)
    parser.add_argument("--long", default="1x50,1x100,2x60,4x100", help="buses x facilities")
    parser.add_argument("--long-limits", default="10,30", help="seconds, for every long day")
    looser.add_arguments(parser)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-gb", type=float, default=8.0, help="per solve (RLIMIT_AS)")
    parser.add_argument("--slack", type=float, default=60.0, help="timeout = 2 x limit + slack")
    parser.add_argument("--out", type=Path, help='Markdown file whose "## Shapes" to replace')
    args = parser.parse_args(argv)
    args.memory_bytes = int(args.memory_gb * 2**30)
    unknown = [s for s in _list(args.sizes) if s not in LIMITS]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)} ({', '.join(LIMITS)})")
    if not all(re.fullmatch(r"[1-8]x\d+", shape) for shape in _list(args.long)):
        parser.error(f"--long: <buses>x<facilities>, e.g. 2x60, not {args.long!r}")
    return args


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def problem_of(case: str) -> tuple[Problem | None, str]:
    """The case's problem (None if it cannot be built) and its shape cell."""
    try:
        problem = problem_from_scenario(scenario_for(case))
    except Exception as exc:
        return None, f"scenario failed: {type(exc).__name__}: {exc}"[:120]
    counts = f"{len(problem.delegations)}/{len(problem.facilities)}/{len(problem.buses)}"
    return problem, f"{counts}, ≤ {problem.max_visits} visits"


def solve(problem: Problem, case: str, limit: float, args, **more) -> Solved:
    try:
        return solve_case(problem, case, limit, workers=args.workers,
                          memory_bytes=args.memory_bytes, slack_s=args.slack, **more)  # fmt: skip
    except Exception as exc:  # keep going: one broken case is one row
        return Solved(case, limit, 0.0, 0.0, failure=f"failed: {type(exc).__name__}: {exc}"[:120])


def row(case: str, shape: str, solved: Solved | None, vs_tighter: str, alone: str) -> str:
    if solved is None:
        return cells([case, shape, *[""] * 10])
    front = [case, shape, f"{solved.limit:g}", f"{solved.seconds:.1f}", f"{solved.peak_mb:.0f}"]
    if solved.failure:
        return cells([*front, solved.failure, *[""] * 6])
    unassigned = len(solved.plan.get("unassigned") or [])
    score, bound = solved.score, solved.bound
    return cells([*front, number(score), number(bound), gap(score, bound), unassigned,
                  solved.checker, vs_tighter, alone])  # fmt: skip


def size_rows(args):
    """ASCC, regional and summit days at every visit limit; yields table lines."""
    for size in _list(args.sizes):
        limit = getattr(args, f"time_limit_{size}")
        for seed in range(1, args.seeds + 1):
            tighter: Solved | None = None
            for visits in sorted(int(v) for v in _list(args.visits)):
                case = f"{size}:{seed}:v{visits}"
                problem, shape = problem_of(case)
                solved = solve(problem, case, limit, args) if problem else None
                versus = "" if tighter is None else percent(_score(solved), _score(tighter))
                yield row(case, shape, solved, versus, "")
                tighter = solved


def long_rows(args):
    """Long-route days at every long limit, each against routing alone; yields table lines."""
    try:
        route_alone, missing = route_alone_function(), "n/a"
    except Exception as exc:  # the module is there but broken: a column of notes, not the end
        route_alone, missing = None, f"n/a (import failed: {type(exc).__name__})"
    for shape_text in _list(args.long):
        buses, _, facilities = shape_text.partition("x")
        for seed in range(1, args.seeds + 1):
            case = f"long:{seed}:b{int(buses)}:f{int(facilities)}"
            problem, shape = problem_of(case)
            for limit in (float(v) for v in _list(args.long_limits)):
                solved = solve(problem, case, limit, args) if problem else None
                alone = missing
                if route_alone is not None and solved is not None and solved.plan is not None:
                    alone = _against_alone(problem, case, limit, args, solved)
                yield row(case, shape, solved, "", alone)


def _against_alone(problem: Problem, case: str, limit: float, args, solved: Solved) -> str:
    alone = solve(problem, case, limit, args, route_from=solved.plan)
    if alone.failure or alone.checker != "ok":
        return f"n/a (alone: {alone.failure or alone.checker})"
    if solved.score is None or not alone.score or alone.score <= 0:
        return f"n/a (alone {number(alone.score)})"
    return f"{solved.score / alone.score:.2f} ({alone.score})"


def _score(solved: Solved | None) -> int | None:
    ok = solved is not None and not solved.failure and solved.checker == "ok"
    return solved.score if ok else None


def stamp(args) -> str:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return (f"Date: {now}; commit {git_commit()}; {os.cpu_count()} CPUs; Python "
            f"{sys.version.split()[0]}; workers {args.workers}; memory ceiling "
            f"{args.memory_gb:g} GB per solve; timeout 2 x limit + {args.slack:g} s.")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    command = shlex.join(["python", *sys.argv]) if argv is None else shlex.join(argv)
    started, shapes = time.monotonic(), [HEADER, rule(HEADER)]
    print("\n".join(shapes), flush=True)
    for line in itertools.chain(size_rows(args), long_rows(args)):  # each row as it is done
        shapes.append(line)
        print(line, flush=True)
    loose = [looser.HEADER, rule(looser.HEADER)]
    if looser.cases(args):
        print("\n" + "\n".join(loose), flush=True)
        for line in looser.rows(args, problem_of, solve):
            loose.append(line)
            print(line, flush=True)
    print(f"\n{len(shapes) + len(loose) - 4} rows in {time.monotonic() - started:.0f} s")
    if args.out:
        body = [f"Command: `{command}`", "", stamp(args), "", EXPLAIN, "", *shapes]
        if len(loose) > 2:
            body += ["", looser.TITLE, "", f"Command: `{command}`", "", looser.EXPLAIN, "", *loose]
        replace_section(args.out, SECTION, body)
        print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
