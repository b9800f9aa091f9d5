"""Officers compose papers here: the cover, the ordered sections (narrative in Markdown or
figures placed from the registry), then the lead's sign-off from the list's actions."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from panel.models import Paper, PaperSection, PaperStatus
from pcc_portal.admin_publication import (
    SIGNOFF_FIELDS,
    NeverDeleteWhenPublicMixin,
    SignOffActionsMixin,
)

from . import figures, services, templates


class PaperSectionForm(forms.ModelForm):
    figure = forms.ChoiceField(
        required=False,
        choices=lambda: [("", "—")] + figures.choices(),
        help_text="For a figures section: what it shows, drawn from the published figures "
        "for the paper's period.",
    )

    class Meta:
        model = PaperSection
        fields = ["position", "kind", "heading", "heading_level", "text", "figure", "subject"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8, "cols": 90})}


class PaperSectionInline(admin.StackedInline):
    model = PaperSection
    form = PaperSectionForm
    extra = 0
    ordering = ["position", "pk"]


class PaperForm(forms.ModelForm):
    template = forms.ChoiceField(
        required=False,
        choices=templates.choices,
        label="Start from",
        help_text="A new paper starts with the template's sections, in the order the "
        "published papers use (only when you add no sections yourself).",
    )

    class Meta:
        model = Paper
        fields = [
            "kind",
            "title",
            "item",
            "body_name",
            "period_start",
            "period_end",
            "contact_name",
            "contact_phone",
            "contact_organisation",
            "contact_email",
            "executive_summary",
            "recommendation",
            "signatory_name",
            "signatory_role",
            "document",
        ]


@admin.register(Paper)
class PaperAdmin(SignOffActionsMixin, NeverDeleteWhenPublicMixin, SimpleHistoryAdmin):
    """A published paper is read-only and never deleted: the lead withdraws it with a reason,
    and a withdrawn paper may be corrected, which makes it a draft to sign off again."""

    form = PaperForm
    inlines = [PaperSectionInline]
    list_display = ["title", "item", "period_end", "status", "entered_by", "published_by"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
    autocomplete_fields = ["item"]
    readonly_fields = SIGNOFF_FIELDS
    actions = ["verify_selected", "publish_selected", "withdraw_selected"]
    signoff_record = "paper"
    signoff_services = {
        "verify": services.paper_verify,
        "publish": services.paper_publish,
        "withdraw": services.paper_withdraw,
    }
    fieldsets = [
        (None, {"fields": ["template", "kind", "title", "item", "body_name"]}),
        ("Period covered", {"fields": ["period_start", "period_end"]}),
        (
            "Contact",
            {"fields": ["contact_name", "contact_phone", "contact_organisation", "contact_email"]},
        ),
        ("Cover", {"fields": ["executive_summary", "recommendation"]}),
        ("Signature", {"fields": ["signatory_name", "signatory_role"]}),
        ("Uploaded paper", {"fields": ["document"]}),
        ("Sign-off", {"fields": readonly_fields}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            # The template only starts a new paper.
            first = dict(fieldsets[0][1])
            first["fields"] = [f for f in first["fields"] if f != "template"]
            fieldsets = [(None, first), *fieldsets[1:]]
        return fieldsets

    def save_model(self, request, obj, form, change):
        # Every change leaves the paper a draft in its writer's name until the lead signs it
        # off again (a published paper is read-only; a withdrawn one may be corrected).
        services.reset_sign_off(obj, request.user)
        obj._history_user = request.user
        obj._change_reason = "Changed" if change else "Written"
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        template = form.cleaned_data.get("template")
        if not change and template:
            services.sections_from_template(paper=form.instance, template=template)

    def has_verify_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == PaperStatus.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)

    def is_public(self, obj) -> bool:
        return obj.status in (PaperStatus.PUBLISHED, PaperStatus.WITHDRAWN)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item__meeting", "entered_by")
