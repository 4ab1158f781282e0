"""The attendance list of an event, for staff, as CSV and XLSX (humas_portal.exports writes the
file, safe against formulas). Times are the office's local time, as the admin shows them."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from humas_portal.exports import Value
from media_forum.models import Event, Registration, RegistrationStatus


def _local(moment: datetime | None) -> datetime | None:
    # XLSX has no time zones: the office's local time, as the admin shows it.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _label(field: str) -> str:
    return str(capfirst(Registration._meta.get_field(field).verbose_name))


def _officer(registration: Registration) -> str:
    user = registration.attended_by
    return (user.get_full_name() or user.get_username()) if user else ""


def attendance_rows(event: Event) -> tuple[list[str], list[list[Value]]]:
    """Everyone who held or waited for a seat, or came: one query, by name."""
    header = [
        _label("name"),
        _label("outlet"),
        _label("position"),
        _label("adhoc_body"),
        _label("area"),
        _label("email"),
        _label("phone"),
        _label("status"),
        _label("email_confirmed_at"),
        _label("attended_at"),
        _label("attended_by"),
    ]
    registrations = (
        event.registrations.filter(
            Q(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])
            | Q(attended_at__isnull=False)
        )
        .select_related("attended_by")
        .order_by("name", "pk")
    )
    rows = [
        [
            registration.name or _("(data kontak dihapus)"),
            registration.outlet,
            registration.position,
            registration.get_adhoc_body_display() if registration.adhoc_body else "",
            registration.area,
            registration.email,
            registration.phone,
            registration.get_status_display(),
            _local(registration.email_confirmed_at),
            _local(registration.attended_at),
            _officer(registration),
        ]
        for registration in registrations
    ]
    return header, rows
