from django.db import models
from django.db.models import F, Q

from delegations.validators import key_validator


class Event(models.Model):
    """One tour day: its zone, day window, lunch rule, organiser, travel model and weights.

    Times of day are stored as aware datetimes on the event's date in its zone.
    """

    key = models.CharField(max_length=64, unique=True, validators=[key_validator])
    name = models.CharField(max_length=200)
    date = models.DateField()
    timezone = models.CharField(max_length=64, default="Asia/Tokyo")
    organizer_name = models.CharField(max_length=200)
    organizer_email = models.EmailField()
    day_start = models.DateTimeField()
    day_end = models.DateTimeField()
    # all three null: a day without lunch (scenario `lunch: null`); 0 minutes: lunch on the bus
    lunch_earliest = models.DateTimeField(null=True, blank=True)
    lunch_latest = models.DateTimeField(null=True, blank=True)
    lunch_minutes = models.PositiveIntegerField(null=True, blank=True, default=60)
    staff_seats_per_bus = models.PositiveIntegerField(default=1)
    max_visits_per_bus = models.PositiveIntegerField(default=3)
    min_visits_per_bus = models.PositiveIntegerField(default=1)
    boarding_minutes = models.PositiveIntegerField(default=10)
    travel_speed_kmh = models.FloatField(null=True, blank=True, default=18)
    travel_road_factor = models.FloatField(null=True, blank=True, default=1.3)
    travel_matrix = models.JSONField(null=True, blank=True)
    weight_interest = models.PositiveIntegerField(default=100)
    weight_bus_cost = models.PositiveIntegerField(default=1)
    weight_driving_minute = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    version = models.PositiveIntegerField(default=1)  # optimistic concurrency: ETag / If-Match

    class Meta:
        ordering = ["date", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(day_end__gt=F("day_start")), name="event_day_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(lunch_latest__gte=F("lunch_earliest")),
                name="event_lunch_latest_not_before_earliest",
            ),
            models.CheckConstraint(
                condition=Q(
                    lunch_earliest__isnull=True,
                    lunch_latest__isnull=True,
                    lunch_minutes__isnull=True,
                )
                | Q(
                    lunch_earliest__isnull=False,
                    lunch_latest__isnull=False,
                    lunch_minutes__isnull=False,
                ),
                name="event_lunch_all_or_none",
            ),
            models.CheckConstraint(
                condition=Q(max_visits_per_bus__gte=F("min_visits_per_bus")),
                name="event_visits_per_bus_ordered",
            ),
            models.CheckConstraint(
                condition=Q(travel_matrix__isnull=False)
                | Q(
                    travel_speed_kmh__isnull=False,
                    travel_road_factor__isnull=False,
                    travel_speed_kmh__gt=0,
                    travel_road_factor__gt=0,
                ),
                name="event_travel_model_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"
