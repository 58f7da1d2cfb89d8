from django.db import models
from django.db.models import Q


class PlanStatus(models.TextChoices):
    OPTIMAL = "optimal", "optimal (score equals the proven bound)"
    FEASIBLE = "feasible", "feasible (valid, not proven optimal)"
    INFEASIBLE = "infeasible", "infeasible (no delegation could be carried)"


class Plan(models.Model):
    """One solver run for an event: the whole kengaku.plan/1 document and what it was made from.

    Plans are immutable once stored: a new run makes a new plan. The columns repeat what lists and
    filters need from `document` (status, score, bound, timing) so the JSON need not be read.
    """

    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="plans")
    created_at = models.DateTimeField(auto_now_add=True)
    scenario_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=PlanStatus.choices)
    score = models.BigIntegerField()
    bound = models.BigIntegerField(null=True, blank=True)
    solve_seconds = models.FloatField()
    seed = models.IntegerField(default=0)
    time_limit_s = models.FloatField()
    document = models.JSONField()
    checker_violations = models.PositiveIntegerField(default=0)

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
