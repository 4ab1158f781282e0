"""The education workflow through its services: who may do what, the transitions, revisions,
what publishing needs, and the one e-mail to the "edukasi" topic."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from education import services
from education.distribution import education_distribute_due, education_distribute_item
from education.models import EducationItem, ItemFormat, ItemStatus
from education.tasks import education_distribute_due as education_distribute_due_task
from humas_portal.notifications.models import BulkSend
from tests.education.factories import item_create
from tests.news.factories import subscriber_create

pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture
def draft(writer):
    return item_create(author=writer, title="Cek Nama di Daftar Pemilih")


@pytest.fixture
def subscribers():
    return [
        subscriber_create("pemilih@example.id", ["edukasi"]),
        subscriber_create("guru@example.id", ["edukasi", "berita"]),
        subscriber_create("wartawan@example.id", ["berita"]),
    ]


def test_a_writer_creates_edits_and_submits_but_cannot_publish(writer, draft):
    draft.title = "Cek Nama di Daftar Pemilih Tetap"
    services.item_save(item=draft, actor=writer)
    services.item_submit(item_id=draft.pk, actor=writer)

    for move in (services.item_publish, services.item_schedule, services.item_archive):
        with pytest.raises(PermissionDenied):
            move(item_id=draft.pk, actor=writer)

    draft.refresh_from_db()
    assert draft.status == ItemStatus.REVIEW
    assert not EducationItem.objects.public().exists()
    assert list(draft.revisions.order_by("id").values_list("action", flat=True)) == [
        "updated",
        "submitted",
    ]


def test_the_chief_editor_publishes_and_a_writer_may_no_longer_edit(writer, chief, draft):
    services.item_publish(item_id=draft.pk, actor=chief)

    assert EducationItem.objects.public().get() == draft
    draft.refresh_from_db()
    assert services.item_moves_available(draft, writer) == []
    draft.title = "Diubah sesudah terbit"
    with pytest.raises(PermissionDenied):
        services.item_save(item=draft, actor=writer)


def test_item_save_takes_status_and_author_from_the_database(writer, chief, draft):
    draft.status = ItemStatus.PUBLISHED
    draft.author = chief
    services.item_save(item=draft, actor=writer)

    draft.refresh_from_db()
    assert (draft.status, draft.author) == (ItemStatus.DRAFT, writer)


def test_a_video_cannot_be_published_without_its_transcript(chief):
    video = item_create(format=ItemFormat.VIDEO, youtube_id="contohVideo", body="")

    with pytest.raises(ValidationError) as raised:
        services.item_publish(item_id=video.pk, actor=chief)
    assert raised.value.message_dict["transcript"] == ["Video perlu transkrip sebelum terbit."]

    video.transcript = "Narator: Tolak politik uang."
    services.item_save(item=video, actor=chief)
    assert services.item_publish(item_id=video.pk, actor=chief).is_public()


def test_scheduling_keeps_the_item_out_until_its_time(chief, draft):
    later = timezone.now() + timedelta(days=2)
    services.item_schedule(item_id=draft.pk, actor=chief, publish_at=later)

    draft.refresh_from_db()
    assert draft.status == ItemStatus.PUBLISHED
    assert services.item_is_scheduled(draft)
    assert not EducationItem.objects.public().exists()
    assert EducationItem.objects.public(now=later).get() == draft

    with pytest.raises(ValidationError):
        services.item_schedule(
            item_id=draft.pk, actor=chief, publish_at=timezone.now() - timedelta(hours=1)
        )


def test_archiving_withdraws_a_published_item(chief, draft):
    services.item_publish(item_id=draft.pk, actor=chief)
    services.item_archive(item_id=draft.pk, actor=chief)

    assert not EducationItem.objects.public().exists()
    with pytest.raises(ValidationError):
        services.item_archive(item_id=draft.pk, actor=chief)


def test_publishing_invalidates_the_pages_that_show_the_item(chief, draft, monkeypatch):
    invalidated = []
    monkeypatch.setattr(
        "education.services.cache_pages_invalidate",
        lambda *, instance: invalidated.append(instance.pk),
    )
    services.item_publish(item_id=draft.pk, actor=chief)
    assert invalidated == [draft.pk]


# --- One e-mail to the topic ------------------------------------------------------------------


def test_publishing_queues_one_bulk_send_to_the_edukasi_topic(chief, draft, subscribers):
    services.item_publish(item_id=draft.pk, actor=chief)

    first = education_distribute_item(item_id=draft.pk)

    assert first is not None
    assert (first.topic, first.kind, first.reference) == (
        "edukasi",
        "education_item",
        "education.item:%d" % draft.pk,
    )
    assert "Cek Nama di Daftar Pemilih" in first.subject


def test_publishing_or_saving_twice_still_sends_once(chief, draft, subscribers):
    services.item_publish(item_id=draft.pk, actor=chief)
    education_distribute_item(item_id=draft.pk)
    draft.refresh_from_db()
    # A stale form that still has distributed_at empty, saved again, and the beat task after it.
    draft.distributed_at = None
    services.item_save(item=draft, actor=chief)
    services.item_save(item=draft, actor=chief)
    education_distribute_item(item_id=draft.pk)
    education_distribute_due_task()
    assert education_distribute_due() == 0

    assert BulkSend.objects.filter(topic="edukasi").count() == 1


def test_the_beat_task_sends_a_scheduled_item_once_its_time_has_come(chief, draft, subscribers):
    when = timezone.now() + timedelta(hours=2)
    services.item_schedule(item_id=draft.pk, actor=chief, publish_at=when)

    assert education_distribute_due() == 0
    assert education_distribute_due(now=when + timedelta(minutes=1)) == 1
    assert education_distribute_due(now=when + timedelta(minutes=2)) == 0
    assert BulkSend.objects.count() == 1


def test_a_version_and_an_old_item_are_not_mailed(chief, draft, subscribers):
    services.item_publish(item_id=draft.pk, actor=chief)
    version = item_create(title="Pareksa Nyama", version_of=draft, language="mad")
    services.item_publish(item_id=version.pk, actor=chief)
    old = item_create(
        title="Materi Lama",
        status=ItemStatus.PUBLISHED,
        publish_at=timezone.now() - timedelta(days=30),
    )

    assert education_distribute_due() == 1

    assert list(BulkSend.objects.values_list("reference", flat=True)) == [
        "education.item:%d" % draft.pk
    ]
    old.refresh_from_db()
    assert old.distributed_at is not None


def test_the_pages_an_item_shows_on_are_its_lists_segments_feeds_and_its_family(db):
    from education.cache_pages import item_cached_pages, item_publication_next
    from tests.education.factories import segment_create

    youth, elderly = segment_create("Pemilih Pemula"), segment_create("Lansia")
    original = item_create(title="Cara Melapor", segments=[youth])
    version = item_create(
        title="Carane Lapor", segments=[youth, elderly], version_of=original, language="jv"
    )
    # A sibling version links to this one too (the versions link each other).
    item_create(title="Carana Alapor", segments=[youth], version_of=original, language="mad")

    pages = item_cached_pages(version)

    assert {
        "/",
        "/edukasi/",
        "/edukasi/carane-lapor/",
        "/edukasi/cara-melapor/",
        "/edukasi/carana-alapor/",
        "/edukasi/untuk/pemilih-pemula/",
        "/edukasi/untuk/lansia/",
        "/edukasi/feed/",
        "/edukasi/atom/",
        "/edukasi/tahapan/",
        "/sitemap.xml",
        "/sitemap-education.xml",
        "/cari/",
    } == set(pages)
    # Changing the original makes every version's page stale as well.
    assert {"/edukasi/carane-lapor/", "/edukasi/carana-alapor/"} <= set(item_cached_pages(original))
    assert item_publication_next() is None
    later = timezone.now() + timedelta(days=1)
    item_create(title="Terjadwal", status=ItemStatus.PUBLISHED, publish_at=later)
    assert item_publication_next() == later
