"""Demo content for the office profile: Bawaslu Kabupaten Jember and its region.

The contacts are fictional (example.id addresses, unassigned numbers) so that a demo install
never sends anything to a real person.
"""

from humas_portal.siteprofile.models import Region
from humas_portal.siteprofile.services import office_profile_update, region_load

JEMBER_CODE = "35.09"

# The demo office's profile, less its region (tests build the same office: tests/factories.py).
OFFICE_PROFILE = {
    "name": "Bawaslu Kabupaten Jember",
    "tagline": "Bersama Rakyat Awasi Pemilu, Bersama Bawaslu Tegakkan Keadilan Pemilu",
    "address": "Jl. Letjen Panjaitan No. 00, Sumbersari, Kabupaten Jember, Jawa Timur 68121",
    "hotline": "0331 000 000",
    "whatsapp": "6281100000000",
    "email": "humas@jember.bawaslu.example.id",
    "website": "",
    "facebook_url": "https://www.facebook.com/bawaslu.jember.example",
    "instagram_url": "https://www.instagram.com/bawaslu.jember.example",
    "x_url": "https://x.com/bawaslujemberexample",
    "youtube_url": "https://www.youtube.com/@bawaslujemberexample",
    "press_contact_name": "Koordinator Divisi Humas (demo)",
    "press_contact_role": "Koordinator Divisi Humas dan Hubungan Antar-Lembaga",
    "press_contact_phone": "0331 000 001",
    "press_contact_email": "media@jember.bawaslu.example.id",
}


def seed_office() -> None:
    region_load(office_code=JEMBER_CODE)
    office_profile_update(region=Region.objects.get(code=JEMBER_CODE), **OFFICE_PROFILE)
