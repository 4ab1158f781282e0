"""Subscribers and journalists get their e-mail in the language they used on the site; a bulk
send is rendered once per language; every e-mail comes from the office's name."""

from email.utils import parseaddr

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from humas_portal.notifications import bulk as bulk_module
from humas_portal.notifications.bulk import bulk_send_create, bulk_send_enqueue
from humas_portal.notifications.email import email_build, message_bodies
from humas_portal.notifications.models import Message, Subscriber, TokenPurpose
from humas_portal.notifications.services import notification_enqueue
from humas_portal.notifications.subscriptions import (
    subscriber_token_issue,
    subscription_confirm,
)
from humas_portal.siteprofile.demo import seed_office
from humas_portal.siteprofile.services import office_profile_update
from media_forum.models import JournalistProfile
from tests.conftest import ROOT

SUBSCRIBE = reverse("subscriptions:subscribe")
CONTEXT = {
    "title": "Rapat Pleno Penetapan DPT",
    "summary": "Bawaslu Kabupaten Jember mengawasi rapat pleno.",
    "url": "https://jember.example.go.id/berita/rapat-pleno/",
}


@pytest.fixture(autouse=True)
def _office(db):
    seed_office()


def subscribe(client, email: str, language: str | None = None):
    if language:
        client.cookies["bahasa"] = language
    response = client.post(SUBSCRIBE, {"email": email, "topics": ["berita"]})
    assert response.status_code == 200
    return Subscriber.objects.get(email=email)


def confirmed(subscriber: Subscriber) -> Subscriber:
    raw = subscriber_token_issue(subscriber=subscriber, purpose=TokenPurpose.CONFIRM)
    return subscription_confirm(raw_token=raw)


# --- Subscribers ----------------------------------------------------------------------------


def test_a_subscriber_who_subscribed_in_english_gets_english_mail(client):
    subscriber = subscribe(client, "reader@example.id", "en")

    assert subscriber.language == "en"
    confirm = Message.objects.get(kind="subscription_confirm")
    assert confirm.language == "en"
    assert "This e-mail address was signed up to receive updates" in confirm.body_text
    confirmed(subscriber)
    welcome = Message.objects.get(kind="subscription_welcome")
    assert welcome.language == "en"
    assert "Unsubscribe:" in message_bodies(message=welcome)[0]


def test_without_the_switch_subscription_mail_is_indonesian_and_hopes_nothing(client):
    subscriber = subscribe(client, "warga@example.id")

    assert subscriber.language == "id"
    confirm = Message.objects.get(kind="subscription_confirm")
    assert confirm.language == "id"
    assert (
        "Alamat e-mail ini didaftarkan untuk menerima kabar dari Bawaslu Kabupaten Jember"
        in confirm.body_text
    )
    assert "semoga" not in confirm.body_text


def test_a_pending_request_takes_the_latest_language_and_a_confirmed_one_keeps_its_own(client):
    subscribe(client, "warga@example.id", "id")
    subscriber = subscribe(client, "warga@example.id", "en")
    assert subscriber.language == "en"  # not confirmed yet: the latest request stands

    confirmed(subscriber)
    client.cookies["bahasa"] = "id"
    client.post(SUBSCRIBE, {"email": "warga@example.id", "topics": ["berita"]})

    # A stranger cannot change what the mailbox reads; the mailbox is told in its language.
    assert Subscriber.objects.get(email="warga@example.id").language == "en"
    assert Message.objects.get(kind="subscription_manage").language == "en"


def test_saving_the_preferences_sets_the_language_they_were_read_in(client):
    subscriber = confirmed(subscribe(client, "warga@example.id", "id"))
    raw = subscriber_token_issue(subscriber=subscriber, purpose=TokenPurpose.PREFERENCES)
    client.cookies["bahasa"] = "en"

    response = client.post(reverse("subscriptions:preferences", args=[raw]), {"topics": ["berita"]})

    assert response.status_code == 200
    assert Subscriber.objects.get(pk=subscriber.pk).language == "en"


def test_a_journalist_who_registers_in_english_is_written_to_in_english(client):
    client.cookies["bahasa"] = "en"

    response = client.post(
        reverse("press:register"),
        {
            "name": "Rina Wartawati",
            "outlet": "Harian Tapal Kuda",
            "beat": "",
            "phone": "0812-3456-7890",
            "email": "rina@example.id",
        },
    )

    assert response.status_code == 200
    profile = JournalistProfile.objects.select_related("subscriber").get()
    assert (profile.language, profile.subscriber.language) == ("en", "en")
    assert Message.objects.get(kind="subscription_confirm").language == "en"


def test_the_database_refuses_a_language_the_site_does_not_have(client):
    subscriber = subscribe(client, "warga@example.id")
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).update(language="fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.update(language="xx")


def test_mail_without_a_readers_language_is_indonesian_whatever_is_active():
    # Officers' mail (the digest): no stored language, and an officer's English admin or a
    # worker's state must not decide it.
    with translation.override("en"):
        message = notification_enqueue(
            kind="subscription_confirm",
            recipient="petugas@example.id",
            context={"topics": ["Berita"], "confirm_url": "https://portal.example/k/"},
            idempotency_key="petugas",
        )

    assert message.language == "id"
    assert "Alamat e-mail ini didaftarkan" in message.body_text


# --- Bulk sends -----------------------------------------------------------------------------


def test_one_bulk_send_reaches_each_subscriber_in_their_language_rendered_once_each(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    now = timezone.now()
    for email, language in (
        ("reader@example.id", "en"),
        ("warga@example.id", "id"),
        ("pemilih@example.id", "id"),
    ):
        subscribe(client, email, language)
    Subscriber.objects.update(confirmed_at=now)
    renders = []
    real_render = bulk_module.email_render
    monkeypatch.setattr(
        bulk_module,
        "email_render",
        lambda **kwargs: renders.append(kwargs["language"]) or real_render(**kwargs),
    )

    bulk = bulk_send_create(topic="berita", kind="announcement", context=CONTEXT)
    bulk_send_enqueue(bulk_id=bulk.pk)

    assert sorted(renders) == ["en", "id"]  # once per language, not per recipient
    assert bulk.bodies.count() == 2
    rows = {row.recipient: row for row in Message.objects.filter(bulk=bulk)}
    assert {email: row.language for email, row in rows.items()} == {
        "reader@example.id": "en",
        "warga@example.id": "id",
        "pemilih@example.id": "id",
    }
    english = email_build(message=rows["reader@example.id"]).message().as_string()
    indonesian = email_build(message=rows["warga@example.id"]).message().as_string()
    assert "Unsubscribe:" in english
    assert "Berhenti berlangganan:" not in english
    assert "Berhenti berlangganan:" in indonesian
    # Each gets their own links in their own body.
    assert rows["reader@example.id"].links["unsubscribe"] in english
    assert rows["warga@example.id"].links["unsubscribe"] in indonesian
    assert rows["reader@example.id"].links["unsubscribe"] not in indonesian


def test_a_press_release_in_english_is_labelled_in_english():
    from news.distribution import _context
    from news.models import Article, ArticleKind

    article = Article(
        kind=ArticleKind.PRESS_RELEASE, title="Rapat Pleno", slug="rapat-pleno", lead="Ringkas."
    )
    article.publish_at = timezone.now()
    bulk = bulk_send_create(
        topic="siaran-pers", kind="news_article", context=_context(article, embargoed=False)
    )

    bodies = {body.language: body for body in bulk.bodies.all()}
    with translation.override("en"):
        english_label = str(ArticleKind.PRESS_RELEASE.label)
    assert english_label != "Siaran Pers"
    assert bulk.subject == "Siaran Pers: Rapat Pleno"
    assert bodies["id"].subject == "Siaran Pers: Rapat Pleno"
    assert bodies["en"].subject == "%s: Rapat Pleno" % english_label
    assert "SIARAN PERS" in bodies["id"].body_text
    assert english_label.upper() in bodies["en"].body_text


# --- The sender -----------------------------------------------------------------------------


def test_the_sender_is_the_office_by_name_at_the_configured_address(settings):
    settings.DEFAULT_FROM_EMAIL = "Portal Humas <humas@jember.example.id>"
    message = notification_enqueue(
        kind="subscription_confirm",
        recipient="warga@example.id",
        context={"topics": ["Berita"], "confirm_url": "https://portal.example/k/"},
        idempotency_key="pengirim",
    )

    sender = email_build(message=message).message()["From"]

    assert parseaddr(sender) == ("Bawaslu Kabupaten Jember", "humas@jember.example.id")
    assert "Portal Humas" not in sender


def test_the_sender_name_is_read_at_send_time_and_quoted_when_it_needs_it(
    settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "humas@jember.example.id"
    message = notification_enqueue(
        kind="subscription_confirm",
        recipient="warga@example.id",
        context={"topics": ["Berita"], "confirm_url": "https://portal.example/k/"},
        idempotency_key="pengirim",
    )
    with django_capture_on_commit_callbacks(execute=True):  # the cached profile is dropped
        office_profile_update(name="Bawaslu Kab. Jember, Jawa Timur")

    sender = email_build(message=message).message()["From"]

    assert sender == '"Bawaslu Kab. Jember, Jawa Timur" <humas@jember.example.id>'


# --- Wording --------------------------------------------------------------------------------


def test_no_e_mail_template_hopes_it_was_you_or_calls_a_complaint_laporan():
    for template in (ROOT / "templates" / "notifications" / "emails").iterdir():
        text = template.read_text().lower()
        assert "semoga" not in text, template.name
        assert "laporan" not in text, template.name


def test_the_terms_are_written_down_and_linked_from_the_readme():
    terms = (ROOT / "docs" / "TERMS.md").read_text()
    for term in ("pengaduan", "informasi awal", "laporan", "temuan", "pelapor", "terlapor"):
        assert "*%s*" % term in terms, term
    assert "docs/TERMS.md" in (ROOT / "README.md").read_text()
