"""The planning core's command line: solve and check kengaku documents without a database.

    python -m tours.planning solve SCENARIO.json [--time-limit S] [--workers N] [--seed K]
                                                 [--out PLAN.json]
    python -m tours.planning check SCENARIO.json PLAN.json

Exit codes: 0 done (or the plan is valid), 1 the checked plan breaks rules, 2 a file cannot be read
or the scenario cannot be planned, 3 the solver produced a plan its own checker rejects (a bug).
"""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tours.planning.check.verdict import CheckResult, Objective, check
from tours.planning.model.build import problem_from_scenario
from tours.planning.model.errors import ScenarioError
from tours.planning.model.problem import Problem

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INPUT = 2
EXIT_SOLVER_BUG = 3


class InputError(Exception):
    """A file cannot be read or does not hold a plannable document; the message says why."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT


# --- the two commands -----------------------------------------------------------------------


def run_solve(args: argparse.Namespace) -> int:
    from tours.planning.solver import solve  # ortools loads only when solving

    problem = _problem(args.scenario)
    plan = solve(problem, time_limit_s=args.time_limit, seed=args.seed, workers=args.workers)
    result = check(problem, plan)
    if not result.ok:
        print(
            f"error: the solver's plan breaks {len(result.violations)} rule(s) "
            "(a solver bug; please report it with the scenario):",
            file=sys.stderr,
        )
        _print_violations(result, sys.stderr)
        return EXIT_SOLVER_BUG
    text = json.dumps(plan, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    print(summary_line(plan), file=sys.stderr)
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    problem = _problem(args.scenario)
    plan = _read_json(args.plan)
    result = check(problem, plan)
    out = sys.stdout
    sha = plan.get("scenario_sha256") if isinstance(plan, dict) else None
    if sha is not None and sha != problem.scenario_sha256:
        print(
            "note: the plan was made for another version of this scenario (sha256 differs)",
            file=out,
        )
    _print_violations(result, out)
    print(f"objective: {objective_text(result.objective)}", file=out)
    if result.ok:
        print("the plan is valid", file=out)
        return EXIT_OK
    count = len(result.violations)
    print(f"the plan breaks the rules: {count} violation{'' if count == 1 else 's'}", file=out)
    return EXIT_VIOLATIONS


# --- output shared with the Django side (through tours.adapters) -----------------------------


def summary_line(plan: dict) -> str:
    """One line about a kengaku.plan/1 document: status, score, bound, gap, time, buses, unassigned.

    `ascc-2025-tour: feasible score 20904 bound 26870 gap 22.2% in 7.2 s, 6 buses, 0 unassigned`
    """
    objective = plan.get("objective") or {}
    score, bound = objective.get("score"), objective.get("bound")
    buses, unassigned = len(plan.get("buses") or ()), len(plan.get("unassigned") or ())
    warnings = len(plan.get("warnings") or ())
    text = (
        f"{plan.get('scenario')}: {plan.get('status')} score {score} "
        f"bound {'n/a' if bound is None else bound} gap {gap_text(score, bound)} "
        f"in {float(plan.get('solve_seconds') or 0):.1f} s, "
        f"{buses} bus{'' if buses == 1 else 'es'}, {unassigned} unassigned"
    )
    if warnings:
        text += f", {warnings} warning{'' if warnings == 1 else 's'}"
    return text


def gap_text(score: float | None, bound: float | None) -> str:
    """(bound - score) / |bound| as a percentage, or n/a when there is no bound to compare with."""
    if score is None or bound is None:
        return "n/a"
    if bound == 0:
        return "0.0%" if score == 0 else "n/a"
    return f"{(bound - score) / abs(bound) * 100:.1f}%"


def objective_text(objective: Objective | None) -> str:
    if objective is None:
        return "cannot be computed (the plan is too malformed to score)"
    return (
        f"score {objective.score} (interest {objective.interest}, bus cost {objective.bus_cost}, "
        f"driving {objective.driving_minutes} min)"
    )


def violation_line(rule: int, where: str, message: str) -> str:
    return f"rule {rule} {where}: {message}" if where else f"rule {rule}: {message}"


# --- reading --------------------------------------------------------------------------------


def _print_violations(result: CheckResult, out: TextIO) -> None:
    for v in result.violations:
        print(violation_line(v.rule, v.where, v.message), file=out)


def _read_json(path: str) -> object:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a BOM, as some editors write, is fine
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a JSON file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None


def _problem(path: str) -> Problem:
    document = _read_json(path)
    try:
        return problem_from_scenario(document)
    except ScenarioError as exc:
        lines = [f"{p}: {m}" if p else m for p, m in exc.problems]
        count = len(lines)
        head = (
            f"{path}: the scenario cannot be planned ({count} problem{'' if count == 1 else 's'}):"
        )
        raise InputError("\n  ".join([head, *lines])) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tours.planning",
        description="Plan a Kengaku tour day from a kengaku.scenario/1 file, or check a plan "
        "against its scenario. Needs no database.",
        epilog="Exit codes: 0 success, 1 the checked plan breaks rules, 2 unreadable input or "
        "unplannable scenario, 3 the solver's own plan fails the checker (a bug).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    solve_cmd = commands.add_parser(
        "solve",
        help="solve a scenario and write a kengaku.plan/1 document",
        description="Solve a scenario, check the plan, write it as JSON (to --out or standard "
        "output) and print a one-line summary to standard error.",
    )
    solve_cmd.add_argument("scenario", metavar="SCENARIO.json", help="kengaku.scenario/1 file")
    solve_cmd.add_argument(
        "--time-limit",
        type=_positive_float,
        default=10.0,
        metavar="S",
        help="seconds the solver may spend (default: %(default)s)",
    )
    solve_cmd.add_argument(
        "--workers",
        type=_positive_int,
        default=2,
        metavar="N",
        help="CPU cores to use: CP-SAT threads, and from 2 the bound in a second process "
        "(default: %(default)s; 1 is reproducible)",
    )
    solve_cmd.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="K",
        help="random seed, for repeatable runs (default: %(default)s)",
    )
    solve_cmd.add_argument(
        "--out", metavar="PLAN.json", help="file to write the plan to (default: standard output)"
    )
    solve_cmd.set_defaults(run=run_solve)

    check_cmd = commands.add_parser(
        "check",
        help="check a plan against its scenario",
        description="List every rule the plan breaks, one per line, and the objective recomputed "
        "from the plan. Exits 1 when any rule is broken.",
    )
    check_cmd.add_argument("scenario", metavar="SCENARIO.json", help="kengaku.scenario/1 file")
    check_cmd.add_argument("plan", metavar="PLAN.json", help="kengaku.plan/1 file")
    check_cmd.set_defaults(run=run_check)
    return parser


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not at least 1")
    return value
