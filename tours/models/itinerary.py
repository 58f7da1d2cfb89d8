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
