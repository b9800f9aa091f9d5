"""Officers record funds, organisations and grants here; panel members may only look."""

from django.contrib import admin
from django.db.models import Count, Sum
from simple_history.admin import SimpleHistoryAdmin

from core.formatting import pounds
from pcc_portal.admin_publication import (
    WITHDRAWAL_FIELDS,
    LeadFieldsAdminMixin,
    LeadFieldsInlineMixin,
    NeverDeleteWhenPublicMixin,
)

from . import services
from .models import Fund, Grant, Organisation


class GrantInline(LeadFieldsInlineMixin, admin.TabularInline):
    model = Grant
    lead_fields = ("is_published",)
    # A published grant is never deleted; unpublished ones are deleted from their own page.
    can_delete = False
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
class GrantAdmin(LeadFieldsAdminMixin, NeverDeleteWhenPublicMixin, SimpleHistoryAdmin):
    """A grant is published (or withdrawn, with a reason) by the performance lead; once
    published it is never deleted."""

    lead_fields = ("is_published",)
    lead_service = staticmethod(services.grant_set_publication)
    lead_record = "grant"
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
    readonly_fields = WITHDRAWAL_FIELDS
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
        ("Publication", {"fields": ["is_published", "note", *WITHDRAWAL_FIELDS]}),
    ]

    def is_public(self, grant):
        return grant.is_published or grant.is_withdrawn
