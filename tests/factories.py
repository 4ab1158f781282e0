"""Factories shared by every test package: the office, and staff accounts with a role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from humas_portal.roles import roles_sync
from humas_portal.siteprofile.demo import JEMBER_CODE, OFFICE_PROFILE
from humas_portal.siteprofile.models import OfficeProfile, Region, RegionLevel
from humas_portal.siteprofile.services import office_profile_update, region_load

PASSWORD = "kata-sandi-redaksi-panjang"

# A small slice of Jember (35.09): two kecamatan with two villages each. The codes and names
# are the tests' own, not the official data's (tests that need the real tree load it).
REGIONS = [
    ("35", "JAWA TIMUR", RegionLevel.PROVINCE, None),
    (JEMBER_CODE, "KABUPATEN JEMBER", RegionLevel.REGENCY, "35"),
    ("35.09.01", "Kencong", RegionLevel.DISTRICT, JEMBER_CODE),
    ("35.09.01.2001", "Kencong", RegionLevel.VILLAGE, "35.09.01"),
    ("35.09.01.2002", "Wonorejo", RegionLevel.VILLAGE, "35.09.01"),
    ("35.09.24", "Kaliwates", RegionLevel.DISTRICT, JEMBER_CODE),
    ("35.09.24.1001", "Kaliwates", RegionLevel.URBAN_VILLAGE, "35.09.24"),
    ("35.09.24.1002", "Mangli", RegionLevel.URBAN_VILLAGE, "35.09.24"),
]


def office_create(*, full_region: bool = False) -> OfficeProfile:
    """The demo office, Bawaslu Kabupaten Jember, made through the service with the demo's
    profile; its region is the small slice above, or with ``full_region`` the official tree
    (31 kecamatan, 248 villages: what ``seed_office`` loads). Safe to call twice."""
    if full_region:
        region_load(office_code=JEMBER_CODE)
    else:
        for code, name, level, parent in REGIONS:
            Region.objects.get_or_create(
                code=code, defaults={"name": name, "level": level, "parent_id": parent}
            )
    return office_profile_update(region=Region.objects.get(code=JEMBER_CODE), **OFFICE_PROFILE)


def staff_create(username: str, *, role: str | None = None, superuser: bool = False):
    """A staff account with the given role (``humas_portal.roles``), password ``PASSWORD``."""
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, password=PASSWORD)
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    if role is not None:
        if not Group.objects.filter(name=role).exists():
            roles_sync()
        user.groups.add(Group.objects.get(name=role))
    return user


def user_form(user, **overrides) -> dict:
    """The admin's user change form as posted for ``user``, with ``overrides``."""
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": "2026-11-30",
        "date_joined_1": "08:00:00",
    }
    data.update(overrides)
    return data
