"""Requests, officers and holidays for the request desk's tests (ppid.services)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from humas_portal.elections.models import Holiday
from ppid.services import Receipt, request_submit
from tests.factories import PASSWORD

# 14-15 May 2026 (Kenaikan Isa Almasih and the collective leave after it) and 1 June 2026
# (Hari Lahir Pancasila): the calendar every deadline test counts with.
HOLIDAYS = (date(2026, 5, 14), date(2026, 5, 15), date(2026, 6, 1))

REQUEST_FIELDS = {
    "requester_name": "Siti Aminah",
    "requester_address": "Jl. Kalimantan 12, Sumbersari, Jember",
    "requester_email": "siti@contoh.id",
    "requester_phone": "",
    "information": "Salinan keputusan penetapan anggota Panwaslu Kecamatan tahun 2024.",
    "purpose": "Bahan penelitian skripsi tentang pengawasan pemilu.",
    "delivery": "email",
}


def holidays_set(days=HOLIDAYS) -> None:
    """Exactly these holidays, whatever a migration or another test left in the table."""
    Holiday.objects.all().delete()
    Holiday.objects.bulk_create([Holiday(date=day, name="Libur") for day in days])


def user_with(username: str, *codenames: str):
    """A staff account holding exactly these ppid permissions (the roles come with STAFF)."""
    User = get_user_model()
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="ppid", codename__in=codenames)
    )
    # A fresh instance: the permission cache of the first one is empty but set.
    return User.objects.get(pk=user.pk)


def officer_create(username: str = "petugas-informasi"):
    return user_with(username, "decide_request", "view_requester")


def superior_create(username: str = "atasan-ppid"):
    return user_with(username, "answer_objection")


def request_file(**overrides) -> Receipt:
    return request_submit(**{**REQUEST_FIELDS, "language": "id", **overrides})
