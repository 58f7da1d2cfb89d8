from django.db import models
from django.db.models import Q

from delegations.models import availability_constraint
from delegations.validators import key_validator


class Bus(models.Model):
    """A chartered coach; `available_*` empty means available for the whole day."""

    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="buses")
    key = models.CharField(max_length=64, validators=[key_validator])
    name = models.CharField(max_length=200, blank=True)
    seats = models.PositiveIntegerField()
    wheelchair_spaces = models.PositiveIntegerField(default=0)
    cost = models.PositiveIntegerField()
    available_from = models.DateTimeField(null=True, blank=True)
    available_until = models.DateTimeField(null=True, blank=True)
    operator = models.CharField(max_length=200, blank=True)
    driver_name = models.CharField(max_length=200, blank=True)
    driver_phone = models.CharField(max_length=40, blank=True)
    driver_email = models.EmailField(blank=True)
    position = models.PositiveIntegerField(default=0)

    version = models.PositiveIntegerField(default=1)  # optimistic concurrency: ETag / If-Match

    class Meta:
        ordering = ["event", "position", "key"]
        verbose_name_plural = "buses"
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="bus_key_unique_per_event"),
            models.CheckConstraint(condition=Q(seats__gt=0), name="bus_seats_pos"),
            availability_constraint("bus"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.key} ({self.seats} seats)"
