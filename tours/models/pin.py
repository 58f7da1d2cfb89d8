from django.db import models
from django.db.models import Q


class PinKind(models.TextChoices):
    DELEGATION_BUS = "delegation_bus", "a delegation rides this bus"
    INTERPRETER_BUS = "interpreter_bus", "an interpreter rides this bus"
    VISIT_BUS = "visit_bus", "this bus visits the facility"
    VISIT_TIME = "visit_time", "this bus's visit to the facility starts at this time"


class Pin(models.Model):
    """A planner's decision that solves must keep as a hard rule (exported as scenario `pins`)."""

    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="pins")
    kind = models.CharField(max_length=20, choices=PinKind.choices)
    bus = models.ForeignKey("tours.Bus", on_delete=models.CASCADE, related_name="pins")
    delegation = models.ForeignKey(
        "delegations.Delegation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    interpreter = models.ForeignKey(
        "delegations.Interpreter", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    facility = models.ForeignKey(
        "tours.Facility", null=True, blank=True, on_delete=models.CASCADE, related_name="pins"
    )
    start = models.DateTimeField(null=True, blank=True)  # visit_time only
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PinKind.values), name="pin_kind_known"),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="delegation_bus",
                        delegation__isnull=False,
                        interpreter__isnull=True,
                        facility__isnull=True,
                        start__isnull=True,
                    )
                    | Q(
                        kind="interpreter_bus",
                        interpreter__isnull=False,
                        delegation__isnull=True,
                        facility__isnull=True,
                        start__isnull=True,
                    )
                    | Q(
                        kind="visit_bus",
                        facility__isnull=False,
                        delegation__isnull=True,
                        interpreter__isnull=True,
                        start__isnull=True,
                    )
                    | Q(
                        kind="visit_time",
                        facility__isnull=False,
                        start__isnull=False,
                        delegation__isnull=True,
                        interpreter__isnull=True,
                    )
                ),
                name="pin_fields_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"pin {self.pk} ({self.kind})"
