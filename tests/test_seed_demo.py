from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from humas_portal.siteprofile.models import OfficeProfile, Region


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # The demo covers are real files: keep them out of the checkout's var/media.
    settings.MEDIA_ROOT = tmp_path


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_creates_the_jember_office_and_its_full_region():
    call_command("seed_demo", stdout=StringIO())

    profile = OfficeProfile.objects.get()
    assert profile.name == "Bawaslu Kabupaten Jember"
    assert profile.region.code == "35.09"
    districts = Region.objects.filter(parent=profile.region, level=Region.Level.DISTRICT)
    villages = Region.objects.filter(
        parent__parent=profile.region,
        level__in=[Region.Level.VILLAGE, Region.Level.URBAN_VILLAGE],
    )
    assert districts.count() == 31
    assert villages.count() == 248
    assert villages.filter(level=Region.Level.URBAN_VILLAGE).count() == 22


@pytest.mark.django_db
def test_seed_demo_twice_leaves_every_count_unchanged():
    call_command("seed_demo", stdout=StringIO())
    first = row_counts()
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == first
