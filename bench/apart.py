"""Solve a benchmark case apart: bench/run_one.py in a child process, fenced and measured by the
parent, its plan re-checked in the parent.

The fences: a hard wall-clock timeout (the child's whole process group, the solver's forked
bound process included, is killed with SIGKILL; the row reads "timeout after N s") and a memory
ceiling (RLIMIT_AS, set in the child before it runs, inherited by its own children; a child that
dies against it reads "memory ceiling").

Wall clock is the parent's, from starting the child to reaping it (so Python start-up, building
the scenario and writing the plan are included). Peak memory includes children: every POLL_S the
parent lists the child and all its descendants (/proc/<pid>/task/*/children) and adds up their
proportional set sizes (Pss of /proc/<pid>/smaps_rollup: pages a forked child still shares with
its parent count once, not twice); the peak is the largest such sum, and never less than the
largest single process's own peak (VmHWM, polled, and the child's ru_maxrss from wait4, which
covers waited-for descendants too short-lived to be polled). So it is what the machine had to
hold at the worst moment polled; a spike shorter than POLL_S across two processes at once can be
missed. (Summing each process's VmHWM instead, as run_one's own peak_mb does for one child,
overstates: a forked child's peak counts its parent's pages again. And
getrusage(RUSAGE_CHILDREN) gives only the largest process, accumulated over every child reaped so
far, so wait4 on this one child is used.)
"""

import contextlib
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tours.planning.check.verdict import check
from tours.planning.model.problem import Problem

ROOT = Path(__file__).resolve().parent.parent
POLL_S = 0.2
OUT_OF_MEMORY = re.compile(
    r"MemoryError|Unable to allocate|bad_alloc|Cannot allocate memory|out of memory", re.I
)


@dataclass(frozen=True)
class Ran:
    """How a child ended: `failure` is None when it exited 0."""

    returncode: int | None
    seconds: float
    peak_mb: float
    stdout: str
    failure: str | None


@dataclass(frozen=True)
class Solved:
    """A case solved apart and checked in the parent; `failure` says why there is no plan."""

    case: str
    limit: float
    seconds: float
    peak_mb: float
    failure: str | None = None
    plan: dict | None = None
    bound: float | None = None
    score: int | None = None
    checker: str = ""


def solve_case(
    problem: Problem,
    case: str,
    limit: float,
    *,
    seed: int = 0,
    workers: int = 2,
    memory_bytes: int,
    slack_s: float,
    route_from: dict | None = None,
) -> Solved:
    """Runs bench/run_one.py for the case (or, given `route_from`, routes that plan's groups
    alone) and re-checks the plan it writes: score is the checker's."""
    with tempfile.TemporaryDirectory() as folder:
        plan_path = Path(folder) / "plan.json"
        command = [
            sys.executable,
            "-m",
            "bench.run_one",
            case,
            "--time-limit",
            str(limit),
            "--workers",
            str(workers),
            "--seed",
            str(seed),
            "--plan",
            str(plan_path),
        ]
        if route_from is not None:
            given = Path(folder) / "given.json"
            given.write_text(json.dumps(route_from, ensure_ascii=False), encoding="utf-8")
            command += ["--route-alone-from", str(given)]
        ran = run_child(command, timeout_s=2 * limit + slack_s, memory_bytes=memory_bytes)
        done = {"case": case, "limit": limit, "seconds": ran.seconds, "peak_mb": ran.peak_mb}
        if ran.failure:
            return Solved(**done, failure=ran.failure)
        try:
            report = json.loads(ran.stdout.strip().splitlines()[-1])
            plan = json.loads(plan_path.read_text(encoding="utf-8"))
        except (ValueError, IndexError, OSError) as exc:
            return Solved(**done, failure=f"unreadable result: {exc}"[:120])
    try:
        result = check(problem, plan)
    except Exception as exc:  # a plan the checker cannot read is a row, not the end of the run
        return Solved(**done, plan=plan, checker=f"unreadable: {type(exc).__name__}"[:60])
    verdict = "ok" if result.ok else f"{len(result.violations)} violations"
    score = result.objective.score if result.objective else report.get("score")
    return Solved(**done, plan=plan, bound=report.get("bound"), score=score, checker=verdict)


def run_child(command: list[str], *, timeout_s: float, memory_bytes: int) -> Ran:
    """Runs the command from the project root (see the module docstring for the fences)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err,
                                 start_new_session=True,
                                 preexec_fn=_ceiling(memory_bytes))  # fmt: skip
        status, usage, peaks, tree_kb, timed_out = _watch(child, started + timeout_s)
        seconds = time.monotonic() - started
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)  # its own children, should any outlive it
        out.seek(0)
        err.seek(0)
        stdout, stderr = (f.read().decode("utf-8", "replace") for f in (out, err))
    largest = max((p[0] for p in peaks.values()), default=0)
    peak_mb = max(tree_kb, largest, usage.ru_maxrss) / 1024
    returncode = None if timed_out else os.waitstatus_to_exitcode(status)
    child.returncode = returncode if returncode is not None else -signal.SIGKILL
    failure = None
    if timed_out:
        failure = f"timeout after {timeout_s:.0f} s"
    elif returncode != 0:
        vm_peak = max((p[1] for p in peaks.values()), default=0) * 1024
        if OUT_OF_MEMORY.search(stderr) or vm_peak >= 0.9 * memory_bytes:
            failure = "memory ceiling"
        else:
            last = (stderr.strip().splitlines() or ["no output"])[-1]
            failure = f"crash (exit {returncode}): {last[:120]}"
    return Ran(returncode, seconds, peak_mb, stdout, failure)


def _ceiling(memory_bytes: int):
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)

    def set_limit() -> None:  # runs in the child, between fork and exec
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))

    return set_limit


def _watch(child: subprocess.Popen, deadline: float):
    """Polls until the child ends or the deadline passes (then kills its process group):
    (wait status, rusage, {pid: [VmHWM kB, VmPeak kB]}, largest summed Pss kB, timed out)."""
    peaks: dict[int, list[int]] = {}
    tree_kb = 0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            return status, usage, peaks, tree_kb, False
        tree_kb = max(tree_kb, sum(_sample(each, peaks) for each in _tree(child.pid)))
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            _, status, usage = os.wait4(child.pid, 0)
            return status, usage, peaks, tree_kb, True
        time.sleep(POLL_S)


def _tree(pid: int) -> list[int]:
    """The process and its descendants, as /proc shows them now."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as f:
                    todo += [int(p) for p in f.read().split()]
    return found


def _sample(pid: int, peaks: dict[int, list[int]]) -> int:
    """The process's Pss now (kB), its VmHWM and VmPeak noted in `peaks`; 0 if it has ended."""
    try:
        status = _fields(f"/proc/{pid}/status")
        pss = int(_fields(f"/proc/{pid}/smaps_rollup").get("Pss", "0 kB").split()[0])
    except OSError:  # it ended between listing and reading
        return 0
    if "VmHWM" not in status:  # a zombie
        return 0
    hwm, vm_peak = (int(status[k].split()[0]) for k in ("VmHWM", "VmPeak"))
    seen = peaks.setdefault(pid, [0, 0])
    seen[0], seen[1] = max(seen[0], hwm), max(seen[1], vm_peak)
    return pss


def _fields(path: str) -> dict[str, str]:
    with open(path, encoding="ascii", errors="replace") as f:
        return dict(line.split(":", 1) for line in f if ":" in line and not line[0].isdigit())
