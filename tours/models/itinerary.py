from django.db import models
from django.db.models import Q


class ItineraryItem(models.Model):
    """The lasting identity of one calendar item of an event (a pickup, visit, lunch or drop-off
    as one role sees it), kept across re-plans and publications.

    `key` names the item in plan terms (see tours.itinerary.item_key); `uid` is set once and
    never changes; `sequence` rises only when the item's time or place (`fingerprint`) changes
    or it is cancelled or comes back, so calendar clients update the event they already hold.
    """

    event = models.ForeignKey(
        "tours.Event", on_delete=models.CASCADE, related_name="itinerary_items"
    )
    key = models.CharField(max_length=300)
    uid = models.CharField(max_length=64, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.JSONField()  # {"start", "end", "at"} it was last published with
    cancelled = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "key"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="itinerary_item_key"),
            models.CheckConstraint(condition=~Q(uid=""), name="itinerary_item_uid_set"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.uid}, sequence {self.sequence})"


class CalendarRole(models.TextChoices):
    MEMBER = "member", "a delegate"
    DELEGATION = "delegation", "a delegation"
    INTERPRETER = "interpreter", "an interpreter"
    BUS = "bus", "a bus (its driver)"
    FACILITY = "facility", "a facility (its host)"
    MASTER = "master", "the planners' master calendar"


class FeedToken(models.Model):
    """An unguessable, revocable link to one person's calendar and day page. Only a hash of
    the token is stored; rotating revokes the old token and issues a new one."""

    event = models.ForeignKey("tours.Event", on_delete=models.CASCADE, related_name="feed_tokens")
    role = models.CharField(max_length=16, choices=CalendarRole.choices)
    person = models.CharField(max_length=200)  # the key the calendar is named by (see render)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=16)  # the token's first characters, to tell links apart
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "role", "person", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=CalendarRole.values), name="feed_role"),
        ]

    def __str__(self) -> str:
        return f"feed {self.prefix}… for {self.role} {self.person}"


class InterpreterConfirmation(models.Model):
    """An interpreter's "I confirm" for the assignments of one publication."""

    publication = models.ForeignKey(
        "tours.Publication", on_delete=models.CASCADE, related_name="confirmations"
    )
    interpreter = models.ForeignKey(
        "delegations.Interpreter", on_delete=models.CASCADE, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "interpreter"], name="one_confirmation_per_publication"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter_id} confirmed publication {self.publication_id}"


class SentInvite(models.Model):
    """One iMIP message about one item (`uid`) to one person, sent for a publication. Re-running
    a publication's send skips what is here; a re-publication sends an item again only where
    `digest` (what the message says) changed, and withdraws (CANCEL) the items whose last
    message to that person was a REQUEST and that they no longer have."""

    publication = models.ForeignKey(
        "tours.Publication", on_delete=models.CASCADE, related_name="invites"
    )
    role = models.CharField(max_length=16, choices=CalendarRole.choices)
    person = models.CharField(max_length=200)
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)  # as addressed, for a later withdrawal
    uid = models.CharField(max_length=64)  # the ItineraryItem the message is about
    method = models.CharField(max_length=8)  # REQUEST | CANCEL
    digest = models.CharField(max_length=64)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "role", "person", "email", "uid"], name="invite_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.uid} to {self.email} ({self.role} {self.person})"
