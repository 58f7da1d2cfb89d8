"""Markdown cells and the docs file's sections, for the benchmark scripts that write tables."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cells(values: list) -> str:
    return "| " + " | ".join(str(v).replace("|", "/") for v in values) + " |"


def rule(header: str) -> str:
    return "|" + "---|" * (header.count(" | ") + 1)


def number(value: object) -> str:
    return "n/a" if value is None else f"{value}"


def gap(score: int | None, bound: float | None) -> str:
    """(bound - score) / |bound| in per cent."""
    if score is None or bound is None or bound == 0:
        return "n/a"
    return f"{100 * (bound - score) / abs(bound):.1f}"


def percent(score: float | None, base: float | None) -> str:
    """score as a percentage of base (both positive)."""
    if score is None or base is None or base <= 0:
        return "n/a"
    return f"{100 * score / base:.1f} %"


def git_commit() -> str:
    """The commit checked out, "+ changes" when the tracked files differ from it (read only:
    no index refresh, no lock)."""
    git = ["git", "--no-optional-locks", "-C", str(ROOT)]
    try:
        head = _git([*git, "rev-parse", "--short", "HEAD"])
        dirty = _git([*git, "status", "--porcelain", "--untracked-files=no"])
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} + uncommitted changes" if dirty else head


def _git(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def replace_section(path: Path, title: str, body: list[str]) -> None:
    """Replaces the section headed `title` (up to the next "## ") with title and body, or appends
    it; the rest of the file is kept."""
    old = path.read_text(encoding="utf-8").splitlines() if path.exists() else ["# Benchmarks", ""]
    section = [title, "", *body, ""]
    start = next((i for i, line in enumerate(old) if line.strip() == title), None)
    if start is None:
        new = [*old, *([""] if old and old[-1] else []), *section]
    else:
        end = next((i for i in range(start + 1, len(old)) if old[i].startswith("## ")), len(old))
        new = [*old[:start], *section, *old[end:]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(new).rstrip("\n") + "\n", encoding="utf-8")
