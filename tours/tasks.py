"""Background work (Django's Tasks API): the solve a worker runs for a SolveJob, and the
sending of a publication's invites (tours.services.invites).

The same code runs under the database backend's `db_worker` and under RQ's `rqworker`. While the
solver works in the task's thread, a heartbeat thread writes what it last reported (best score,
bound, gap) and `heartbeat_at` to the job row every HEARTBEAT_S seconds and reads whether a cancel
was asked; the solver's progress callback then answers True and the solver stops with the best
plan so far, which is stored like any other. A job whose heartbeat stops (its worker died) is
failed when next read (tours.selectors.solves).
"""

import logging
import threading

from django.db import DatabaseError, connections
from django.utils import timezone
from django_tasks import task

from delegations.errors import DomainError
from tours.models import JobStatus, Plan, SolveJob
from tours.services.invites import invites_send
from tours.services.plans import plan_create

logger = logging.getLogger(__name__)

HEARTBEAT_S = 0.5  # the job row is written this often while the solve runs


@task()
def solve_job(job_id: int) -> int | None:
    """Run the queued job `job_id`; the id of the plan it stored (None when the job was no
    longer queued, e.g. cancelled before a worker took it)."""
    now = timezone.now()
    claimed = SolveJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return None
    job = SolveJob.objects.select_related("event", "created_by").get(pk=job_id)
    heartbeat = Heartbeat(job_id)
    heartbeat.start()
    try:
        plan = plan_create(
            event_key=job.event.key,
            time_limit_s=job.time_limit_s,
            seed=job.seed,
            workers=job.workers,
            progress=heartbeat.progress,
            user=job.created_by,
            replan=(job.options or {}).get("replan"),
        )
    except BaseException as exc:  # SystemExit too: a worker told to stop mid-solve
        heartbeat.stop()
        _finish(job_id, JobStatus.FAILED, error=failure_message(exc))
        raise
    heartbeat.stop()
    _finish(job_id, JobStatus.CANCELLED if heartbeat.stopped else JobStatus.SUCCEEDED, plan=plan)
    return plan.pk


class Heartbeat:
    """What the solver last reported, shared between the solver's thread (`progress`) and the
    thread that writes it to the job row and reads the cancel flag (`_run`)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stopped = False  # the solver was told to stop because a cancel was asked
        self._report: dict = {}
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"solve-job-{job_id}-heartbeat", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def progress(self, report: dict) -> bool:
        """The solver's callback: keep the report; True (stop) once a cancel was asked."""
        with self._lock:
            self._report = dict(report)
        if self._cancel.is_set():
            self.stopped = True
        return self.stopped

    def _run(self) -> None:
        try:
            while True:
                self._beat()
                if self._done.wait(HEARTBEAT_S):
                    return
        finally:
            connections.close_all()  # this thread's own connections; the worker reuses none

    def _beat(self) -> None:
        with self._lock:
            report = self._report
        changes: dict = {"heartbeat_at": timezone.now()}
        if report:
            score, bound = report.get("score"), report.get("bound")
            changes.update(best_score=score, bound=bound, gap=gap(score, bound))
        try:
            running = SolveJob.objects.filter(pk=self.job_id, status=JobStatus.RUNNING)
            running.update(**changes)
            if running.filter(cancel_requested=True).exists():
                self._cancel.set()
        except DatabaseError:  # e.g. a busy SQLite file: try again at the next beat
            logger.warning("solve job %s: heartbeat not written", self.job_id, exc_info=True)


def _finish(job_id: int, status: str, *, plan: Plan | None = None, error: str = "") -> None:
    """Record how the job ended; a job already failed by a reader (its heartbeat looked lost)
    keeps that status, but still gets the plan that was stored."""
    changes: dict = {"finished_at": timezone.now(), "status": status, "error": error}
    if plan is not None:
        SolveJob.objects.filter(pk=job_id).update(plan=plan)
        changes.update(best_score=plan.score, bound=plan.bound, gap=gap(plan.score, plan.bound))
    SolveJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(**changes)


def gap(score: int | None, bound: int | None) -> float | None:
    """(bound - score) / |bound|, as the plan summary counts it; None without both."""
    if score is None or bound is None or bound == 0:
        return None
    return round((bound - score) / abs(bound), 6)


def failure_message(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, SystemExit | KeyboardInterrupt):
        return "the worker was stopped during the solve"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


@task()
def send_invites(publication_id: int) -> int:
    """Email everyone what publication `publication_id` changed for them (iMIP); how many
    messages went out. Safe to run again: nothing is sent twice."""
    return invites_send(publication_id=publication_id)["sent"]
