"""Published files (ONS, Home Office, police.uk, the OPCC's spend workbooks): the editions
imported, publishing a whole edition, the upload → preview → confirm page, which measure each
publication column feeds, and the peer groups the force is ranked in."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from pcc_portal.open_data import MAX_UPLOAD_BYTES, import_upload

from .. import services
from ..models import MeasureSource, PeerGroup, PendingImport, PublicationEdition
from .common import admin_page
from .imports import ConfirmImportForm

# A pending upload of published files is kept with this in place of a revision reason when the
# lead asked to publish it on confirmation.
PUBLISH_ON_IMPORT = "publish the official publication"


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    """The forces the home force is ranked among; the group's figures are worked out."""

    list_display = ["name", "is_default"]
    filter_horizontal = ["members"]


@admin.register(MeasureSource)
class MeasureSourceAdmin(admin.ModelAdmin):
    """Which measure each column of a publication feeds: change the measure to re-map it."""

    list_display = ["column", "publication", "measure"]
    list_filter = ["publication"]
    search_fields = ["column", "measure__name"]
    autocomplete_fields = ["measure"]
    readonly_fields = ["publication", "column"]

    def has_add_permission(self, request):
        return False  # a column appears when its publication is first imported


class OpenDataForm(forms.Form):
    file = forms.FileField(
        label="Published file",
        help_text=(
            "As downloaded: ONS Police Force Area tables (P1, C2), ONS Crime Severity Score, "
            "Home Office police workforce open data, police.uk street-level crime files, or "
            "the OPCC's spend over £500 workbook; a .zip of several, or a .gz. "
            f"At most {MAX_UPLOAD_BYTES // 2**20} MB."
        ),
    )
    publish = forms.BooleanField(
        label="Publish each official publication at once",
        required=False,
        help_text="Performance lead only. Otherwise the figures arrive as drafts.",
    )


@admin.register(PublicationEdition)
class PublicationEditionAdmin(admin.ModelAdmin):
    """Editions imported, and the upload → preview → confirm page for new ones."""

    list_display = ["publication", "label", "file_name", "imported_by", "imported_at"]
    list_display += ["published_by", "published_at"]
    list_filter = ["publication"]
    readonly_fields = [f.name for f in PublicationEdition._meta.fields]
    actions = ["publish_editions"]
    change_list_template = "admin/performance/publicationedition/change_list.html"

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [admin_page(self, "import/", self.import_view, "import"), *super().get_urls()]

    @admin.action(description="Publish every figure of the selected editions")
    def publish_editions(self, request, queryset):
        try:
            published = sum(
                services.edition_publish(edition=e, user=request.user) for e in queryset
            )
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"{published:,} figures published.", messages.SUCCESS)

    def import_view(self, request):
        if not request.user.has_perm("performance.add_observation"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Import published files",
            "opts": self.model._meta,
        }
        if request.method == "POST" and "pending" in request.POST:
            confirmation = ConfirmImportForm(request.POST)
            if not confirmation.is_valid():
                raise PermissionDenied
            pending = get_object_or_404(
                PendingImport, uploaded_by=request.user, pk=confirmation.cleaned_data["pending"]
            )
            publish = pending.revise_reason == PUBLISH_ON_IMPORT
            run = import_upload(
                pending.filename, bytes(pending.content), user=request.user, publish=publish
            )
            if run.ok:
                pending.delete()
                summary = " ".join(report.summary for report in run.reports)
                messages.success(request, f"Imported. {summary}")
                return HttpResponseRedirect(
                    reverse("admin:performance_publicationedition_changelist")
                )
            context.update(run=run, form=OpenDataForm())
            return TemplateResponse(request, "admin/performance/open_data_import.html", context)
        form = OpenDataForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            publish = form.cleaned_data["publish"]
            if publish and not request.user.has_perm(services.PUBLISH_PERMISSION):
                form.add_error("publish", "Only the performance lead can publish.")
            elif upload.size > MAX_UPLOAD_BYTES:
                form.add_error("file", f"The limit is {MAX_UPLOAD_BYTES // 2**20} MB.")
            else:
                content = upload.read()
                run = import_upload(
                    upload.name, content, user=request.user, dry_run=True, publish=publish
                )
                if run.ok:
                    context["pending"] = PendingImport.objects.create(
                        uploaded_by=request.user,
                        filename=upload.name[:255],
                        content=content,
                        revise_reason=PUBLISH_ON_IMPORT if publish else "",
                    )
                context.update(run=run, filename=upload.name)
                form = OpenDataForm()
        context["form"] = form
        return TemplateResponse(request, "admin/performance/open_data_import.html", context)
