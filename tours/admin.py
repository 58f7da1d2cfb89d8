"""Django admin for tour days, so planners can correct data by hand."""

from django.contrib import admin

from tours.models import ApiToken, Bus, Event, Facility, FacilityWindow, GeocodeResult, Place


class EventChildAdmin(admin.ModelAdmin):
    list_filter = ["event"]
    search_fields = ["key", "name"]
    ordering = ["event", "position", "key"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "date", "timezone", "organizer_name"]
    search_fields = ["key", "name"]


@admin.register(Place)
class PlaceAdmin(EventChildAdmin):
    list_display = ["key", "name", "kind", "event", "lat", "lon", "coordinates_source"]
    list_filter = ["event", "kind", "coordinates_source"]


class FacilityWindowInline(admin.TabularInline):
    model = FacilityWindow
    extra = 0


@admin.register(Facility)
class FacilityAdmin(EventChildAdmin):
    list_display = ["key", "name", "name_ja", "event", "visit_minutes", "max_people", "wheelchair"]
    list_filter = ["event", "wheelchair", "coordinates_source"]
    search_fields = ["key", "name", "name_ja"]
    inlines = [FacilityWindowInline]


@admin.register(Bus)
class BusAdmin(EventChildAdmin):
    list_display = ["key", "name", "event", "seats", "wheelchair_spaces", "cost", "operator"]


@admin.register(GeocodeResult)
class GeocodeResultAdmin(admin.ModelAdmin):
    list_display = ["query", "lat", "lon", "provider", "created_at"]
    search_fields = ["query"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "label", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]
