"""The complaint list in the admin: its filters, its search's audit, how a due date is shown.

Only these filters reach the list's query string (ComplaintAdmin.lookup_allowed): never a
filter on the reporter's identity.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from complaints.deadlines import due_soon_limit
from complaints.models import OPEN_STAGES
from humas_portal.audit import audit_record
from humas_portal.elections.dates import day_end, local_date
from humas_portal.siteprofile.models import Region, RegionLevel
from humas_portal.siteprofile.selectors import office_profile_current

# "batas waktu" alone is already the outbox's "expires": a context keeps the two apart.
DUE_LABEL = pgettext_lazy("complaint deadline", "batas waktu")


def late_text(days: int) -> str:
    return ngettext("terlambat %(days)s hari", "terlambat %(days)s hari", days) % {"days": days}


def overdue_html(shown: str, late: int):
    # The words too, not the colour alone.
    return format_html(
        '<span class="complaint-due complaint-due--overdue">{} · {}</span>', shown, late_text(late)
    )


class DistrictFilter(admin.SimpleListFilter):
    """The kecamatan of the office's region, by the village the complaint names."""

    title = gettext_lazy("kecamatan")
    parameter_name = "kecamatan"

    def lookups(self, request, model_admin):
        office = office_profile_current()
        if office.region_id is None:
            return []
        return list(
            Region.objects.filter(level=RegionLevel.DISTRICT, parent_id=office.region_id)
            .order_by("name")
            .values_list("code", "name")
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(location__parent_id=self.value())
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = gettext_lazy("penugasan")
    parameter_name = "ditugaskan"

    def lookups(self, request, model_admin):
        return [
            ("saya", gettext_lazy("Ditugaskan ke saya")),
            ("belum", gettext_lazy("Belum ditugaskan")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "saya":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "belum":
            # Waiting for an officer: a complaint that ended unassigned waits for nobody.
            return queryset.filter(assigned_to__isnull=True, stage__in=OPEN_STAGES)
        return queryset


class DueFilter(admin.SimpleListFilter):
    """Overdue, due before today ends (the dashboard's count), due soon (the digest's horizon,
    settings.COMPLAINT_DIGEST_DAYS_AHEAD), or no deadline at all (a stage without a clock)."""

    title = DUE_LABEL
    parameter_name = "batas_waktu"

    def lookups(self, request, model_admin):
        return [
            ("terlambat", _("Terlambat")),
            ("hari_ini", _("Jatuh tempo hari ini")),
            (
                "segera",
                _("Jatuh tempo dalam %(days)s hari")
                % {"days": settings.COMPLAINT_DIGEST_DAYS_AHEAD},
            ),
            ("tanpa", _("Tanpa batas waktu")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "terlambat":
            return queryset.filter(due_at__lt=now)
        if self.value() == "hari_ini":
            return queryset.filter(due_at__gte=now, due_at__lte=day_end(local_date(now)))
        if self.value() == "segera":
            limit = due_soon_limit(now, settings.COMPLAINT_DIGEST_DAYS_AHEAD)
            return queryset.filter(due_at__gte=now, due_at__lte=limit)
        if self.value() == "tanpa":
            return queryset.filter(due_at__isnull=True)
        return queryset


def identity_search_audit(request, results, search_term: str) -> None:
    """One audit row per search through the reporter's name, naming the complaints it found by
    the name; never the term itself, which is personal data."""
    if getattr(request, "_complaint_identity_search_audited", False):
        return
    request._complaint_identity_search_audited = True
    by_name = Q()
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        by_name |= Q(reporter_name__icontains=bit)
    numbers = sorted(results.filter(by_name).values_list("number", flat=True))
    audit_record(request.user, "complaint.identity_searched", None, numbers=numbers)
