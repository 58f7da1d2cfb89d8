"""Start and cancel background solves (tours.tasks runs them on a worker).

No request waits for a solve: creating a job stores it and queues the task once the row is
committed (a worker on another machine must be able to read it); cancelling only sets a flag the
running task's heartbeat reads, or cancels outright a job no worker has taken yet.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from delegations.errors import Conflict, Problem, ValidationFailed
from tours.models import FINISHED, JobStatus, SolveJob
from tours.selectors.events import event_get
from tours.selectors.solves import solve_job_get
from tours.services.plans import plan_inputs_ensure_ready

logger = logging.getLogger(__name__)

# The task is named by its path, as workers name it: importing tours.tasks here would make the API
# depend on the planning core (tours.tasks -> plan_create -> adapters -> planning), which the
# import contracts keep apart.
SOLVE_TASK = "tours.tasks.solve_job"


def solve_job_create(*, event_key: str, time_limit_s: float, seed: int = 0, workers: int = 2,
                     options: dict | None = None, user=None) -> SolveJob:  # fmt: skip
    """Queue a solve of the event; the job as it stands (queued, or failed when no task could
    be queued). Raises NotFound for an unknown event, ValidationFailed for bad settings."""
    event = event_get(key=event_key)
    _check_settings(time_limit_s=time_limit_s, workers=workers)
    plan_inputs_ensure_ready(event=event, replan=(options or {}).get("replan"))
    job = SolveJob.objects.create(
        event=event,
        time_limit_s=time_limit_s,
        seed=seed,
        workers=workers,
        options=options or {},
        created_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def solve_job_cancel(*, job_id: int) -> SolveJob:
    """Stop a running job (it keeps the best plan found so far) or cancel a queued one.
    Raises NotFound for an unknown job and Conflict for one that already finished."""
    job = solve_job_get(job_id=job_id)
    now = timezone.now()
    jobs = SolveJob.objects.filter(pk=job_id)
    changed = job.status not in FINISHED and (
        jobs.filter(status=JobStatus.QUEUED).update(
            status=JobStatus.CANCELLED, cancel_requested=True, finished_at=now
        )
        or jobs.filter(status=JobStatus.RUNNING).update(cancel_requested=True)
    )
    job.refresh_from_db()
    if not changed:
        raise Conflict(
            f"solve job {job_id} has already finished ({job.status})",
            [{"path": "status", "message": f"is {job.status}"}],
        )
    return job


def _check_settings(*, time_limit_s: float, workers: int) -> None:
    most = float(settings.KENGAKU_SOLVE_MAX_TIME_LIMIT_S)
    problems = []
    if not 0 < time_limit_s <= most:
        problems.append(Problem("time_limit_s", f"must be more than 0 and at most {most:g} s"))
    if workers < 1:
        problems.append(Problem("workers", "must be at least 1"))
    if problems:
        raise ValidationFailed(problems, "the solve settings")


def _enqueue(job_id: int) -> None:
    """Queue the task for a committed job; a queue that cannot be reached fails the job (else it
    would wait for a worker forever)."""
    try:
        task = import_string(SOLVE_TASK).using(queue_name=settings.KENGAKU_SOLVE_QUEUE)
        result = task.enqueue(job_id)
    except Exception as exc:
        logger.exception("solve job %s could not be queued", job_id)
        SolveJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=f"the solve could not be queued: {exc}",
        )
        return
    SolveJob.objects.filter(pk=job_id).update(task_id=str(result.id), backend=result.backend)
