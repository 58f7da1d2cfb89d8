from django.conf import settings
from django.db import models
from django.db.models import Q


class JobStatus(models.TextChoices):
    QUEUED = "queued", "queued (waiting for a worker)"
    RUNNING = "running", "running"
    SUCCEEDED = "succeeded", "succeeded (a plan was stored)"
    CANCELLED = "cancelled", "cancelled (the best plan found so far was stored)"
    FAILED = "failed", "failed"


FINISHED = (JobStatus.SUCCEEDED, JobStatus.CANCELLED, JobStatus.FAILED)


class SolveJob(models.Model):
    """A solve running in the background (Django's Tasks API): what was asked, how far it is.

    The worker writes `best_score`, `bound`, `gap` and `heartbeat_at` at least every second
    while it runs; a running job whose heartbeat stops was lost with its worker and is failed.
    """

    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="solve_jobs")
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    time_limit_s = models.FloatField()
    seed = models.IntegerField(default=0)
    workers = models.PositiveIntegerField(default=2)
    options = models.JSONField(default=dict, blank=True)  # re-plan: base plan, disruption weights
    best_score = models.BigIntegerField(null=True, blank=True)
    bound = models.BigIntegerField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    plan = models.ForeignKey(
        "tours.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the Tasks API's result id
    backend = models.CharField(max_length=32, blank=True)  # which task backend ran it

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="solve_job_status_known"
            ),
            models.CheckConstraint(condition=Q(time_limit_s__gt=0), name="solve_job_limit_pos"),
        ]

    def __str__(self) -> str:
        return f"solve job {self.pk} ({self.status})"
