"""Plan a tour day: solve it with the planning core (through tours.adapters) and store the plan."""

from delegations.errors import Problem, ValidationFailed
from tours import adapters
from tours.models import Plan
from tours.selectors.events import event_get


def plan_create(*, event_key: str, time_limit_s: float, seed: int = 0, workers: int = 2,
                progress=None, user=None) -> Plan:  # fmt: skip
    """Solve the event's day within `time_limit_s` seconds and store the plan (a new one each run).
    `progress` as in tours.adapters.plan_event (reports while it runs; True stops it early).

    Raises NotFound for an unknown event and ValidationFailed for bad settings or an event the
    core cannot read. The stored plan counts what the independent checker found wrong with it
    (`checker_violations`, zero unless the solver has a bug).
    """
    problems = []
    if not time_limit_s > 0:
        problems.append(Problem("time_limit_s", "must be a positive number of seconds"))
    if workers < 1:
        problems.append(Problem("workers", "must be at least 1"))
    if problems:
        raise ValidationFailed(problems, "the planning settings")
    event = event_get(key=event_key)
    return adapters.plan_event(event, time_limit_s=time_limit_s, seed=seed, workers=workers,
                               progress=progress, user=user)  # fmt: skip


def plan_summary(plan: Plan) -> str:
    """One line: event, status, score, bound, gap, solve time, buses, unassigned."""
    return adapters.plan_summary(plan)
