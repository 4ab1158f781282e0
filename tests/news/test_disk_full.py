"""A full or read-only media disk under the article form (issue 13, item 15): a form error in
Indonesian with what was typed kept, never a 500, and no file left without its row."""

import errno
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Article, ArticleAttachment
from tests.news.factories import article_create, category_create
from tests.news.test_admin import change_url, form_data
from tests.news.test_uploads import jpeg_upload, pdf_bytes
from tests.storage_faults import disk_refuses, files_under

pytestmark = pytest.mark.django_db

REFUSED = "Berkas tidak dapat disimpan: penyimpanan di server penuh atau tidak dapat ditulisi."


def pdf_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("edaran.pdf", pdf_bytes(), "application/pdf")


@pytest.fixture
def draft(writer):
    return article_create(author=writer, category=category_create(), title="Patroli Masa Tenang")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_cover_the_disk_fills_up_under_is_a_form_error(
    client, writer, media_root, monkeypatch, caplog
):
    client.force_login(writer)
    # The large copy is stored, then the disk fills up halfway through the small one.
    disk_refuses(monkeypatch, errno.ENOSPC, written_bytes=100, files_before=1)

    with caplog.at_level(logging.ERROR):
        response = client.post(
            reverse("admin:news_article_add"),
            form_data(cover=jpeg_upload((800, 600)), cover_alt="Siswa di kelas"),
        )

    assert response.status_code == 200
    assert REFUSED in response.text
    assert "Artikel belum disimpan" in response.text
    assert 'value="Sosialisasi Pemilih Pemula"' in response.text  # what was typed is kept
    assert not Article.objects.exists()
    assert files_under(media_root) == []
    assert "ENOSPC" in caplog.text


def test_an_attachment_on_a_read_only_disk_is_a_form_error(
    client, writer, draft, media_root, monkeypatch
):
    client.force_login(writer)
    disk_refuses(monkeypatch, errno.EROFS)
    data = form_data(
        draft,
        title="Patroli Masa Tenang (diperbarui)",
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "Surat edaran",
            "attachments-0-file": pdf_upload(),
        },
    )

    response = client.post(change_url(draft), data)

    assert response.status_code == 200
    assert REFUSED in response.text
    assert 'value="Patroli Masa Tenang (diperbarui)"' in response.text
    draft.refresh_from_db()
    assert draft.title == "Patroli Masa Tenang"
    assert not ArticleAttachment.objects.exists()
    assert files_under(media_root) == []


def test_the_article_saves_once_the_disk_takes_files_again(client, writer, media_root):
    client.force_login(writer)

    response = client.post(
        reverse("admin:news_article_add"),
        form_data(cover=jpeg_upload((800, 600)), cover_alt="Siswa di kelas"),
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert sorted(files_under(media_root)) == sorted(
        [media_root / article.cover.name, media_root / article.cover_small.name]
    )
