"""The job queue in the admin: editors and superusers see jobs, failed ones first to hand
(filter *status*), and may send a failed one again ("Retry Job"); nobody edits a job."""

from __future__ import annotations

from django.contrib import admin
from procrastinate.contrib.django.admin import ProcrastinateJobAdmin
from procrastinate.contrib.django.models import ProcrastinateJob

EDITORS_GROUP = "Redaktører"


def _sees_jobs(user) -> bool:
    return (
        user.is_active
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists())
    )


class JobAdmin(ProcrastinateJobAdmin):
    def has_module_permission(self, request) -> bool:
        return _sees_jobs(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return _sees_jobs(request.user)


admin.site.unregister(ProcrastinateJob)
admin.site.register(ProcrastinateJob, JobAdmin)
