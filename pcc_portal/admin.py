"""Background jobs in the admin: what staff asked for, and how it went (read only)."""

from django.contrib import admin

from .access import is_opcc_staff
from .models import BackgroundJob


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "attempts", "message", "requested_by", "created_at"]
    list_filter = ["status", "group"]
    search_fields = ["title", "key"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "status",
        "attempts",
        "max_attempts",
        "message",
        "error",
        "result",
        "requested_by",
        "created_at",
        "started_at",
        "finished_at",
        "key",
        "task_result_id",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Every OPCC staff member may follow the jobs (the status of what they asked for).
        return is_opcc_staff(request.user)
