"""Officers record funds, organisations and grants here; panel members may only look."""

from django.contrib import admin
from django.db.models import Count, Sum
from simple_history.admin import SimpleHistoryAdmin

from core.formatting import pounds

from .models import Fund, Grant, Organisation


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    fields = ["organisation", "title", "amount_awarded", "award_date", "status", "is_published"]
    autocomplete_fields = ["organisation"]
    show_change_link = True


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year_label", "funder", "pot", "awarded", "grant_count"]
    list_filter = ["start_year", "funder"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GrantInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(awarded_total=Sum("grants__amount_awarded"), grants_count=Count("grants"))
        )

    @admin.display(description="Year", ordering="start_year")
    def year_label(self, fund):
        return fund.year_label

    @admin.display(description="Awarded (computed)", ordering="awarded_total")
    def awarded(self, fund):
        return pounds(fund.awarded_total)

    @admin.display(description="Grants", ordering="grants_count")
    def grant_count(self, fund):
        return fund.grants_count


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "district", "charity_number", "company_number"]
    list_filter = ["district"]
    search_fields = ["name", "charity_number", "company_number"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "organisation",
        "fund",
        "amount_awarded",
        "award_date",
        "status",
        "is_published",
    ]
    list_filter = ["is_published", "status", "fund__start_year", "fund", "organisation__district"]
    search_fields = ["title", "purpose", "organisation__name", "decision_reference"]
    list_select_related = ["fund", "organisation"]
    autocomplete_fields = ["organisation", "priority"]
    date_hierarchy = "award_date"
    fieldsets = [
        (None, {"fields": ["fund", "organisation", "title", "purpose"]}),
        ("Money", {"fields": ["amount_awarded", "amount_requested"]}),
        (
            "Award",
            {
                "fields": [
                    ("award_date", "award_date_precision"),
                    "status",
                    "decision_reference",
                    "priority",
                    "people_reached",
                ]
            },
        ),
        ("Publication", {"fields": ["is_published", "note"]}),
    ]
