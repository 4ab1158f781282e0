"""Small factories for the complaint-desk tests: elections, complaints
filed through the real service (so numbers, hashes and events are as in production)."""

import io
import uuid
from datetime import timedelta
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from complaints.models import REASON_REQUIRED, Category, Complaint, Stage
from complaints.services import Receipt, complaint_submit, complaint_transition
from humas_portal.elections.models import Election, ElectionKind
from humas_portal.siteprofile.models import OfficeProfile, Region, RegionLevel
from tests.factories import office_create

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


def election_create(name: str = "Pilkada Jember 2026", kind: str = ElectionKind.PILKADA):
    election, _created = Election.objects.get_or_create(name=name, defaults={"kind": kind})
    return election


def villages_add(count: int) -> None:
    """``count`` more villages in the office's kecamatan Kaliwates (tests/factories.py), made
    as bulk as a region load would; the cached village list is the caller's to forget."""
    Region.objects.bulk_create(
        Region(
            code="35.09.24.%04d" % (2000 + number),
            name="Desa Tambahan %d" % number,
            level=RegionLevel.VILLAGE,
            parent_id="35.09.24",
        )
        for number in range(count)
    )


def complaint_file(**overrides) -> Receipt:
    """File a complaint as a named reporter with an e-mail address (override any field), in
    the office made here if the test has none yet."""
    if not OfficeProfile.objects.exists():
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
        "language": "id",
    }
    values.update(overrides)
    return complaint_submit(**values)


def change_url(complaint: Complaint) -> str:
    return reverse("admin:complaints_complaint_change", args=[complaint.pk])


def action_url(complaint: Complaint, action: str) -> str:
    """An officer's action on the change page: transition, reply, note, assign, …"""
    return reverse("admin:complaints_complaint_action", args=[complaint.pk, action])


def complaint_move(complaint: Complaint, *stages: str, actor=None, **extra) -> Complaint:
    """Move a complaint through ``stages`` in turn, as an officer who saw each stage would.

    A reason is given where one is required and Diteruskan goes to the KPU, unless ``extra``
    says otherwise; ``extra`` goes to every call (e.g. ``merged_into_number``).
    """
    for to in stages:
        complaint.refresh_from_db()
        values = {
            "public_note": "Alasan untuk pelapor." if to in REASON_REQUIRED else "",
            "forwarded_to": "kpu" if to == Stage.FORWARDED else "",
            **extra,
        }
        complaint_transition(
            complaint_id=complaint.pk,
            expected_stage=complaint.stage,
            to=to,
            actor=actor,
            **values,
        )
    complaint.refresh_from_db()
    return complaint


def png_upload(name: str = "foto.png", *, size=(64, 48), colour=(200, 30, 30)):
    """A small real PNG, as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
