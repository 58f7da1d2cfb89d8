from django.db import models
from django.db.models import F, Q

from tours.models.place import Stop


class Facility(Stop):
    """Something delegations came to see, with its opening windows and group limits."""

    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="facilities")
    visit_minutes = models.PositiveIntegerField()
    max_people = models.PositiveIntegerField()
    max_buses_at_once = models.PositiveIntegerField(default=1)
    max_visits = models.PositiveIntegerField()
    wheelchair = models.BooleanField(default=False)
    themes = models.JSONField(default=list, blank=True)
    guide_languages = models.JSONField(default=list, blank=True)
    host_name = models.CharField(max_length=200, blank=True)
    host_email = models.EmailField(blank=True)

    class Meta(Stop.Meta):
        verbose_name_plural = "facilities"
        constraints = [
            *Stop.Meta.constraints,
            models.CheckConstraint(condition=Q(visit_minutes__gt=0), name="facility_visit_pos"),
            models.CheckConstraint(condition=Q(max_people__gt=0), name="facility_people_pos"),
            models.CheckConstraint(
                condition=Q(max_buses_at_once__gt=0), name="facility_buses_at_once_pos"
            ),
            models.CheckConstraint(condition=Q(max_visits__gt=0), name="facility_max_visits_pos"),
        ]


class FacilityWindow(models.Model):
    """A span in which a whole visit fits: it starts and ends inside one window."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="windows")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["facility", "position", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="facility_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility.key} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"
