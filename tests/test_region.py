import csv
import gzip
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count

from humas_portal.siteprofile.models import Region
from humas_portal.siteprofile.services import LEVELS


def counts_in_shipped_data(office_code: str) -> Counter:
    """Read the shipped CSV independently of the loader."""
    province = office_code.split(".")[0]
    counts: Counter = Counter()
    with gzip.open(settings.REGION_DATA_FILE, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kode"] in (province, office_code) or row["kode"].startswith(office_code + "."):
                counts[LEVELS[row["tingkat"]]] += 1
    return counts


def counts_in_database() -> Counter:
    return Counter(dict(Region.objects.values_list("level").annotate(n=Count("code"))))


@pytest.mark.django_db
def test_load_region_of_a_city_loads_exactly_the_shipped_rows():
    expected = counts_in_shipped_data("35.78")
    assert expected[Region.Level.CITY] == 1
    assert expected[Region.Level.DISTRICT] == 31
    assert expected[Region.Level.URBAN_VILLAGE] == 153

    call_command("load_region", "35.78", stdout=StringIO())

    assert counts_in_database() == expected
    surabaya = Region.objects.get(code="35.78")
    assert surabaya.name == "Kota Surabaya"
    assert surabaya.parent.code == "35"
    assert surabaya.parent.level == Region.Level.PROVINCE


@pytest.mark.django_db
def test_load_region_is_idempotent_and_keeps_other_offices():
    call_command("load_region", "35.09", stdout=StringIO())
    first = counts_in_database()
    call_command("load_region", "35.09", stdout=StringIO())
    assert counts_in_database() == first

    call_command("load_region", "35.78", stdout=StringIO())
    both = counts_in_database()
    assert both[Region.Level.DISTRICT] == 31 + 31
    assert both[Region.Level.PROVINCE] == 1  # Jawa Timur, shared


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["35", "35.09.01", "99.99", "35.9", "../35", ""])
def test_load_region_refuses_what_is_not_a_regency_or_city(code):
    with pytest.raises(CommandError):
        call_command("load_region", code)
    assert not Region.objects.exists()
