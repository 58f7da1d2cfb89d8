"""Who is coming and what they want.

Delegations belong to a tour day (`tours.Event`) and name its places and facilities; those are
referenced lazily by label so that this app never imports `tours` (the arrow points the other way).
"""

from django.db import models
from django.db.models import F, Q

from delegations.validators import key_validator


def availability_constraint(prefix: str) -> models.CheckConstraint:
    """Both ends of `available_from`..`available_until` or neither (the whole day), in order."""
    return models.CheckConstraint(
        condition=Q(available_from__isnull=True, available_until__isnull=True)
        | Q(
            available_from__isnull=False,
            available_until__isnull=False,
            available_until__gt=F("available_from"),
        ),
        name=f"{prefix}_available_ordered",
    )


class Delegation(models.Model):
    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="delegations")
    key = models.CharField(max_length=64, validators=[key_validator])
    city = models.CharField(max_length=200)
    country = models.CharField(max_length=100)
    organisation = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=16)
    size = models.PositiveIntegerField()
    wheelchair_users = models.PositiveIntegerField(default=0)
    priority = models.PositiveIntegerField(default=1)
    pickup = models.ForeignKey("tours.Place", on_delete=models.PROTECT, related_name="+")
    earliest_pickup = models.DateTimeField(null=True, blank=True)
    dropoff = models.ForeignKey("tours.Place", on_delete=models.PROTECT, related_name="+")
    latest_dropoff = models.DateTimeField(null=True, blank=True)
    theme_interests = models.JSONField(default=dict, blank=True)
    must_visit = models.ManyToManyField("tours.Facility", related_name="must_visit_by", blank=True)
    avoid = models.ManyToManyField("tours.Facility", related_name="avoided_by", blank=True)
    together_with = models.ManyToManyField(
        "self", symmetrical=False, related_name="together_with_me", blank=True
    )
    position = models.PositiveIntegerField(default=0)

    version = models.PositiveIntegerField(default=1)  # optimistic concurrency: ETag / If-Match

    class Meta:
        ordering = ["event", "position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "key"], name="delegation_key_unique_per_event"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="delegation_size_pos"),
            models.CheckConstraint(
                condition=Q(wheelchair_users__lte=F("size")),
                name="delegation_wheelchairs_within_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} [{self.key}]"


class DelegationInterest(models.Model):
    """How much a delegation wants one facility (0 none .. 100); overrides theme interests."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="interests")
    facility = models.ForeignKey("tours.Facility", on_delete=models.CASCADE, related_name="+")
    value = models.PositiveIntegerField()

    class Meta:
        ordering = ["delegation", "facility"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "facility"], name="interest_once_per_facility"
            ),
            models.CheckConstraint(condition=Q(value__lte=100), name="interest_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.delegation.key} -> {self.facility.key}: {self.value}"


class Member(models.Model):
    """One delegate: the person an itinerary is addressed to."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=16, blank=True)
    dietary = models.CharField(max_length=200, blank=True)
    mobility = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delegation", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Interpreter(models.Model):
    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="interpreters")
    key = models.CharField(max_length=64, validators=[key_validator])
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    languages = models.JSONField(default=list)
    available_from = models.DateTimeField(null=True, blank=True)
    available_until = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    version = models.PositiveIntegerField(default=1)  # optimistic concurrency: ETag / If-Match

    class Meta:
        ordering = ["event", "position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "key"], name="interpreter_key_unique_per_event"
            ),
            availability_constraint("interpreter"),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.key}]"
