from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from humas_portal.siteprofile.models import PROFILE_CACHE_KEY, OfficeProfile, Region
from humas_portal.siteprofile.selectors import (
    office_profile_current,
    office_profile_request_begin,
    office_profile_request_end,
)
from humas_portal.siteprofile.services import office_profile_update

pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def change_form_data(profile: OfficeProfile, **overrides) -> dict:
    data = {
        "name": profile.name,
        "region": profile.region_id,
        "tagline": profile.tagline,
        "address": profile.address,
        "hotline": profile.hotline,
        "whatsapp": profile.whatsapp,
        "email": profile.email,
        "website": "",
        "facebook_url": "",
        "instagram_url": "",
        "x_url": "",
        "youtube_url": "",
        "tiktok_url": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_there_is_only_ever_one_profile():
    OfficeProfile(name="Kantor lain").save()  # save() pins the single row
    assert OfficeProfile.objects.count() == 1
    with pytest.raises(IntegrityError):
        OfficeProfile.objects.bulk_create([OfficeProfile(id=2, name="Kantor kedua")])


@pytest.mark.django_db
def test_profile_region_must_be_a_regency_or_city():
    with pytest.raises(ValidationError):
        office_profile_update(region=Region.objects.get(code="35.09.01"))


@pytest.mark.django_db(transaction=True)
def test_saving_the_profile_refreshes_every_page(client):
    assert "Bawaslu Kabupaten Jember" in client.get("/").text
    office_profile_update(name="Bawaslu Kota Surabaya")
    assert office_profile_current().name == "Bawaslu Kota Surabaya"
    assert "Bawaslu Kota Surabaya" in client.get("/").text


@pytest.mark.django_db
def test_admin_edits_profile_and_logo_is_reencoded(admin_client, media_root):
    profile = OfficeProfile.objects.get()
    logo = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"
    Image.new("RGB", (2000, 1000), "white").save(logo, "JPEG", exif=exif)
    url = reverse("admin:siteprofile_officeprofile_change", args=[profile.pk])

    response = admin_client.post(
        url,
        change_form_data(
            profile,
            hotline="0331 487 000",
            logo=SimpleUploadedFile("logo kantor.jpg", logo.getvalue(), "image/jpeg"),
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    profile.refresh_from_db()
    assert profile.hotline == "0331 487 000"
    stored = (media_root / profile.logo.name).read_bytes()
    assert b"KameraUji" not in stored
    assert max(Image.open(BytesIO(stored)).size) == 512
    assert "logo kantor" not in profile.logo.name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("whatsapp", "0812345678", "awalan 62"),
        ("hotline", "<script>", "nomor telepon"),
        ("email", "bukan-email", "alamat e-mail"),
    ],
)
def test_admin_refuses_bad_contacts_in_indonesian(admin_client, field, value, message):
    profile = OfficeProfile.objects.get()
    url = reverse("admin:siteprofile_officeprofile_change", args=[profile.pk])
    response = admin_client.post(url, change_form_data(profile, **{field: value}))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert any(message in error for error in errors), errors
    profile.refresh_from_db()
    assert getattr(profile, field) != value


@pytest.mark.django_db
def test_admin_refuses_a_fake_logo(admin_client, media_root):
    profile = OfficeProfile.objects.get()
    url = reverse("admin:siteprofile_officeprofile_change", args=[profile.pk])
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
    response = admin_client.post(url, change_form_data(profile, logo=fake))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"]
    assert not any(media_root.rglob("*.png"))


@pytest.mark.django_db
def test_profile_cannot_be_added_twice_or_deleted_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:siteprofile_officeprofile_add")).status_code == 403
    delete_url = reverse("admin:siteprofile_officeprofile_delete", args=[1])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert OfficeProfile.objects.count() == 1


# --- Read at most once per request (issue 14) -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/berita/", "/berita/feed/"])
def test_a_page_reads_the_profile_once_even_without_a_cache(client, settings, url):
    # No cache at all: every ask that is not answered within the request is a query. The
    # context processor, the region summary, the feed's title and description all ask.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    reads = [query for query in queries if 'FROM "siteprofile_officeprofile"' in query["sql"]]
    assert len(reads) == 1


@pytest.mark.django_db
def test_a_profile_saved_during_a_request_is_read_again_after_the_commit(
    django_capture_on_commit_callbacks,
):
    office_profile_request_begin()
    try:
        assert office_profile_current().name == "Bawaslu Kabupaten Jember"
        with django_capture_on_commit_callbacks(execute=True):
            office_profile_update(name="Bawaslu Kota Surabaya")
        assert office_profile_current().name == "Bawaslu Kota Surabaya"
    finally:
        office_profile_request_end()


@pytest.mark.django_db
def test_outside_a_request_each_read_asks_the_cache(client):
    client.get("/")  # a request that read (and cached) the profile, then ended
    changed = office_profile_current()
    changed.name = "Bawaslu Kota Surabaya"
    cache.set(PROFILE_CACHE_KEY, changed)
    # A worker or a command has no request to keep a copy for.
    assert office_profile_current().name == "Bawaslu Kota Surabaya"
