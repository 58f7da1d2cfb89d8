"""The "Looser is never worse" table of bench/shapes.py: a day and loosened copies of it.

Every variant of bench/variants.py but a lower visit limit only loosens the day (any plan of the
base day stays valid), so an exact solver never scores lower on it. Each day and variant is
solved with solver seeds 0..N-1 (each apart, as bench/shapes.py does); a variant whose mean score
is more than FLAG_BELOW lower than the base's mean is flagged.
"""

import argparse
from collections.abc import Callable, Iterator

from bench.table import cells, number, percent
from bench.variants import describe

TITLE = "### Looser is never worse"
HEADER = "| day | variant | shape | scores by solver seed | mean | vs base | flag |"
VARIANTS = ("v5", "bus+1", "seats+5", "windows+60", "end+60")
FLAG_BELOW = 0.01
EXPLAIN = (
    "Each day as generated (base) and loosened: max visits per bus 3 -> 5 (v5), one more bus "
    "copying the largest (bus+1), 5 more seats on every bus (seats+5), every facility window 60 "
    "min wider each side within the day, overlapping windows merged (windows+60), and the day "
    "ending 60 min later (end+60). Scores are the checker's, one per solver seed (✗: a failure or "
    "a plan the checker refused, left out of the mean); vs base is the mean against the base's "
    f"mean, flagged when more than {100 * FLAG_BELOW:g} % lower."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--looser", default="ascc:1,ascc:2,ascc:3", help='days; "" for none')
    parser.add_argument("--looser-limit", type=float, default=10.0, help="seconds per solve")
    parser.add_argument("--solver-seeds", type=int, default=3, help="solver seeds 0..N-1")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="bench/variants.py tokens")


def cases(args: argparse.Namespace) -> list[str]:
    return [c.strip() for c in args.looser.split(",") if c.strip()]


def rows(args: argparse.Namespace, problem_of: Callable, solve: Callable) -> Iterator[str]:
    """Table lines, one per day and variant; `problem_of(case)` and `solve(problem, case, limit,
    args, seed=...)` are bench/shapes.py's."""
    tokens = [t.strip() for t in args.variants.split(",") if t.strip()]
    for token in tokens:
        describe(token)  # refuses an unknown token before any solving
    for day in cases(args):
        base_mean = None
        for token in ["", *tokens]:
            case = f"{day}:{token}" if token else day
            problem, shape = problem_of(case)
            if problem is None:
                yield cells([day, token or "base", shape, "", "", "", ""])
                continue
            scores = []
            for seed in range(args.solver_seeds):
                solved = solve(problem, case, args.looser_limit, args, seed=seed)
                good = not solved.failure and solved.checker == "ok" and solved.score is not None
                scores.append(solved.score if good else f"✗ {solved.failure or solved.checker}")
            counted = [s for s in scores if isinstance(s, int)]
            mean = sum(counted) / len(counted) if counted else None
            if not token:
                base_mean = mean
            versus = "" if not token else percent(mean, base_mean)
            lower = token and mean is not None and base_mean and mean < (1 - FLAG_BELOW) * base_mean
            flag = f"**{100 * (1 - mean / base_mean):.1f} % lower**" if lower else ""
            shown = "n/a" if mean is None else f"{mean:.0f}"
            what = describe(token) if token else "base"
            yield cells([day, f"{token} ({what})" if token else what, shape,
                         ", ".join(number(s) for s in scores), shown, versus, flag])  # fmt: skip
