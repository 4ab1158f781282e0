"""The press room (issue 16, item 5): press contacts from the office profile, the latest press
releases through the registry news fills, upcoming forums, press kits, the press-list wording;
the links to it; and the e-mails around verification."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from humas_portal.notifications.models import Message
from humas_portal.press_room import press_release_pages, press_releases_latest
from humas_portal.roles import CHIEF_EDITOR, EDITOR
from humas_portal.siteprofile.models import OfficeProfile
from humas_portal.siteprofile.services import office_profile_update
from media_forum.models import EventMaterial, EventStatus, MaterialKind
from media_forum.services import journalist_register, journalist_unverify, journalist_verify
from news.cache_pages import article_cached_pages
from news.models import ArticleKind, ArticleStatus
from tests.factories import staff_create
from tests.media_forum.factories import event_create, journalist_create
from tests.news.factories import published_article_create
from tests.test_office_profile import change_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

PRESS_ROOM = "/forum-media/ruang-media/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def verifier(username: str, *, email: str | None = None, role: str = CHIEF_EDITOR):
    user = staff_create(username, role=role)
    user.email = email if email is not None else "%s@bawaslu.example.id" % username
    user.save()
    if role == CHIEF_EDITOR and not user.has_perm("media_forum.verify_journalist"):
        user.user_permissions.add(Permission.objects.get(codename="verify_journalist"))
    return type(user).objects.get(pk=user.pk)


# --- The page --------------------------------------------------------------------------------


def test_the_press_room_shows_contacts_releases_forums_kits_and_the_press_list(client):
    release = published_article_create(
        kind=ArticleKind.PRESS_RELEASE, title="Siaran Pers Hasil Pengawasan Kampanye"
    )
    news = published_article_create(kind=ArticleKind.NEWS, title="Berita Biasa Bukan Siaran")
    published_article_create(
        kind=ArticleKind.PRESS_RELEASE,
        title="Siaran Pers Terjadwal Besok",
        publish_at=timezone.now() + timedelta(days=1),
    )
    upcoming = event_create(starts_in=timedelta(days=5), title="Forum Media Netralitas ASN")
    event_create(starts_in=timedelta(days=5), status=EventStatus.DRAFT, title="Draf Forum Rahasia")
    past = event_create(
        starts_in=timedelta(days=-5), status=EventStatus.FINISHED, title="Konferensi Pers Lalu"
    )
    material = EventMaterial(event=past, title="Paparan Data Pengawasan", kind=MaterialKind.PDF)
    material.file.save("paparan.pdf", ContentFile(b"%PDF-1.4"), save=False)
    material.save()

    response = client.get(PRESS_ROOM)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<h1") == 1
    profile = OfficeProfile.objects.get()
    assert profile.press_contact_name in html
    assert 'href="tel:%s"' % profile.press_contact_phone.replace(" ", "") in html
    assert 'href="mailto:%s"' % profile.press_contact_email in html
    assert release.title in html
    assert 'href="%s"' % reverse("news:article_detail", args=[release.slug]) in html
    assert news.title not in html
    assert "Siaran Pers Terjadwal Besok" not in html
    assert upcoming.title in html
    assert "Draf Forum Rahasia" not in html
    assert "Paparan Data Pengawasan" in html
    assert past.title in html
    # The press list, in its own words: what, who and how long.
    assert 'href="/langganan/wartawan/"' in html
    assert "Koordinator Forum Media atau Pemimpin Redaksi" in html
    assert "Paling lambat 2 hari kerja" in html
    assert "Verifikasi bukan penilaian atas isi pemberitaan" in html


def test_without_press_contacts_the_office_contacts_show(client):
    office_profile_update(
        press_contact_name="", press_contact_role="", press_contact_phone="", press_contact_email=""
    )
    html = client.get(PRESS_ROOM).content.decode()
    assert "Hubungi humas kantor kami" in html
    assert OfficeProfile.objects.get().email in html


def test_the_registry_returns_the_newest_press_releases_first():
    old = published_article_create(
        kind=ArticleKind.PRESS_RELEASE, publish_at=timezone.now() - timedelta(days=3)
    )
    new = published_article_create(kind=ArticleKind.PRESS_RELEASE)
    published_article_create(kind=ArticleKind.PRESS_RELEASE, status=ArticleStatus.DRAFT)

    releases = press_releases_latest(5)

    assert [release.title for release in releases] == [new.title, old.title]
    assert releases[0].url == reverse("news:article_detail", args=[new.slug])
    assert len(press_releases_latest(1)) == 1


def test_news_renews_the_press_room_when_an_article_changes():
    article = published_article_create(kind=ArticleKind.PRESS_RELEASE)
    assert press_release_pages() == [PRESS_ROOM]
    assert PRESS_ROOM in article_cached_pages(article)


def test_the_press_room_answers_only_get(client):
    assert client.post(PRESS_ROOM).status_code == 405


# --- Links to it -----------------------------------------------------------------------------


def test_the_footer_and_the_subscription_page_link_the_press_room(client):
    assert 'href="%s"' % PRESS_ROOM in client.get("/").content.decode()
    assert 'href="%s"' % PRESS_ROOM in client.get("/langganan/").content.decode()


def test_every_press_release_links_the_press_room_and_other_articles_only_in_the_footer(client):
    release = published_article_create(kind=ArticleKind.PRESS_RELEASE)
    news = published_article_create(kind=ArticleKind.NEWS)

    release_page = client.get(reverse("news:article_detail", args=[release.slug]))
    news_page = client.get(reverse("news:article_detail", args=[news.slug]))

    assert 'class="article__press-room"' in release_page.content.decode()
    assert 'class="article__press-room"' not in news_page.content.decode()


# --- Press contacts in the office profile's admin --------------------------------------------


def test_the_admin_edits_the_press_contacts(admin_client):
    profile = OfficeProfile.objects.get()
    url = reverse("admin:siteprofile_officeprofile_change", args=[profile.pk])
    assert "press_contact_phone" in admin_client.get(url).content.decode()

    response = admin_client.post(
        url,
        change_form_data(
            profile,
            press_contact_name="Rina Humas",
            press_contact_role="Koordinator Divisi Humas",
            press_contact_phone="0331 123 456",
            press_contact_email="Media@Bawaslu.Example.ID",
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    profile.refresh_from_db()
    assert profile.press_contact_name == "Rina Humas"
    assert profile.press_contact_phone == "0331 123 456"
    # Read as every address is (humas_portal.validators): the domain in lower case.
    assert profile.press_contact_email == "Media@bawaslu.example.id"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("press_contact_phone", "<script>alert(1)</script>"),
        ("press_contact_phone", "123"),
        ("press_contact_email", "bukan-email"),
        ("press_contact_name", "x" * 500),
    ],
)
def test_the_admin_refuses_bad_press_contacts(admin_client, field, value):
    profile = OfficeProfile.objects.get()
    before = getattr(profile, field)
    url = reverse("admin:siteprofile_officeprofile_change", args=[profile.pk])

    response = admin_client.post(url, change_form_data(profile, **{field: value}))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    profile.refresh_from_db()
    assert getattr(profile, field) == before


# --- E-mails around the press list -----------------------------------------------------------

REGISTRATION = {
    "name": "Rina Wartawati",
    "outlet": "Harian Tapal Kuda",
    "beat": "Politik",
    "phone": "0812-3456-7890",
    "email": "rina@example.id",
    "language": "id",
}


def test_each_verifier_hears_of_a_registration_once(django_capture_on_commit_callbacks):
    chief = verifier("pemred")
    second = verifier("pemred.dua")
    verifier("tanpa.alamat", email="")
    inactive = verifier("pensiun")
    inactive.is_active = False
    inactive.save()
    # A writer with an address but without the permission.
    verifier("penulis", role=EDITOR)

    journalist_register(**REGISTRATION)
    # Registering again while unconfirmed changes the profile, not the number of e-mails.
    journalist_register(**{**REGISTRATION, "outlet": "Radar Jember"})

    messages = Message.objects.filter(kind="journalist_registered_staff").order_by("recipient")
    assert [message.recipient for message in messages] == sorted([chief.email, second.email])
    body = messages[0].body_text
    assert "Rina Wartawati" in body
    assert "Harian Tapal Kuda" in body
    assert "belum dikonfirmasi" in body
    assert "/admin/media_forum/journalistprofile/" in body
    # Nothing the registrant typed besides name, outlet and beat: no phone, no address.
    assert "3456" not in body
    assert "rina@example.id" not in body


def test_a_verified_journalist_is_told_once(django_capture_on_commit_callbacks):
    chief = verifier("pemred")
    profile = journalist_create("rina@example.id", verified=False)

    journalist_verify(profile_id=profile.pk, actor=chief)
    journalist_verify(profile_id=profile.pk, actor=chief)
    journalist_unverify(profile_id=profile.pk, actor=chief)
    journalist_verify(profile_id=profile.pk, actor=chief)

    (message,) = Message.objects.filter(kind="journalist_verified")
    assert message.recipient == "rina@example.id"
    assert "EMBARGO" in message.body_text
    assert PRESS_ROOM in message.body_text


def test_an_unconfirmed_journalist_is_not_verified_nor_told():
    chief = verifier("pemred")
    profile = journalist_create("rina@example.id", verified=False, confirmed=False)
    with pytest.raises(Exception, match="belum dikonfirmasi"):
        journalist_verify(profile_id=profile.pk, actor=chief)
    assert not Message.objects.filter(kind="journalist_verified").exists()
