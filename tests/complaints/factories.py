"""Small factories for the complaint-desk tests: a tiny office region, elections, complaints
filed through the real service (so numbers, hashes and events are as in production)."""

import uuid
from datetime import timedelta
from itertools import count

from django.urls import reverse
from django.utils import timezone

from complaints.models import Category, Complaint, Election, ElectionKind
from complaints.services import Receipt, complaint_submit
from humas_portal.siteprofile.models import OfficeProfile, Region, RegionLevel

_numbers = count(1)

# A reporter and witness whose every detail must stay off the pages of those without
# complaints.view_identity (and out of logs).
IDENTITY = {
    "reporter_name": "Sulastri Wiraningsih",
    "reporter_phone": "+6281277788899",
    "reporter_email": "sulastri.pelapor@contoh.id",
    "reporter_address": "Jl. Melati Gang Buntu 17, Kencong",
}
WITNESS = ("Bambang Prasetyo Saksi", "081355566677")


def identity_values() -> list[str]:
    return [*IDENTITY.values(), *WITNESS]


# Two kecamatan of Jember (35.09) with two villages each; codes as in the official data.
REGIONS = [
    ("35", "JAWA TIMUR", RegionLevel.PROVINCE, None),
    ("35.09", "KABUPATEN JEMBER", RegionLevel.REGENCY, "35"),
    ("35.09.01", "Kencong", RegionLevel.DISTRICT, "35.09"),
    ("35.09.01.2001", "Kencong", RegionLevel.VILLAGE, "35.09.01"),
    ("35.09.01.2002", "Wonorejo", RegionLevel.VILLAGE, "35.09.01"),
    ("35.09.24", "Kaliwates", RegionLevel.DISTRICT, "35.09"),
    ("35.09.24.1001", "Kaliwates", RegionLevel.URBAN_VILLAGE, "35.09.24"),
    ("35.09.24.1002", "Mangli", RegionLevel.URBAN_VILLAGE, "35.09.24"),
]


def office_create() -> OfficeProfile:
    """The Jember office with its small region tree; safe to call twice."""
    for code, name, level, parent in REGIONS:
        Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent}
        )
    profile, _created = OfficeProfile.objects.get_or_create(
        pk=1, defaults={"name": "Bawaslu Kabupaten Jember", "region_id": "35.09"}
    )
    return profile


def election_create(name: str = "Pilkada Jember 2026", kind: str = ElectionKind.PILKADA):
    election, _created = Election.objects.get_or_create(name=name, defaults={"kind": kind})
    return election


def complaint_file(**overrides) -> Receipt:
    """File a complaint as a named reporter with an e-mail address (override any field)."""
    office_create()
    today = timezone.localdate()
    number = next(_numbers)
    values = {
        "form_token": uuid.uuid4(),
        "election": election_create(),
        "anonymous": False,
        "reporter_name": "Warga Contoh %d" % number,
        "reporter_phone": "+6281234567%03d" % number,
        "reporter_email": "pelapor%d@contoh.id" % number,
        "reporter_address": "Jl. Contoh No. %d, Kencong" % number,
        "category": Category.MONEY_POLITICS,
        "title": "Pembagian amplop di balai desa %d" % number,
        "description": "Sekitar pukul 19.00 ada pembagian amplop berisi uang kepada warga.",
        "occurred_on": today - timedelta(days=2),
        "known_on": today - timedelta(days=1),
        "location": Region.objects.get(code="35.09.01.2001"),
        "consent": True,
        "witnesses": [("Saksi Contoh", "0812000000")],
    }
    values.update(overrides)
    return complaint_submit(**values)


def change_url(complaint: Complaint) -> str:
    return reverse("admin:complaints_complaint_change", args=[complaint.pk])


def action_url(complaint: Complaint, action: str) -> str:
    """An officer's action on the change page: transition, reply, note, assign, …"""
    return reverse("admin:complaints_complaint_%s" % action, args=[complaint.pk])
