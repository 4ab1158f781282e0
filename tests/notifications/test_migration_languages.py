"""A bulk send made before bodies were kept per language still reaches everyone after the move."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from humas_portal.notifications.email import email_build
from humas_portal.notifications.models import BulkSend, Message, Subscriber

BEFORE = [("notifications", "0003_bulk_audience")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def before_languages():
    migrate(BEFORE)
    executor = MigrationExecutor(connection)
    yield executor.loader.project_state(list(executor.recorder.applied_migrations())).apps
    # Whatever happened, the database is left fully migrated for the tests that follow.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_an_old_send_keeps_its_body_in_every_language(before_languages):
    old = before_languages
    now = timezone.now()
    old.get_model("notifications", "Subscriber").objects.create(
        email="warga@example.id", confirmed_at=now
    )
    bulk = old.get_model("notifications", "BulkSend").objects.create(
        kind="announcement",
        topic="berita",
        subject="Rapat Pleno",
        body_text="Isi lama. Berhenti: [[unsubscribe_url]]\n",
        body_html="<p>Isi lama.</p>",
    )
    old.get_model("notifications", "Message").objects.create(
        recipient="warga@example.id",
        kind="announcement",
        subject="Rapat Pleno",
        bulk_id=bulk.pk,
        links={"unsubscribe": "https://portal.example/berhenti/abc/"},
        idempotency_key="bulk:%d:1" % bulk.pk,
        message_id="<lama@portal.example>",
        next_attempt_at=now,
        expires_at=now,
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    bulk = BulkSend.objects.get()
    assert {(body.language, body.subject, body.body_text) for body in bulk.bodies.all()} == {
        ("id", "Rapat Pleno", "Isi lama. Berhenti: [[unsubscribe_url]]\n"),
        ("en", "Rapat Pleno", "Isi lama. Berhenti: [[unsubscribe_url]]\n"),
    }
    message = Message.objects.get()
    assert message.language == "id"
    assert Subscriber.objects.get().language == "id"
    assert email_build(message=message).body == (
        "Isi lama. Berhenti: https://portal.example/berhenti/abc/\n"
    )
