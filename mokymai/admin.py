"""The admin inspects and fixes the trainings' records; the portal's own pages create them
(registration, attendance and statuses go through ``mokymai.services``, so the admin
shows those read-only)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mokymai.models import (
    Attendance,
    CalendarFeed,
    Cost,
    Lecturer,
    Programme,
    Registration,
    Session,
    Topic,
    TrainingEvent,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "hours", "approved_on", "active"]
    list_filter = ["active", "topics"]
    search_fields = ["code", "title"]
    filter_horizontal = ["topics"]


@admin.register(Lecturer)
class LecturerAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation"]
    search_fields = ["person__first_name", "person__last_name", "organisation"]
    raw_id_fields = ["person"]
    filter_horizontal = ["topics"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "topic", "venue"]


class CostInline(admin.TabularInline):
    model = Cost
    extra = 0


@admin.register(TrainingEvent)
class TrainingEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "format", "status", "starts_on", "capacity"]
    list_filter = ["status", "kind", "format"]
    search_fields = ["title"]
    date_hierarchy = "starts_on"
    readonly_fields = ["status", "starts_on", "ends_on", "version", "created_by", "created_at",
                       "updated_at", "published_at"]
    filter_horizontal = ["topics", "audience_posts"]
    inlines = [SessionInline, CostInline]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "event", "status", "queued_at", "attended_hours", "completed"]
    list_filter = ["status", "completed"]
    search_fields = ["person__first_name", "person__last_name", "event__title"]
    readonly_fields = ["event", "person", "library", "status", "queued_at", "registered_by",
                       "promoted_at", "cancelled_at", "cancelled_by", "reminded_at",
                       "attended_hours", "completed"]

    def has_add_permission(self, request):
        return False


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["registration", "session", "present", "minutes", "source", "marked_at"]
    list_filter = ["present", "source"]
    readonly_fields = ["registration", "session", "marked_by", "marked_at"]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    readonly_fields = ["user", "key", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
