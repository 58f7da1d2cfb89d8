from django.db import models


class GeocodeResult(models.Model):
    """A geocoder's answer for one normalised address, kept so each address is asked once."""

    query = models.CharField(max_length=300, unique=True)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    display_name = models.CharField(max_length=500, blank=True)
    provider = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.query} -> {self.lat}, {self.lon}"
