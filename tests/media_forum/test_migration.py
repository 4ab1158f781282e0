"""The press list moved from news to media_forum with its rows, grants and log entries."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from media_forum.models import JournalistProfile

# The state just before the move: news still owns JournalistProfile.
BEFORE = [("media_forum", None), ("news", "0001_initial")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.fixture
def before_the_move():
    migrate(BEFORE)
    # The historical models of exactly what is applied now.
    executor = MigrationExecutor(connection)
    yield executor.loader.project_state(list(executor.recorder.applied_migrations())).apps
    # Whatever happened, the database is left fully migrated for the tests that follow.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_link_grant_and_log_entry(before_the_move):
    old = before_the_move
    subscriber_model = old.get_model("notifications", "Subscriber")
    profile_model = old.get_model("news", "JournalistProfile")
    content_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="news", model="journalistprofile"
    )
    verify = old.get_model("auth", "Permission").objects.get(
        content_type=content_type, codename="verify_journalist"
    )
    view = old.get_model("auth", "Permission").objects.get(
        content_type=content_type, codename="view_journalistprofile"
    )
    group = old.get_model("auth", "Group").objects.create(name="Meja Pers")
    group.permissions.add(verify, view)
    chief = old.get_model("auth", "User").objects.create(username="pemred", is_staff=True)
    rows = {}
    for number, verified in ((1, True), (2, False), (3, False)):
        subscriber = subscriber_model.objects.create(
            email="wartawan%d@example.id" % number, confirmed_at=timezone.now()
        )
        profile = profile_model.objects.create(
            subscriber=subscriber,
            name="Wartawan %d" % number,
            outlet="Harian Tapal Kuda",
            beat="Politik" if verified else "",
            phone="+628123456789%d" % number,
            verified=verified,
            verified_at=timezone.now() if verified else None,
            verified_by=chief if verified else None,
        )
        rows[profile.pk] = (subscriber.pk, profile.name, profile.phone, verified)
    log = old.get_model("admin", "LogEntry").objects.create(
        user=chief,
        content_type=content_type,
        object_id=str(next(iter(rows))),
        object_repr="Wartawan 1 (Harian Tapal Kuda)",
        action_flag=2,
        change_message="[]",
        action_time=timezone.now(),
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    moved = {
        profile.pk: (profile.subscriber_id, profile.name, profile.phone, profile.verified)
        for profile in JournalistProfile.objects.select_related("subscriber", "verified_by")
    }
    assert moved == rows
    first = JournalistProfile.objects.get(pk=next(iter(rows)))
    assert first.subscriber.email == "wartawan1@example.id"
    assert first.subscriber.journalist == first  # the link, both ways
    assert first.verified_by.username == "pemred"
    # The content type row itself was relabelled: its id, permissions and grants are the same.
    relabelled = ContentType.objects.get_for_model(JournalistProfile)
    assert relabelled.pk == content_type.pk
    assert not ContentType.objects.filter(app_label="news", model="journalistprofile").exists()
    assert set(
        Group.objects.get(name="Meja Pers").permissions.values_list(
            "content_type__app_label", "codename"
        )
    ) == {("media_forum", "verify_journalist"), ("media_forum", "view_journalistprofile")}
    assert LogEntry.objects.get(pk=log.pk).content_type == relabelled
    staff = type(first.verified_by).objects.get(username="pemred")
    staff.groups.add(Group.objects.get(name="Meja Pers"))
    staff = type(staff).objects.get(pk=staff.pk)
    assert staff.has_perm("media_forum.verify_journalist")


@pytest.mark.django_db(transaction=True)
def test_the_move_runs_on_a_database_without_content_types(before_the_move):
    # A fresh database: post_migrate has not created any content type yet.
    old = before_the_move
    old.get_model("contenttypes", "ContentType").objects.filter(
        app_label__in=["news", "media_forum"]
    ).delete()

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert not ContentType.objects.filter(model="journalistprofile").exists()
