"""Admin pieces that keep publishing the performance lead's act in every admin form.

- `LeadFieldsAdminMixin`: the fields that decide what the public sees (`lead_fields`) are
  read-only for everyone but the lead; a crafted POST of them is ignored, as Django ignores
  any read-only field. The lead may change them on the record's page, giving a reason; the
  change is then made by the app's named service (`lead_service`), never by the form.
- `LeadFieldsInlineMixin`: the same fields are read-only in inlines for everyone (an inline
  row has no place for the reason); the lead changes them on the record's own page.
- `NeverDeleteWhenPublicMixin`: a record the public has seen is not deleted, singly or by the
  bulk action; it is withdrawn with a reason instead.
- `SafeAutocompleteMixin`: a crafted POST such as `measure=x` is a form error, not a 500.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from .access import is_performance_lead
from .publication import SignOffStatus

REASON_FIELD = "publication_reason"
# A signed-off record's sign-off, shown read-only on its admin page.
# Who withdrew a published record, when and why: set only by the withdrawal.
WITHDRAWAL_FIELDS = ("withdrawn_by", "withdrawn_at", "withdrawal_reason")
SIGNOFF_FIELDS = (
    "status",
    "entered_by",
    "verified_by",
    "verified_at",
    "published_by",
    "published_at",
    *WITHDRAWAL_FIELDS,
)


class SafeAutocompleteSelect(AutocompleteSelect):
    """Redisplays a form whose posted choice is not even a valid key (`measure=x`) with the
    field's own error, instead of failing on the lookup of the chosen option."""

    def optgroups(self, name, value, attr=None):
        key = self.field.remote_field.model._meta.pk
        valid = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and type(formfield.widget) is AutocompleteSelect:
            formfield.widget.__class__ = SafeAutocompleteSelect
        return formfield


def _reason_field():
    return forms.CharField(
        label="Reason for the change to what the public sees",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you change a publication field above; kept in the history.",
    )


class LeadFieldsAdminMixin(SafeAutocompleteMixin):
    lead_fields: tuple[str, ...] = ()
    # A named service: (<lead_record>=, user=, changes={field: value}, reason=) → names changed.
    lead_service = None
    lead_record = "record"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_performance_lead(request.user):
            fields += [name for name in self.lead_fields if name not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if is_performance_lead(request.user) and self.lead_fields:
            base = kwargs.get("form", self.form)
            attrs = {REASON_FIELD: _reason_field(), "lead_fields": self.lead_fields}
            kwargs["form"] = type(base.__name__, (_NeedsReason, base), attrs)
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        lead = is_performance_lead(request.user) and self.lead_fields
        if lead and REASON_FIELD not in flatten_fieldsets(fieldsets):
            fieldsets = [*fieldsets, ("Publication change", {"fields": [REASON_FIELD]})]
        return fieldsets

    def save_model(self, request, obj, form, change):
        changes = {
            name: form.cleaned_data[name]
            for name in self.lead_fields
            if name in form.changed_data and name in form.cleaned_data
        }
        _restore(obj, changes)
        super().save_model(request, obj, form, change)
        if changes:
            changed = type(self).lead_service(
                **{self.lead_record: obj},
                user=request.user,
                changes=changes,
                reason=form.cleaned_data.get(REASON_FIELD, ""),
            )
            if changed:
                names = ", ".join(str(obj._meta.get_field(name).verbose_name) for name in changed)
                messages.info(request, f"Changed {names}; the reason is recorded.")


def _restore(obj, changes: dict) -> None:
    """Puts back the stored (or, for a new record, default) value of each field the lead
    changed, so the content is saved first and the publication change by its service."""
    if not changes:
        return
    model = type(obj)
    attnames = [model._meta.get_field(name).attname for name in changes]
    stored = model._default_manager.filter(pk=obj.pk).values(*attnames).first() if obj.pk else None
    for name, attname in zip(changes, attnames, strict=True):
        field = model._meta.get_field(name)
        setattr(obj, attname, stored[attname] if stored else field.get_default())


class _NeedsReason:
    """A lead's form: a change to a publication field needs the reason."""

    lead_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        changed = any(name in self.changed_data for name in self.lead_fields)
        if changed and not (cleaned.get(REASON_FIELD) or "").strip():
            self.add_error(REASON_FIELD, "Give the reason for changing what the public sees.")
        return cleaned


class LeadFieldsInlineMixin:
    lead_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [name for name in self.lead_fields if name not in fields]


class NeverDeleteWhenPublicMixin:
    """`is_public(obj)` says whether the public has seen the record."""

    def is_public(self, obj) -> bool:
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.is_public(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        if self.is_public(obj):
            raise PermissionDenied("A published record is withdrawn with a reason, not deleted.")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if any(self.is_public(obj) for obj in queryset):
            raise PermissionDenied("A published record is withdrawn with a reason, not deleted.")
        super().delete_queryset(request, queryset)


class SignOffActionsMixin:
    """The lead's list actions on a signed-off model: withdraw (with a reason) for every one,
    and verify and publish where the model has no steps of its own (`signoff_service` names the
    app's services: {"verify": f, "publish": f, "withdraw": f}, each (record=, user=, …))."""

    signoff_services: dict = {}
    signoff_record = "record"  # the services' keyword for the record

    def has_publish_permission(self, request):
        return is_performance_lead(request.user)

    def has_verify_permission(self, request):
        return is_performance_lead(request.user)

    def _apply(self, request, queryset, step: str, done_word: str, **kwargs):
        service = type(self).signoff_services[step]
        done, refused = [], []
        for record in queryset:
            try:
                kwargs[self.signoff_record] = record
                done.append(service(user=request.user, **kwargs))
            except ValidationError as error:
                refused.append((record, " ".join(error.messages)))
            except PermissionDenied as error:
                refused.append((record, str(error)))
        if done:
            messages.success(request, f"{done_word.capitalize()} {len(done)} record(s).")
        if refused:
            reasons = " ".join(reason for _, reason in refused[:20])
            messages.warning(request, f"{len(refused)} not {done_word}: {reasons}")
        return done, refused

    @admin.action(description="Verify the selected records", permissions=["verify"])
    def verify_selected(self, request, queryset):
        self._apply(request, queryset, "verify", "verified")

    @admin.action(description="Publish the selected records", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, "publish", "published")

    @admin.action(description="Withdraw the selected published records…", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        records = [r for r in queryset if r.status == SignOffStatus.PUBLISHED]
        reason = (request.POST.get("withdrawal_reason") or "").strip()
        error = ""
        if request.POST.get("confirm") == "yes":
            if reason:
                self._apply(request, records, "withdraw", "withdrawn", reason=reason)
                return None
            error = "Give the reason: it is shown to readers where the records used to be."
        context = {
            **self.admin_site.each_context(request),
            "title": "Withdraw published records",
            "opts": self.model._meta,
            "records": records,
            "refused": [
                (r, f"{r} is {r.get_status_display().lower()}, not published.")
                for r in queryset
                if r.status != SignOffStatus.PUBLISHED
            ],
            "reason": reason,
            "error": error,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/publication/withdraw_confirmation.html", context)


class SignOffAdminMixin(SafeAutocompleteMixin, SignOffActionsMixin, NeverDeleteWhenPublicMixin):
    """A signed-off model's admin: status and sign-off read-only, lead's actions, never
    deleted once published."""

    signoff_readonly = SIGNOFF_FIELDS

    def is_public(self, obj) -> bool:
        return obj.status in (SignOffStatus.PUBLISHED, SignOffStatus.WITHDRAWN)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [name for name in self.signoff_readonly if name not in fields]
