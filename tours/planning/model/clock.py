"""The solve's deadline, reachable from every stage without threading it through each call.

A solve runs its stages `within(deadline)`; a loop that may run long (enumerating facility
combinations, timing them, building a travel matrix) calls `tick()`, which raises `OutOfTime`
once the deadline has passed. The solver catches it and returns the best checked plan it holds,
saying which stage the time ran out in. Outside `within` there is no deadline and `tick()` does
nothing, so a stage used on its own (a test, the checker, explaining a plan) is unaffected.

The deadline is a context variable: a forked child (the bound's process) inherits it, and a
stage that needs a tighter one of its own nests another `within`.
"""

import contextlib
import contextvars
import math
import time
from collections.abc import Callable

_deadline: contextvars.ContextVar[float] = contextvars.ContextVar("deadline", default=math.inf)
_stops: contextvars.ContextVar[tuple] = contextvars.ContextVar("stops", default=())


class OutOfTime(Exception):
    """The solve's deadline passed inside a stage (`stage` names it for the warning), or the
    caller asked the solve to stop (`stopped`)."""

    def __init__(self, stage: str = "", *, stopped: bool = False) -> None:
        super().__init__(stage or "a stage of the solve")
        self.stage, self.stopped = stage, stopped


@contextlib.contextmanager
def within(deadline: float, *, stop: Callable[[], bool] | None = None):
    """Runs the block under `deadline` (time.monotonic() seconds), or the enclosing deadline
    when that one is earlier. `stop()` (optional; cheap, it is asked at every tick) says True
    when the caller wants the solve stopped now (a cancelled job)."""
    token = _deadline.set(min(deadline, _deadline.get()))
    stops = _stops.set((*_stops.get(), stop) if stop is not None else _stops.get())
    try:
        yield
    finally:
        _stops.reset(stops)
        _deadline.reset(token)


def deadline() -> float:
    """The deadline in force (math.inf when none)."""
    return _deadline.get()


def left() -> float:
    """Seconds until the deadline in force (math.inf when none; negative once it passed)."""
    return _deadline.get() - time.monotonic()


def passed() -> bool:
    return time.monotonic() > _deadline.get()


def stopped() -> bool:
    """Whether the caller asked the solve to stop."""
    return any(stop() for stop in _stops.get())


def tick(stage: str = "") -> None:
    """Raises OutOfTime once the deadline in force has passed or the caller asked to stop."""
    if time.monotonic() > _deadline.get():
        raise OutOfTime(stage)
    if stopped():
        raise OutOfTime(stage, stopped=True)
