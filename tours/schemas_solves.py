"""Request and response shapes of background solves (`/api/events/{event}/solves`, `/solves`)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from delegations.schema_types import StrictSchema
from tours.models import SolveJob


class SolveIn(StrictSchema):
    """What to solve with. More knobs may join; `replan` is kept as given in the job's options
    for the least-change re-plan to read."""

    time_limit_s: float = Field(10, description="seconds the solver may take (> 0)")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="the solver's random seed")
    workers: int = Field(2, description="processes for the solver (at least 1)")
    replan: dict[str, Any] | None = Field(None, description="re-plan options, kept as given")


class SolveJobOut(Schema):
    id: int
    event: str
    url: str = Field(description="where to read this job")
    status: str = Field(description="queued, running, succeeded, cancelled or failed")
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    heartbeat_at: dt.datetime | None = Field(description="last sign of life from the worker")
    elapsed_seconds: float | None = Field(description="run time so far (None while queued)")
    time_limit_s: float
    seed: int
    workers: int
    best_score: int | None = Field(description="score of the best plan found so far")
    bound: int | None = Field(description="proven upper bound on any plan's score")
    gap: float | None = Field(description="(bound - best_score) / |bound|")
    plan: int | None = Field(description="id of the stored plan, once there is one")
    error: str
    cancel_requested: bool
    options: dict[str, Any]

    @staticmethod
    def resolve_event(job: SolveJob) -> str:
        return job.event.key

    @staticmethod
    def resolve_plan(job: SolveJob) -> int | None:
        return job.plan_id

    @staticmethod
    def resolve_url(job: SolveJob, context: dict) -> str:
        request = context["request"]
        namespace = request.resolver_match.namespace if request.resolver_match else ""
        return reverse(f"{namespace}:solve_job_read", kwargs={"job_id": job.pk})

    @staticmethod
    def resolve_elapsed_seconds(job: SolveJob) -> float | None:
        if job.started_at is None:
            return None
        end = job.finished_at or timezone.now()
        return round((end - job.started_at).total_seconds(), 3)
