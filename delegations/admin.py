"""Django admin for delegations, their members and interpreters."""

from django.contrib import admin

from delegations.models import Delegation, DelegationInterest, Interpreter, Member


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0


class InterestInline(admin.TabularInline):
    model = DelegationInterest
    extra = 0


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["key", "city", "country", "language", "size", "wheelchair_users", "event"]
    list_filter = ["event", "language", "country"]
    search_fields = ["key", "city", "organisation"]
    filter_horizontal = ["must_visit", "avoid", "together_with"]
    inlines = [MemberInline, InterestInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "delegation", "email", "dietary", "mobility"]
    search_fields = ["name", "email"]
    list_filter = ["delegation__event"]


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "event", "email", "phone"]
    search_fields = ["key", "name"]
    list_filter = ["event"]


@admin.register(DelegationInterest)
class DelegationInterestAdmin(admin.ModelAdmin):
    list_display = ["delegation", "facility", "value"]
    list_filter = ["delegation__event"]
