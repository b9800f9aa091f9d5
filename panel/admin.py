"""Officers write the panel's papers, minutes and decisions here."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from pcc_portal.access import is_performance_lead
from pcc_portal.admin_publication import (
    LeadFieldsAdminMixin,
    LeadFieldsInlineMixin,
    NeverDeleteWhenPublicMixin,
)

from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    ComplaintReturn,
    Decision,
    DecisionDocument,
    Declaration,
    Meeting,
    Member,
    Minutes,
    MinutesStatus,
    PublicQuestion,
    Report,
    TaskGroup,
)
from .services import (
    decision_set_restriction,
    meeting_set_agenda_publication,
    minutes_publish,
    minutes_set_status,
)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "authority", "role", "term_start", "term_end"]
    list_filter = ["kind", "authority", "role"]
    search_fields = ["name"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "number", "title", "presenter"]
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["kind", "member", "name", "capacity", "position"]
    autocomplete_fields = ["member"]


class DeclarationInline(admin.TabularInline):
    model = Declaration
    extra = 0
    autocomplete_fields = ["member"]


class PublicQuestionInline(admin.StackedInline):
    model = PublicQuestion
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(LeadFieldsAdminMixin, NeverDeleteWhenPublicMixin, admin.ModelAdmin):
    """The agenda publication date lifts the embargo on a meeting's papers: the lead's act."""

    lead_fields = ("agenda_published_on",)
    lead_service = staticmethod(meeting_set_agenda_publication)
    lead_record = "meeting"
    list_display = ["__str__", "date", "time", "venue", "status", "agenda_published_on"]
    list_filter = ["body", "status"]
    search_fields = ["venue", "note", "items__title"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline, AttendanceInline, DeclarationInline, PublicQuestionInline]
    actions = ["publish_minutes"]
    fieldsets = [
        (None, {"fields": ["body", ("date", "time"), "venue", "webcast_url"]}),
        ("Status", {"fields": ["status", "rescheduled_to", "note"]}),
        ("Papers", {"fields": ["agenda_published_on", "summary"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "webcast_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def is_public(self, meeting):
        return meeting.papers_public

    def has_publish_permission(self, request):
        return is_performance_lead(request.user)

    @admin.action(
        description="Publish the draft minutes of the selected meetings", permissions=["publish"]
    )
    def publish_minutes(self, request, queryset):
        try:
            count = sum(minutes_publish(meeting=meeting, user=request.user) for meeting in queryset)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, f"{count} minute(s) published.", messages.SUCCESS)


MARKDOWN_HELP = (
    "Printed as written in Markdown, as composed papers are: “15. ” starts a numbered paragraph "
    "with the paper's own number, “1.1 ” is a paragraph carrying its number, “### ” a "
    "heading, “- ” a bullet; a table is “| a | b |” rows under a “| --- | --- |” line. "
    "HTML is printed as typed."
)


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["item", "title", "contact", "executive_summary", "recommendation", "body"]
        help_texts = {
            "executive_summary": MARKDOWN_HELP,
            "recommendation": MARKDOWN_HELP,
            "body": MARKDOWN_HELP,
        }


class ReportInline(admin.StackedInline):
    model = Report
    form = ReportForm
    extra = 0
    show_change_link = True


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["item", "text", "resolution", "status", "approved_at"]
        help_texts = {"text": MARKDOWN_HELP}


class MinutesInline(LeadFieldsInlineMixin, admin.StackedInline):
    model = Minutes
    form = MinutesForm
    extra = 0
    lead_fields = ("status", "approved_at")
    fields = ["text", "resolution", "status", "approved_at"]
    autocomplete_fields = ["approved_at"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "presenter"]
    list_filter = ["meeting__body"]
    search_fields = ["title", "meeting__venue"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting"]
    inlines = [ReportInline, MinutesInline]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 1
    fields = ["position", "title", "file", "original_name"]
    readonly_fields = ["original_name"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    form = ReportForm
    list_display = ["title", "item", "contact"]
    search_fields = ["title", "executive_summary", "body"]
    list_select_related = ["item__meeting"]
    autocomplete_fields = ["item"]
    inlines = [AttachmentInline]


@admin.register(Minutes)
class MinutesAdmin(LeadFieldsAdminMixin, NeverDeleteWhenPublicMixin, SimpleHistoryAdmin):
    form = MinutesForm
    lead_fields = ("status", "approved_at")
    lead_service = staticmethod(minutes_set_status)
    lead_record = "minutes"
    list_display = ["__str__", "status", "approved_at"]
    list_filter = ["status", "item__meeting__body"]
    search_fields = ["text", "resolution", "item__title"]
    list_select_related = ["item__meeting", "approved_at"]
    autocomplete_fields = ["item", "approved_at"]

    def is_public(self, minutes):
        return minutes.status != MinutesStatus.DRAFT


class DecisionDocumentInline(admin.TabularInline):
    model = DecisionDocument
    extra = 1
    fields = ["title", "file", "original_name"]
    readonly_fields = ["original_name"]


@admin.register(Decision)
class DecisionAdmin(LeadFieldsAdminMixin, NeverDeleteWhenPublicMixin, SimpleHistoryAdmin):
    """Every decision is listed publicly, so none is deleted; restricting one, or lifting its
    restriction, is the lead's act. A decision an officer enters is restricted until the lead
    lifts it, so nothing of it but its reference and date reaches the public before the lead
    has read it."""

    lead_fields = ("restricted", "withhold_title")
    lead_service = staticmethod(decision_set_restriction)
    lead_record = "decision"
    list_display = [
        "reference",
        "title",
        "scope",
        "priority",
        "decided_on",
        "decision_maker",
        "restricted",
        "withhold_title",
    ]
    list_filter = ["year", "scope", "decision_maker", "restricted"]
    search_fields = ["reference", "title", "summary", "reasons", "notes"]
    list_select_related = ["priority"]
    autocomplete_fields = ["priority"]
    ordering = ["-year", "-number"]
    inlines = [DecisionDocumentInline]
    fieldsets = [
        (None, {"fields": ["reference", "title", ("scope", "priority"), "decided_on"]}),
        ("Decision", {"fields": ["decision_maker", "summary", "reasons", "notes"]}),
        ("Publication", {"fields": ["restricted", "withhold_title"]}),
    ]

    def is_public(self, decision):
        # Listed with its title unless both are set; then only its reference and date show.
        return not (decision.restricted and decision.withhold_title)

    def save_model(self, request, obj, form, change):
        if not change and not is_performance_lead(request.user):
            obj.restricted = obj.withhold_title = True
            messages.info(
                request,
                f"Decision {obj.reference} is restricted, title included, until the performance "
                "lead lifts the restriction.",
            )
        super().save_model(request, obj, form, change)


@admin.register(TaskGroup)
class TaskGroupAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "status", "report_due"]
    list_filter = ["year", "status"]
    search_fields = ["title", "remit", "outcome"]
    filter_horizontal = ["members"]


@admin.register(ComplaintReturn)
class ComplaintReturnAdmin(admin.ModelAdmin):
    list_display = ["__str__", "received", "being_assessed", "reported_at"]
    autocomplete_fields = ["reported_at"]


from .papers import admin as papers_admin  # noqa: E402,F401 - registers the paper admin
