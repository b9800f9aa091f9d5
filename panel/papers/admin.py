"""Officers compose papers here: the cover, the ordered sections (narrative in Markdown or
figures placed from the registry), then the lead's sign-off from the list's actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from panel.models import Paper, PaperSection

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
        help_text="A new paper starts with the template's sections, in the seed papers' "
        "order (only when you add no sections yourself).",
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
class PaperAdmin(SimpleHistoryAdmin):
    form = PaperForm
    inlines = [PaperSectionInline]
    list_display = ["title", "item", "period_end", "status", "entered_by", "published_by"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
    autocomplete_fields = ["item"]
    readonly_fields = ["status", "entered_by", "verified_by", "verified_at", "published_by"]
    actions = ["verify", "publish"]
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
        # off again: a published paper is never changed in public without sign-off.
        services.reset_sign_off(obj, request.user)
        obj._history_user = request.user
        obj._change_reason = "Changed" if change else "Written"
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        template = form.cleaned_data.get("template")
        if not change and template:
            services.sections_from_template(paper=form.instance, template=template)

    @admin.action(description="Verify the selected papers")
    def verify(self, request, queryset):
        self._sign_off(request, queryset, services.paper_verify, "verified")

    @admin.action(description="Publish the selected verified papers")
    def publish(self, request, queryset):
        self._sign_off(request, queryset, services.paper_publish, "published")

    def _sign_off(self, request, queryset, step, done):
        count = 0
        for paper in queryset:
            try:
                step(paper=paper, user=request.user)
                count += 1
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
            except services.SignOffError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if count:
            self.message_user(request, f"{count} paper(s) {done}.", messages.SUCCESS)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item__meeting", "entered_by")
