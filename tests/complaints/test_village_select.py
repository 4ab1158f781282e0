"""The complaint form's village list: one <select> grouped by kecamatan, rendered without a
template per option from markup built once and cached until the regions change; the chosen
village kept when the form comes back, anything else refused in Indonesian (issue 14, item 5)."""

import gzip
import re
from html import unescape

import pytest
from django.core.management import call_command

from complaints.models import Complaint
from humas_portal.siteprofile.models import Region, RegionLevel
from humas_portal.siteprofile.services import office_profile_update, region_load
from tests.complaints.factories import villages_add
from tests.complaints.test_filing import CREATE, form_data

pytestmark = pytest.mark.usefixtures("desk")

SELECT = re.compile(r'<select name="location"[^>]*>.*?</select>', re.DOTALL)


def village_select(page: str) -> str:
    match = SELECT.search(page)
    assert match, "no village list on the page"
    return match.group(0)


def selected(select: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_the_list_is_labelled_required_and_starts_with_a_placeholder(client):
    page = client.get(CREATE).text
    select = village_select(page)
    assert '<label class="form__label" for="id_location">Desa/kelurahan tempat kejadian' in page
    assert re.match(
        r'<select name="location" class="form__input" required id="id_location">', select
    )
    assert select.index("— Pilih desa/kelurahan —") < select.index("<optgroup")
    assert selected(select) == [""]


def test_no_template_is_rendered_per_village(client):
    few = [template.name for template in client.get(CREATE).templates]
    villages_add(200)
    call_command("migrate", verbosity=0)  # post_migrate: the regions may have changed
    response = client.get(CREATE)
    many = [template.name for template in response.templates]
    assert village_select(response.text).count('<option value="35.09.24.2') == 200
    # 200 more villages, not one template more (the election list still renders its two
    # options through Django's option template).
    assert len(few) == len(many)


def test_the_chosen_village_is_kept_when_the_form_comes_back(client):
    response = client.post(CREATE, form_data(client, location="35.09.01.2002", title=""))
    assert "Bagian ini wajib diisi." in response.text
    assert selected(village_select(response.text)) == ["35.09.01.2002"]


@pytest.mark.parametrize(
    "value",
    [
        '"><script>alert(1)</script>',
        '35.09.01.2001" selected><option value="x',
        "35.09.01",  # a kecamatan, not a village
        "35.09.99.9999",  # no such village
    ],
)
def test_a_value_not_in_the_list_is_refused_in_indonesian_and_not_echoed(client, value):
    response = client.post(CREATE, form_data(client, location=value))
    assert response.status_code == 200
    assert not Complaint.objects.exists()
    text = unescape(response.text)
    assert "Desa/kelurahan itu tidak ada dalam daftar. Pilih dari daftar." in text
    select = village_select(response.text)
    assert 'aria-invalid="true"' in select
    assert 'aria-describedby="id_location_error"' in select
    assert 'id="id_location_error"' in response.text
    assert selected(select) == [""]
    assert "<script>alert(1)" not in response.text


def test_loading_the_regions_shows_the_new_villages_at_once(
    client, tmp_path, django_capture_on_commit_callbacks
):
    assert "Desa Sumberejo" not in client.get(CREATE).text
    data_file = tmp_path / "wilayah.csv.gz"
    with gzip.open(data_file, "wt", encoding="utf-8") as fh:
        fh.write("kode,nama,tingkat\n")
        fh.write("35,JAWA TIMUR,provinsi\n")
        fh.write("35.09,KABUPATEN JEMBER,kabupaten\n")
        fh.write("35.09.01,Kencong,kecamatan\n")
        fh.write("35.09.01.2003,Sumberejo,desa\n")
    with django_capture_on_commit_callbacks(execute=True):
        region_load(office_code="35.09", data_file=data_file)
    groups = dict(
        re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', client.get(CREATE).text)
    )
    assert "Desa Sumberejo" in groups["Kec. Kencong"]


def test_an_office_moved_to_another_region_lists_that_regions_villages(
    client, django_capture_on_commit_callbacks
):
    assert "Desa Kencong" in client.get(CREATE).text
    Region.objects.bulk_create(
        [
            Region(
                code="35.10", name="KABUPATEN BANYUWANGI", level=RegionLevel.REGENCY, parent_id="35"
            ),
            Region(
                code="35.10.01", name="Pesanggaran", level=RegionLevel.DISTRICT, parent_id="35.10"
            ),
            Region(
                code="35.10.01.2001",
                name="Sarongan",
                level=RegionLevel.VILLAGE,
                parent_id="35.10.01",
            ),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        office_profile_update(region=Region.objects.get(code="35.10"))
    select = village_select(client.get(CREATE).text)
    assert "Desa Sarongan" in select
    assert "Desa Kencong" not in select
