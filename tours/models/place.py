from django.db import models
from django.db.models import Q

from delegations.validators import key_validator


class PlaceKind(models.TextChoices):
    HOTEL = "hotel"
    VENUE = "venue"
    AIRPORT = "airport"
    STATION = "station"
    LUNCH = "lunch"


class CoordinatesSource(models.TextChoices):
    ENTERED = "entered", "entered by a planner"
    GEOCODED = "geocoded", "geocoded from the address"


class Stop(models.Model):
    """What places and facilities share: both are stops on a route, located and keyed."""

    key = models.CharField(max_length=64, validators=[key_validator])
    name = models.CharField(max_length=200)
    name_ja = models.CharField(max_length=200, blank=True)
    lat = models.FloatField()
    lon = models.FloatField()
    coordinates_source = models.CharField(
        max_length=16, choices=CoordinatesSource.choices, default=CoordinatesSource.ENTERED
    )
    address = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    version = models.PositiveIntegerField(default=1)  # optimistic concurrency: ETag / If-Match

    class Meta:
        abstract = True
        ordering = ["event", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="%(class)s_key_unique_per_event"),
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90), name="%(class)s_lat_range"
            ),
            models.CheckConstraint(
                condition=Q(lon__gte=-180, lon__lte=180), name="%(class)s_lon_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.key}]"


class Place(Stop):
    """A hotel, venue, airport, station or lunch place: a bus stop that is not a visit."""

    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(max_length=16, choices=PlaceKind.choices)
    max_people = models.PositiveIntegerField(null=True, blank=True)

    class Meta(Stop.Meta):
        constraints = [
            *Stop.Meta.constraints,
            models.CheckConstraint(
                condition=Q(max_people__isnull=True) | Q(max_people__gt=0),
                name="place_max_people_pos",
            ),
        ]
