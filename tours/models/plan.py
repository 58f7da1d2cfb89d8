from django.conf import settings
from django.db import models
from django.db.models import Q


class PlanStatus(models.TextChoices):
    OPTIMAL = "optimal", "optimal (score equals the proven bound)"
    FEASIBLE = "feasible", "feasible (valid, not proven optimal)"
    INFEASIBLE = "infeasible", "infeasible (no delegation could be carried)"


class Plan(models.Model):
    """One solver run for an event: the whole kengaku.plan/1 document and what it was made from.

    Plans are immutable versions: a new run makes a new plan. `scenario` keeps the document the
    plan was computed from, so the API can say what changed since (stale plans); the columns repeat
    what lists and filters need from `document` (status, score, bound, timing).
    """

    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="plans")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scenario_sha256 = models.CharField(max_length=64)
    scenario = models.JSONField(null=True, blank=True)  # the kengaku.scenario/1 it was made from
    status = models.CharField(max_length=16, choices=PlanStatus.choices)
    score = models.BigIntegerField()
    bound = models.BigIntegerField(null=True, blank=True)
    solve_seconds = models.FloatField()
    seed = models.IntegerField(default=0)
    time_limit_s = models.FloatField()
    workers = models.PositiveIntegerField(default=2)
    stats = models.JSONField(default=dict, blank=True)  # solver statistics
    document = models.JSONField()
    checker_violations = models.PositiveIntegerField(default=0)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replans"
    )  # the published plan a least-change re-plan started from
    disruption = models.JSONField(null=True, blank=True)  # the diff against `based_on`

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_known"
            ),
            models.CheckConstraint(
                condition=Q(solve_seconds__gte=0), name="plan_solve_seconds_nonneg"
            ),
            models.CheckConstraint(condition=Q(time_limit_s__gt=0), name="plan_time_limit_pos"),
        ]

    def __str__(self) -> str:
        return f"plan {self.pk} ({self.status}, score {self.score})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("plans are immutable once stored: solve again to make a new one")
        super().save(*args, **kwargs)


class Publication(models.Model):
    """The event's published plan, one row per publication: the highest `sequence` is the one
    in force. (event, sequence) is unique, so two publishers that both read sequence n cannot
    both write n + 1: publishing is serialised and one can never overwrite the other's."""

    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="publications")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="publications")
    sequence = models.PositiveIntegerField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["event", "sequence"], name="publication_sequence"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="publication_sequence_pos"),
        ]

    def __str__(self) -> str:
        return f"publication {self.sequence} of {self.event_id}: plan {self.plan_id}"
