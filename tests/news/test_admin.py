"""The news admin: the form, the workflow actions and buttons, Ralat, preview, revision history,
and the CSP that lets exactly the editor's import map run."""

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from humas_portal.csp import importmap_hashes, tiptap_style_hashes
from humas_portal.notifications.models import BulkSend
from news import services
from news.distribution import news_distribute_due
from news.models import Article, ArticleStatus, Correction
from tests.factories import staff_create
from tests.media_forum.factories import journalist_create
from tests.news.factories import (
    JAKARTA,
    NOW,
    article_create,
    category_create,
    subscriber_create,
)

INLINE_PREFIXES = ("images", "attachments", "corrections", "revisions")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return category_create("Pengawasan")


@pytest.fixture
def draft(writer, category):
    return article_create(author=writer, category=category, title="Patroli Masa Tenang")


def form_data(article=None, **overrides) -> dict:
    """What the article form posts: the article's own values, or a new article's."""
    data = {
        "title": article.title if article else "Sosialisasi Pemilih Pemula",
        "slug": article.slug if article else "sosialisasi-pemilih-pemula",
        "kind": article.kind if article else "news",
        "category": article.category_id if article else category_create().pk,
        "lead": article.lead if article else "Bawaslu menyapa pemilih pemula di sekolah.",
        "body": article.body if article else "<p>Siswa SMA belajar mengawasi pemilu.</p>",
        "cover_alt": "",
        "cover_credit": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "distribute_at_0": "",
        "distribute_at_1": "",
        "claim": "",
        "verdict": "",
        "evidence": "",
        "sources": "",
    }
    for prefix in INLINE_PREFIXES:
        data.update(
            {
                "%s-TOTAL_FORMS" % prefix: "0",
                "%s-INITIAL_FORMS" % prefix: "0",
                "%s-MIN_NUM_FORMS" % prefix: "0",
                "%s-MAX_NUM_FORMS" % prefix: "1000",
            }
        )
    data.update(overrides)
    return data


def change_url(article) -> str:
    return reverse("admin:news_article_change", args=[article.pk])


def changelist_action(client, action: str, *articles):
    return client.post(
        reverse("admin:news_article_changelist"),
        {"action": action, "_selected_action": [article.pk for article in articles]},
        follow=True,
    )


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def sources(response, directive: str = "script-src") -> list[str]:
    policy = response["Content-Security-Policy"]
    found = next(part for part in policy.split(";") if part.split()[0] == directive)
    return found.split()[1:]


# --- Rich text ------------------------------------------------------------------------------


def test_a_dangerous_body_posted_to_the_admin_form_is_stored_clean(client, writer):
    client.force_login(writer)
    body = (
        "<h2>Judul</h2><p>Aman <strong>tebal</strong></p>"
        "<script>alert('xss')</script>"
        '<p><img src="x" onerror="alert(1)">gambar</p>'
        '<p><a href="javascript:alert(2)">klik</a> <a href="https://bawaslu.go.id/">resmi</a></p>'
        '<p onclick="alert(3)">paragraf</p>'
    )

    response = client.post(reverse("admin:news_article_add"), form_data(body=body))

    assert response.status_code == 302
    stored = Article.objects.get().body
    for dangerous in ("<script", "alert", "onerror", "onclick", "javascript:", "<img"):
        assert dangerous not in stored
    assert "<h2>Judul</h2>" in stored
    assert '<a href="https://bawaslu.go.id/"' in stored


def test_the_form_creates_a_draft_authored_by_whoever_wrote_it(client, writer, clock):
    client.force_login(writer)

    client.post(
        reverse("admin:news_article_add"),
        form_data(status="published", author=staff_create("lain").pk),
    )

    article = Article.objects.get()
    assert (article.status, article.author, article.publish_at) == (
        ArticleStatus.DRAFT,
        writer,
        None,
    )
    assert list(article.revisions.values_list("action", "actor__username")) == [
        ("created", "penulis")
    ]


# --- Redaksi cannot publish -----------------------------------------------------------------


def test_posting_status_published_in_the_change_form_changes_nothing(client, writer, draft):
    client.force_login(writer)

    response = client.post(
        change_url(draft),
        form_data(draft, title="Patroli Masa Tenang Diperbarui", status="published"),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Patroli Masa Tenang Diperbarui"
    assert draft.status == ArticleStatus.DRAFT
    assert not Article.objects.public().exists()


def test_the_chief_cannot_set_the_status_by_post_either(client, chief, draft):
    client.force_login(chief)

    client.post(change_url(draft), form_data(draft, status="archived"))

    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT


def test_a_writer_has_no_publish_actions_and_posting_one_does_nothing(client, writer, draft):
    client.force_login(writer)
    changelist = client.get(reverse("admin:news_article_changelist"))
    offered = {
        choice for choice, _label in changelist.context["action_form"].fields["action"].choices
    }
    assert "submit_for_review" in offered
    assert not offered & {"publish", "schedule", "archive"}

    for action in ("publish", "schedule", "archive"):
        changelist_action(client, action, draft)

    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    assert not Article.objects.public().exists()


def test_a_writers_publish_button_is_refused(client, writer, draft):
    client.force_login(writer)

    response = client.post(change_url(draft), form_data(draft, _workflow="publish"), follow=True)

    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    assert shown_messages(response)[-1].startswith("“Patroli Masa Tenang” tidak diproses: Anda")


def test_a_writer_sees_a_published_article_read_only_and_cannot_post_to_it(
    client, writer, chief, draft
):
    services.article_publish(article_id=draft.pk, actor=chief)
    client.force_login(writer)

    page = client.get(change_url(draft))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert 'name="_save"' not in page.text
    # A Ralat is public at once: it is the chief editor's (issue 13).
    assert "Tambah ralat" not in page.text

    response = client.post(change_url(draft), form_data(draft, title="Diubah"))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Patroli Masa Tenang"


# --- The workflow through the admin ---------------------------------------------------------


def test_writer_submits_with_the_button_and_the_chief_publishes_with_the_action(
    client, writer, chief, draft, clock
):
    client.force_login(writer)
    page = client.get(change_url(draft))
    assert [move for move, _label in page.context["workflow_moves"]] == ["submit"]

    response = client.post(change_url(draft), form_data(draft, _workflow="submit"), follow=True)

    assert response.redirect_chain[-1][0] == change_url(draft)
    assert "1 artikel diajukan untuk ditinjau." in shown_messages(response)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.REVIEW

    client.force_login(chief)
    response = changelist_action(client, "publish", draft)

    assert "1 artikel diterbitkan." in shown_messages(response)
    draft.refresh_from_db()
    assert (draft.status, draft.publish_at) == (ArticleStatus.PUBLISHED, NOW)


def test_revision_history_shows_who_did_what_and_when(client, writer, chief, draft, clock):
    services.article_submit(article_id=draft.pk, actor=writer)
    clock.shift(timedelta(hours=1))
    services.article_publish(article_id=draft.pk, actor=chief)
    client.force_login(writer)

    page = client.get(change_url(draft))

    history = page.text.split('id="revisions-group"', 1)[1].split("</fieldset>", 1)[0]
    rows = [
        re.sub(r"<[^>]+>", " ", row).split()
        for row in re.findall(r'<tr class="form-row[^"]*"[^>]*>(.*?)</tr>', history, re.DOTALL)
    ]
    assert "Riwayat revisi" in history
    assert [" ".join(row) for row in rows] == [
        "30 Nov. 2026, 10.00 pemred diterbitkan Terbit Patroli Masa Tenang",
        "30 Nov. 2026, 9.00 penulis diajukan untuk ditinjau Ditinjau Patroli Masa Tenang",
    ]


def test_schedule_action_needs_a_time_in_the_form(client, chief, draft, clock):
    client.force_login(chief)

    response = changelist_action(client, "schedule", draft)

    assert shown_messages(response) == [
        "“Patroli Masa Tenang” tidak diproses: "
        "Isi waktu terbit yang masih akan datang untuk menjadwalkan."
    ]
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT

    client.post(
        change_url(draft),
        form_data(draft, publish_at_0="01/12/2026", publish_at_1="08:00:00"),
    )
    response = changelist_action(client, "schedule", draft)

    assert "1 artikel dijadwalkan; tampil untuk umum pada waktu terbitnya." in shown_messages(
        response
    )
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED
    assert draft.publish_at == datetime(2026, 12, 1, 8, 0, tzinfo=JAKARTA)
    assert client.get("/berita/%s/" % draft.slug).status_code == 404


def test_archive_action_reports_what_it_could_not_do(client, writer, chief, category, clock):
    published = article_create(author=writer, category=category, title="Sudah Terbit")
    services.article_publish(article_id=published.pk, actor=chief)
    still_draft = article_create(author=writer, category=category, title="Masih Draf")
    client.force_login(chief)

    response = changelist_action(client, "archive", published, still_draft)

    assert sorted(shown_messages(response)) == sorted(
        [
            "“Masih Draf” tidak diproses: Artikel berstatus Draf tidak dapat diarsipkan.",
            "1 artikel diarsipkan.",
        ]
    )
    published.refresh_from_db()
    assert published.status == ArticleStatus.ARCHIVED


def test_a_published_article_without_a_time_is_a_form_error_not_a_crash(client, chief, draft):
    services.article_publish(article_id=draft.pk, actor=chief)
    client.force_login(chief)

    response = client.post(change_url(draft), form_data(draft))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["publish_at"] == [
        "Artikel yang sudah terbit perlu waktu terbit."
    ]


# --- Ralat ----------------------------------------------------------------------------------


def test_the_chief_editor_adds_a_correction_to_a_published_article(client, chief, draft, clock):
    services.article_publish(article_id=draft.pk, actor=chief)
    client.force_login(chief)
    url = reverse("admin:news_article_correction", args=[draft.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"note": "Lokasi patroli di Kecamatan Ambulu."}, follow=True)

    assert response.redirect_chain[-1][0] == change_url(draft)
    assert list(Correction.objects.values_list("note", "created_at")) == [
        ("Lokasi patroli di Kecamatan Ambulu.", NOW)
    ]
    assert "Lokasi patroli di Kecamatan Ambulu." in response.text


def test_no_correction_on_a_draft(client, chief, draft):
    client.force_login(chief)
    url = reverse("admin:news_article_correction", args=[draft.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"note": "Ralat."}).status_code == 403
    assert not Correction.objects.exists()


# --- Preview --------------------------------------------------------------------------------


def test_staff_preview_an_unpublished_article_that_the_public_cannot_see(client, writer, draft):
    url = reverse("admin:news_article_preview", args=[draft.pk])
    assert client.get(url).status_code == 302  # to the login
    assert client.get("/berita/%s/" % draft.slug).status_code == 404

    client.force_login(writer)
    response = client.get(url)

    assert response.status_code == 200
    assert "Patroli Masa Tenang" in response.text
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_needs_the_view_permission(client, draft):
    client.force_login(staff_create("tamu"))  # staff without a role

    assert client.get(reverse("admin:news_article_preview", args=[draft.pk])).status_code == 403


# --- CSP: exactly the editor's import map ---------------------------------------------------


def test_the_editor_page_allows_exactly_its_import_map_and_base_css(client, writer, draft):
    client.force_login(writer)
    # tiptap's base CSS, found in the package's editor.js (the browser test shows it applies).
    assert len(tiptap_style_hashes()) == 1

    for url in (reverse("admin:news_article_add"), change_url(draft)):
        response = client.get(url)
        inline_scripts = INLINE_SCRIPT.findall(response.text)
        assert inline_scripts == ['<script type="importmap">'], url
        hashes = importmap_hashes(response.text)
        assert len(hashes) == 1
        assert sources(response) == ["'self'", hashes[0]], url
        assert sources(response, "style-src") == ["'self'", *tiptap_style_hashes()], url
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "nonce-" not in response["Content-Security-Policy"]


def test_pages_without_an_editor_and_public_pages_keep_the_strict_policy(client, writer, draft):
    client.force_login(writer)
    for url in (
        reverse("admin:news_article_changelist"),
        reverse("admin:news_article_preview", args=[draft.pk]),
        reverse("home"),
        reverse("news:article_list"),
    ):
        response = client.get(url)
        assert sources(response) == ["'self'"], url
        assert sources(response, "style-src") == ["'self'"], url


def test_category_and_tag_admins_prefill_the_slug(client, chief):
    client.force_login(chief)
    for name in ("category", "tag"):
        page = client.get(reverse("admin:news_%s_add" % name))
        assert page.status_code == 200
        assert "data-prepopulated-fields" in page.text


# --- What the editor is told about the e-mails (issue 12, item 14) --------------------------


@pytest.fixture
def no_broker(monkeypatch):
    monkeypatch.setattr("humas_portal.notifications.bulk._enqueue_task_dispatch", lambda pk: None)


def forecast_text(page) -> str:
    return " ".join(page.context["distribution_forecast"])


def test_before_publishing_the_chief_sees_how_many_subscribers_will_be_mailed(client, chief, draft):
    for number in range(3):
        subscriber_create("pembaca%d@example.id" % number, ["berita"])
    subscriber_create("belum@example.id", ["berita"], confirmed=False)
    subscriber_create("pers@example.id", ["siaran-pers"])
    client.force_login(chief)

    page = client.get(change_url(draft))

    assert forecast_text(page) == (
        "Saat terbit, artikel ini dikirim lewat e-mail ke 3 pelanggan topik Berita."
    )
    assert "workflow-forecast" in page.text


def test_an_embargoed_release_also_counts_the_verified_press(client, chief, writer, clock):
    journalist_create("wartawan@example.id", verified=True)
    journalist_create("calon@example.id", verified=False)
    subscriber_create("pembaca@example.id", ["siaran-pers"])
    release = article_create(
        author=writer,
        kind="press_release",
        publish_at=NOW + timedelta(days=1),
        distribute_at=NOW + timedelta(hours=2),
    )
    client.force_login(chief)

    page = client.get(change_url(release))

    assert page.context["distribution_forecast"] == [
        "Saat terbit, artikel ini dikirim lewat e-mail ke 3 pelanggan topik Siaran Pers.",
        "1 wartawan terverifikasi menerima salinan berembargo lebih dulu, "
        "pada 30 Nov. 2026, 11.00.",
    ]


def test_a_writer_who_cannot_publish_is_not_shown_the_forecast(client, writer, draft):
    client.force_login(writer)
    assert "distribution_forecast" not in client.get(change_url(draft)).context


def test_after_publishing_the_message_links_the_page_and_counts_the_queued_mail(
    client, chief, draft, clock, no_broker
):
    subscriber_create("pembaca1@example.id", ["berita"])
    subscriber_create("pembaca2@example.id", ["berita"])
    client.force_login(chief)

    response = client.post(change_url(draft), form_data(draft, _workflow="publish"), follow=True)

    assert "1 artikel diterbitkan." in shown_messages(response)
    public_url = reverse("news:article_detail", args=[draft.slug])
    assert (
        "“Patroli Masa Tenang”: E-mail masuk antrean untuk 2 pelanggan. "
        '<a href="%s">Lihat di situs</a>' % public_url
    ) in shown_messages(response)
    assert '<a href="%s">Lihat di situs</a>' % public_url in response.text
    # Queued now, not at the beat task's next run; that run sends nothing again.
    assert BulkSend.objects.get().topic == "berita"
    assert news_distribute_due() == 0


def test_publishing_from_the_list_says_the_same_for_each_article(
    client, chief, draft, clock, no_broker
):
    client.force_login(chief)
    response = changelist_action(client, "publish", draft)
    assert (
        "“Patroli Masa Tenang”: E-mail masuk antrean untuk 0 pelanggan. "
        '<a href="%s">Lihat di situs</a>' % reverse("news:article_detail", args=[draft.slug])
    ) in shown_messages(response)


# --- The editor in the reader's language (issue 12, item 14) --------------------------------


def test_the_revision_table_headers_are_indonesian(client, writer, draft):
    client.force_login(writer)
    page = client.get(change_url(draft))
    history = page.text.split('id="revisions-group"', 1)[1].split("</thead>", 1)[0]
    headers = re.findall(r"<th[^>]*>(.*?)</th>", history)
    assert headers == ["Waktu", "Oleh", "Tindakan", "Status", "Judul"]


def test_the_editor_dialogs_are_translated_through_the_admin_catalogue(client, writer):
    client.force_login(writer)
    catalogue = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="id").text
    for english, indonesian in (("Update", "Perbarui"), ("Cancel", "Batal")):
        assert '"%s": "%s"' % (english, indonesian) in catalogue
