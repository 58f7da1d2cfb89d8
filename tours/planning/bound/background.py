"""Proving the bound in a second process while regrouping improves the plan in this one.

Column generation (numpy and GLOP) and regrouping (Python) each keep one core busy; with two
workers or more they run side by side. The child is forked, so it starts from this process's
memory (the pattern space, the columns so far) without copying it by hand. It reports its best
bound after every round and, when done, the patterns a master may choose from; any bound it
reported is true (column generation's bound only falls), so a child that overruns its time is
stopped and its last report used. Where forking is unavailable (or this process is a daemonic
one), the caller proves the bound in this process instead (`available()` is False).
"""

import math
import multiprocessing
import resource
import signal
import time

from tours.planning.bound.generation import ColumnGeneration
from tours.planning.bound.patterns import Pattern

GRACE_S = 0.5  # a child still busy this long after its deadline is stopped
CHILD_MEMORY_MB = 1024  # address space the child may add to what it starts with (then it fails)


def available() -> bool:
    """Whether this process may fork a child for the bound: the system forks, and this is not
    itself a daemonic process (which multiprocessing forbids to have children)."""
    if multiprocessing.current_process().daemon:
        return False
    return "fork" in multiprocessing.get_all_start_methods()


class BoundInBackground:
    """Column generation until `until` in a forked child, then (once it has converged) again
    with the `carried` units covered exactly once; `result()` collects what it found."""

    def __init__(self, generation: ColumnGeneration, carried: frozenset[int], until: float,
                 keep: int) -> None:  # fmt: skip
        context = multiprocessing.get_context("fork")
        self._inbox, outbox = context.Pipe(duplex=False)
        self._until = until
        self._child = context.Process(
            target=_prove, args=(generation, carried, until, keep, outbox), daemon=True
        )
        self._child.start()
        outbox.close()  # the child holds the only sending end: its exit closes the pipe
        self.bound = math.inf
        self.converged = False
        self.promising: list[Pattern] = []
        self.rounded: list[Pattern] = []  # ColumnGeneration.rounded, in the final report
        self._done = False  # the final report is in, or the child is gone
        self.broke_off = False  # the child ended without its final report (memory, a crash)
        self._enough = False  # a plan reached the bound: no need to wait for the child

    def reached(self, worth: float) -> bool:
        """Whether a plan worth this much already scores the bound the child has proven so far
        (then nothing can beat it); reads the child's reports without waiting."""
        while not self._done and self._inbox.poll(0):
            self._read()
        self._enough = math.isfinite(self.bound) and worth >= math.floor(self.bound + 1e-6)
        return self._enough

    def _read(self) -> None:
        try:
            message = self._inbox.recv()
        except EOFError:  # the child ended without its final report
            self._done = self.broke_off = True
            return
        if message[0] == "bound":
            self.bound = min(self.bound, message[1])
        else:
            _, bound, self.converged, self.promising, self.rounded = message
            self.bound, self._done = min(self.bound, bound), True

    def result(self, wait: bool = True) -> tuple[float, bool, list[Pattern]]:
        """Waits for the child (at most until its deadline and a grace; not at all once a plan
        reached its bound, or when not `wait`): the least bound it reported, whether column
        generation converged, and its most promising patterns."""
        give_up = self._until + GRACE_S if wait else time.monotonic()
        while not self._done and not self._enough:
            left = give_up - time.monotonic()
            if left <= 0 or not self._inbox.poll(left):
                break
            self._read()
        self._stop()
        return self.bound, self.converged, self.promising

    def _stop(self) -> None:
        if self._child.is_alive():
            self._child.terminate()
        self._child.join(timeout=5)
        self._inbox.close()


def _cap_memory(megabytes: int) -> None:
    """Caps the child's address space a little above what it inherited: a relaxation that
    would grow past it fails (MemoryError, or the child dies) and the parent keeps the last
    bound reported, instead of the machine running out of memory."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * resource.getpagesize()
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        limit = size + megabytes * 2**20
        if hard == resource.RLIM_INFINITY or limit <= hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):  # no /proc, or the limit may not be set here: go on uncapped
        pass


def _prove(generation: ColumnGeneration, carried: frozenset[int], until: float, keep: int,
           outbox) -> None:  # fmt: skip
    # the parent stops this child with SIGTERM; a handler inherited from the parent (a task
    # worker's, say, that finishes its current task first) must not keep it running
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _cap_memory(CHILD_MEMORY_MB)

    def report(bound: float) -> None:
        outbox.send(("bound", bound))

    bound = generation.run(until, progress=report)
    converged = generation.converged
    if converged:
        generation.tighten(carried)
        bound = generation.run(until, progress=report)
    promising = generation.most_promising(keep) if generation.patterns else []
    outbox.send(("done", bound, converged, promising, generation.rounded()))
    outbox.close()
