"""Progress reports from a running solve, and a caller's request to stop it early.

`solve(..., progress=report)` calls `report({"score", "bound", "seconds"})` whenever the best
score or the bound improves, and otherwise at most every `EVERY_S` seconds while regrouping runs;
when `report` returns True the solver stops as soon as it can and returns the best plan found so
far (with the best bound proven so far). The score reported is that of a plan that places every
delegation a plan can place found so far; None until there is one.
"""

import math
import time
from collections.abc import Callable

EVERY_S = 0.5
PLACING = 10**9  # as regroup.PLACING: a worth below -PLACING / 2 leaves someone unplaced


class Watch:
    def __init__(self, report: Callable[[dict], bool | None] | None, started: float) -> None:
        self.report, self.started = report, started
        self.score: int | None = None
        self.bound: float = math.inf
        self.stopped = False
        self._last = -math.inf

    def plan(self, plan: dict) -> bool:
        """A plan in hand (its score counts once it places as many as the first did)."""
        return self.worth(plan["objective"]["score"])

    def worth(self, worth: float) -> bool:
        """Regrouping's best worth so far (score less PLACING per unplaced unit); True when the
        caller asked to stop. Meant as regrouping's `enough`."""
        if worth > -PLACING // 2 and (self.score is None or worth > self.score):
            self.score = int(worth)
            return self._tell(force=True)
        return self._tell()

    def asked_to_stop(self) -> bool:
        """Whether the caller asked to stop (asked at most every EVERY_S seconds)."""
        return self._tell()

    def proven(self, bound: float) -> bool:
        if bound < self.bound:
            self.bound = bound
            return self._tell(force=True)
        return self._tell()

    def _tell(self, force: bool = False) -> bool:
        if self.report is None or self.stopped:
            return self.stopped
        now = time.monotonic()
        if not force and now - self._last < EVERY_S:
            return False
        self._last = now
        bound = None if math.isinf(self.bound) else math.floor(self.bound + 1e-6)
        report = {"score": self.score, "bound": bound, "seconds": round(now - self.started, 3)}
        self.stopped = bool(self.report(report))
        return self.stopped
