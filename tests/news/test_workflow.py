"""The editorial workflow services (news/services.py): who may move an article where, and
what each move leaves behind."""

import threading
from datetime import UTC, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from humas_portal.models import AuditEvent
from humas_portal.roles import EDITOR
from news import services
from news.models import Article, ArticleKind, ArticleRevision, ArticleStatus, Correction
from tests.factories import staff_create
from tests.news.factories import NOW, article_create, category_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(writer):
    return article_create(author=writer)


def in_review(article, writer) -> Article:
    return services.article_submit(article_id=article.pk, actor=writer)


def actions_of(article) -> list[tuple[str, str, str]]:
    """(action, actor, status) of each revision, oldest first."""
    return [
        (revision.action, revision.actor.username, revision.status)
        for revision in article.revisions.select_related("actor").order_by("created_at", "id")
    ]


# --- article_save ---------------------------------------------------------------------------


def test_save_creates_a_draft_authored_by_the_actor_with_a_revision(writer, clock):
    article = Article(
        title="Rapat Koordinasi Pengawasan",
        slug="rapat-koordinasi-pengawasan",
        category=category_create(),
        lead="Rapat koordinasi jelang masa tenang.",
        body="<p>Rapat dihadiri panwascam.</p>",
        # Whatever the caller put here, a new article starts as a draft.
        status=ArticleStatus.PUBLISHED,
    )

    saved = services.article_save(article=article, actor=writer)

    saved.refresh_from_db()
    assert (saved.author, saved.status) == (writer, ArticleStatus.DRAFT)
    revision = saved.revisions.get()
    assert (revision.actor, revision.action, revision.created_at) == (writer, "created", NOW)
    assert (revision.title, revision.body) == (saved.title, saved.body)


def test_save_sanitises_the_body(writer):
    article = Article(
        title="Isi berbahaya",
        slug="isi-berbahaya",
        category=category_create(),
        lead="Uji.",
        body=(
            '<p>Aman</p><script>alert(1)</script><img src="x" onerror="alert(2)">'
            '<p><a href="javascript:alert(3)">tautan</a></p>'
        ),
    )

    services.article_save(article=article, actor=writer)

    body = Article.objects.get(pk=article.pk).body
    assert "<p>Aman</p>" in body
    for dangerous in ("<script", "alert(1)", "onerror", "javascript:", "<img"):
        assert dangerous not in body


def test_save_never_changes_status_author_or_distribution_stamps(writer, chief, draft, clock):
    stale = Article.objects.get(pk=draft.pk)
    # Meanwhile the article moved on (another editor, the distribution task).
    Article.objects.filter(pk=draft.pk).update(
        status=ArticleStatus.REVIEW, press_distributed_at=NOW
    )
    stale.title = "Judul yang diperbaiki"
    stale.status = ArticleStatus.PUBLISHED
    stale.author = chief
    stale.press_distributed_at = None

    services.article_save(article=stale, actor=writer)

    draft.refresh_from_db()
    assert draft.title == "Judul yang diperbaiki"
    assert (draft.status, draft.author, draft.press_distributed_at) == (
        ArticleStatus.REVIEW,
        writer,
        NOW,
    )
    assert draft.revisions.get().action == "updated"


def test_save_refuses_invalid_data_with_the_models_message(writer, draft):
    draft.kind = ArticleKind.HOAX_CLARIFICATION  # without a verdict

    with pytest.raises(ValidationError) as refused:
        services.article_save(article=draft, actor=writer)

    assert refused.value.message_dict["verdict"] == ["Klarifikasi hoaks perlu putusan."]


def test_a_writer_cannot_edit_a_published_article_but_the_chief_can(writer, chief, draft):
    services.article_publish(article_id=draft.pk, actor=chief)
    article = Article.objects.get(pk=draft.pk)
    article.title = "Diubah diam-diam"

    with pytest.raises(PermissionDenied):
        services.article_save(article=article, actor=writer)
    assert Article.objects.get(pk=draft.pk).title != "Diubah diam-diam"

    services.article_save(article=article, actor=chief)
    assert Article.objects.get(pk=draft.pk).title == "Diubah diam-diam"


def test_save_needs_the_article_permissions(draft):
    visitor = staff_create("tamu")  # staff, but no role
    with pytest.raises(PermissionDenied):
        services.article_save(article=draft, actor=visitor)


# --- Transitions ----------------------------------------------------------------------------


def test_writer_submits_a_draft_once(writer, draft, clock):
    article = in_review(draft, writer)

    assert Article.objects.get(pk=article.pk).status == ArticleStatus.REVIEW
    with pytest.raises(ValidationError) as refused:
        in_review(draft, writer)
    assert refused.value.messages == [
        "Artikel berstatus Ditinjau tidak dapat diajukan untuk ditinjau."
    ]
    assert actions_of(draft) == [("submitted", "penulis", "review")]


@pytest.mark.parametrize("move", ["article_publish", "article_schedule", "article_archive"])
def test_a_writer_cannot_publish_schedule_or_archive(writer, draft, move):
    in_review(draft, writer)

    with pytest.raises(PermissionDenied):
        getattr(services, move)(article_id=draft.pk, actor=writer)

    assert Article.objects.get(pk=draft.pk).status == ArticleStatus.REVIEW
    assert not Article.objects.public().exists()


def test_chief_publishes_now_with_an_audit_event(writer, chief, draft, clock):
    in_review(draft, writer)

    article = services.article_publish(article_id=draft.pk, actor=chief)

    assert (article.status, article.publish_at) == (ArticleStatus.PUBLISHED, NOW)
    assert list(Article.objects.public()) == [article]
    assert actions_of(draft) == [
        ("submitted", "penulis", "review"),
        ("published", "pemred", "published"),
    ]
    event = AuditEvent.objects.get(action="news.article_published")
    assert (event.actor, event.target_id) == (chief, str(draft.pk))
    assert event.data == {"kind": "news", "publish_at": NOW.astimezone(UTC).isoformat()}


def test_publishing_replaces_a_past_time_with_now(chief, draft, clock):
    Article.objects.filter(pk=draft.pk).update(publish_at=NOW - timedelta(days=3))

    article = services.article_publish(article_id=draft.pk, actor=chief)

    assert article.publish_at == NOW


def test_publishing_keeps_a_future_time_and_records_it_as_scheduled(chief, draft, clock):
    later = NOW + timedelta(hours=2)
    Article.objects.filter(pk=draft.pk).update(publish_at=later)

    article = services.article_publish(article_id=draft.pk, actor=chief)

    assert (article.status, article.publish_at) == (ArticleStatus.PUBLISHED, later)
    assert not Article.objects.public().exists()
    assert draft.revisions.get().action == "scheduled"


def test_a_scheduled_article_appears_at_its_time_without_any_job(chief, draft, clock):
    later = NOW + timedelta(days=1)

    services.article_schedule(article_id=draft.pk, actor=chief, publish_at=later)

    assert not Article.objects.public().exists()
    clock.shift(timedelta(days=1))
    assert list(Article.objects.public().values_list("pk", flat=True)) == [draft.pk]
    assert AuditEvent.objects.filter(action="news.article_scheduled").count() == 1


def test_scheduling_needs_a_future_time(chief, draft, clock):
    for publish_at in (None, NOW - timedelta(minutes=1)):
        with pytest.raises(ValidationError) as refused:
            services.article_schedule(article_id=draft.pk, actor=chief, publish_at=publish_at)
        assert refused.value.message_dict == {
            "publish_at": ["Isi waktu terbit yang masih akan datang untuk menjadwalkan."]
        }
    assert Article.objects.get(pk=draft.pk).status == ArticleStatus.DRAFT


def test_a_scheduled_article_can_be_rescheduled_or_published_now(chief, draft, clock):
    services.article_schedule(article_id=draft.pk, actor=chief, publish_at=NOW + timedelta(days=2))
    services.article_schedule(article_id=draft.pk, actor=chief, publish_at=NOW + timedelta(days=1))
    assert Article.objects.get(pk=draft.pk).publish_at == NOW + timedelta(days=1)

    services.article_publish(article_id=draft.pk, actor=chief)

    assert Article.objects.get(pk=draft.pk).publish_at == NOW
    # Once public, it cannot be "published" again.
    with pytest.raises(ValidationError):
        services.article_publish(article_id=draft.pk, actor=chief)


def test_an_embargoed_release_needs_its_publication_after_the_distribution(chief, writer, clock):
    release = article_create(
        author=writer,
        kind=ArticleKind.PRESS_RELEASE,
        distribute_at=NOW + timedelta(hours=1),
        publish_at=NOW + timedelta(hours=3),
    )
    Article.objects.filter(pk=release.pk).update(publish_at=None)

    # Publishing now would put the publication before the embargoed distribution.
    with pytest.raises(ValidationError) as refused:
        services.article_publish(article_id=release.pk, actor=chief)

    assert "distribute_at" in refused.value.message_dict
    assert Article.objects.get(pk=release.pk).status == ArticleStatus.DRAFT


def test_chief_archives_a_published_article_only(writer, chief, draft, clock):
    with pytest.raises(ValidationError) as refused:
        services.article_archive(article_id=draft.pk, actor=chief)
    assert refused.value.messages == ["Artikel berstatus Draf tidak dapat diarsipkan."]

    services.article_publish(article_id=draft.pk, actor=chief)
    services.article_archive(article_id=draft.pk, actor=chief)

    assert Article.objects.get(pk=draft.pk).status == ArticleStatus.ARCHIVED
    assert not Article.objects.public().exists()
    assert AuditEvent.objects.filter(action="news.article_archived", actor=chief).count() == 1


# --- Ralat ----------------------------------------------------------------------------------


def test_a_correction_is_added_to_a_published_article_with_its_time(chief, draft, clock):
    with pytest.raises(ValidationError):
        services.article_correction_add(article_id=draft.pk, note="Salah tanggal.", actor=chief)

    services.article_publish(article_id=draft.pk, actor=chief)
    clock.shift(timedelta(hours=3))
    correction = services.article_correction_add(
        article_id=draft.pk, note="  Rapat berlangsung Selasa, bukan Senin.  ", actor=chief
    )

    assert list(Correction.objects.values_list("note", "created_at")) == [
        ("Rapat berlangsung Selasa, bukan Senin.", NOW + timedelta(hours=3))
    ]
    assert correction.article.updated_at == NOW + timedelta(hours=3)
    assert actions_of(draft)[-1] == ("corrected", "pemred", "published")
    assert AuditEvent.objects.filter(action="news.article_corrected", actor=chief).exists()


def test_an_empty_correction_is_refused(chief, draft):
    services.article_publish(article_id=draft.pk, actor=chief)
    with pytest.raises(ValidationError):
        services.article_correction_add(article_id=draft.pk, note="   ", actor=chief)
    assert not Correction.objects.exists()


# --- The moves offered ----------------------------------------------------------------------


def test_moves_available_follow_status_and_role(writer, chief, draft, clock):
    assert services.article_moves_available(draft, writer) == ["submit"]
    assert services.article_moves_available(draft, chief) == ["submit", "publish", "schedule"]
    in_review(draft, writer)
    review = Article.objects.get(pk=draft.pk)
    assert services.article_moves_available(review, writer) == []
    published = services.article_publish(article_id=draft.pk, actor=chief)
    assert services.article_moves_available(published, writer) == []
    assert services.article_moves_available(published, chief) == ["archive", "correct"]


# --- Row locks (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_editors_submitting_at_once_move_the_article_once(require_postgresql):
    writer = staff_create("penulis", role=EDITOR)
    other = staff_create("penulis2", role=EDITOR)
    article = article_create(author=writer)
    held = threading.Event()
    release = threading.Event()
    outcomes: dict[str, str] = {}

    def hold_the_row() -> None:
        # Another transaction holds the row, as a slow transition would.
        try:
            with transaction.atomic():
                Article.objects.select_for_update().get(pk=article.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    def submit(actor) -> None:
        try:
            services.article_submit(article_id=article.pk, actor=actor)
            outcomes[actor.username] = "moved"
        except ValidationError:
            outcomes[actor.username] = "refused"
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    assert held.wait(10)
    submitters = [threading.Thread(target=submit, args=(actor,)) for actor in (writer, other)]
    for thread in submitters:
        thread.start()
    submitters[0].join(0.5)
    # Both wait for the lock: neither has read the status yet.
    assert outcomes == {}
    release.set()
    for thread in [holder, *submitters]:
        thread.join(10)

    assert sorted(outcomes.values()) == ["moved", "refused"]
    assert ArticleRevision.objects.filter(action="submitted").count() == 1
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.REVIEW
