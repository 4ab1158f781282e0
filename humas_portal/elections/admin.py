from django.contrib import admin

from humas_portal.admin_site import CachedPagesAdminMixin
from humas_portal.elections.hooks import holidays_changed_announce
from humas_portal.elections.models import Election, ElectionStage, Holiday


class ElectionStageInline(admin.StackedInline):
    """Stacked: the public timeline's texts (legal basis, what Bawaslu watches, how to report)
    need room to write."""

    model = ElectionStage
    fields = [
        ("order", "name"),
        ("start_date", "end_date"),
        "legal_basis",
        "description",
        "watch_points",
        "report_hint",
    ]
    extra = 0


@admin.register(Election)
class ElectionAdmin(CachedPagesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "voting_day", "is_open", "is_current"]
    list_filter = ["kind", "is_open"]
    search_fields = ["name"]
    inlines = [ElectionStageInline]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Public holidays and collective leave: not working days (complaint deadlines among
    others follow each change, see ``holidays_changed_announce``)."""

    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"
    ordering = ["-date"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        holidays_changed_announce()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        holidays_changed_announce()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        holidays_changed_announce()
