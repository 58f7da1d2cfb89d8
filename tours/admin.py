"""Django admin for tour days, so planners can correct data by hand."""

from django.contrib import admin

from tours.models import (
    ApiToken,
    Bus,
    Event,
    Facility,
    FacilityWindow,
    GeocodeResult,
    Place,
    Plan,
)


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


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Plans are made by the solver (`manage.py plan`) and never edited: view or delete only."""

    list_display = [
        "id",
        "event",
        "created_at",
        "status",
        "score",
        "bound",
        "solve_seconds",
        "checker_violations",
    ]
    list_filter = ["event", "status"]
    readonly_fields = [
        "event",
        "created_at",
        "scenario_sha256",
        "status",
        "score",
        "bound",
        "solve_seconds",
        "seed",
        "time_limit_s",
        "checker_violations",
        "document",
    ]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
