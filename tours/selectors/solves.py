"""Read background solve jobs. A job whose worker stopped answering is failed as it is read.

A running job's heartbeat is written every second (tours.tasks); one silent for longer than
KENGAKU_JOB_HEARTBEAT_TIMEOUT_S was lost with its worker (killed, machine gone). Failing it when
it is read, rather than from a reaper process, keeps the set-up to a web server and workers.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from delegations.errors import NotFound
from tours.models import JobStatus, SolveJob
from tours.selectors.events import event_get

LOST = "the worker stopped answering: no heartbeat for more than {:g} s (it was stopped or died)"


def solve_job_get(*, job_id: int) -> SolveJob:
    _fail_lost(SolveJob.objects.filter(pk=job_id))
    job = SolveJob.objects.select_related("event").filter(pk=job_id).first()
    if job is None:
        raise NotFound(f"no solve job {job_id}", [{"path": "id", "message": "not found"}])
    return job


def solve_job_list(*, event_key: str) -> QuerySet[SolveJob]:
    """The event's jobs, newest first."""
    jobs = SolveJob.objects.filter(event=event_get(key=event_key))
    _fail_lost(jobs)
    return jobs.select_related("event")


def _fail_lost(jobs: QuerySet[SolveJob]) -> int:
    timeout = float(settings.KENGAKU_JOB_HEARTBEAT_TIMEOUT_S)
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=timeout)
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    return (
        jobs.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
        .filter(silent)
        .update(status=JobStatus.FAILED, finished_at=now, error=LOST.format(timeout))
    )
