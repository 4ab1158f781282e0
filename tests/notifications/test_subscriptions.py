"""Subscriptions at /langganan/: double opt-in, preferences, unsubscribe, and what they reveal."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from humas_portal.notifications.email import email_build, message_bodies
from humas_portal.notifications.models import (
    Message,
    Subscriber,
    SubscriberToken,
    Subscription,
    TokenPurpose,
)
from humas_portal.notifications.subscriptions import (
    subscriber_email_key,
    subscription_request,
    subscriptions_purge,
)
from tests.conftest import run_at_once

SUBSCRIBE = reverse("subscriptions:subscribe")
TOKEN_IN_URL = {
    TokenPurpose.CONFIRM: re.compile(r"/langganan/konfirmasi/([A-Za-z0-9_-]{43})/"),
    TokenPurpose.PREFERENCES: re.compile(r"/langganan/atur/([A-Za-z0-9_-]{43})/"),
    TokenPurpose.UNSUBSCRIBE: re.compile(r"/langganan/berhenti/([A-Za-z0-9_-]{43})/"),
}
URL_NAMES = {
    TokenPurpose.CONFIRM: "subscriptions:confirm",
    TokenPurpose.PREFERENCES: "subscriptions:preferences",
    TokenPurpose.UNSUBSCRIBE: "subscriptions:unsubscribe",
}


pytestmark = pytest.mark.usefixtures("office")


def subscribe(client, email="warga@example.id", topics=("berita",)):
    return client.post(SUBSCRIBE, {"email": email, "topics": list(topics)})


def token_from(message: Message, purpose: str) -> str:
    text = message_bodies(message=message)[0] + " " + " ".join(message.links.values())
    return TOKEN_IN_URL[purpose].search(text).group(1)


def url(purpose: str, token: str) -> str:
    return reverse(URL_NAMES[purpose], args=[token])


def mails(kind: str) -> list[Message]:
    return list(Message.objects.filter(kind=kind).order_by("pk"))


def topics_of(email: str) -> list[str]:
    return sorted(
        Subscription.objects.filter(subscriber__email=email).values_list("topic", flat=True)
    )


def confirmed(client, email="warga@example.id", topics=("berita",)) -> Subscriber:
    subscribe(client, email, topics)
    message = Message.objects.get(kind="subscription_confirm", recipient=email)
    client.post(url(TokenPurpose.CONFIRM, token_from(message, TokenPurpose.CONFIRM)))
    return Subscriber.objects.get(email=email)


def state() -> tuple:
    """Everything a token could change, to show that a refused one changed nothing."""
    return (
        list(Subscriber.objects.order_by("pk").values_list("email", "confirmed_at")),
        list(Subscription.objects.order_by("pk").values_list("subscriber_id", "topic")),
        list(SubscriberToken.objects.order_by("pk").values_list("token_hash", "used_at")),
        list(Message.objects.order_by("pk").values_list("kind", "recipient")),
    )


# --- The form -------------------------------------------------------------------------------


def test_subscribe_page_offers_every_registered_topic_with_labelled_fields(client):
    page = client.get(SUBSCRIBE).text
    for label in ("Berita", "Siaran Pers", "Edukasi Pemilu", "Forum Media"):
        assert label in page
    assert page.count("<h1") == 1
    assert '<label class="form__label" for="id_email">' in page
    assert 'type="email"' in page
    assert "<legend" in page
    assert 'name="robots"' not in page  # a public page, unlike the token pages


def test_footer_links_to_the_subscription_page(client):
    assert 'href="%s"' % SUBSCRIBE in client.get(reverse("home")).text


def test_new_address_gets_one_confirmation_link_and_nothing_is_active_yet(client):
    response = subscribe(client, " Warga@Example.ID ", ["berita", "siaran-pers"])

    assert response.status_code == 200
    assert "Periksa kotak masuk Anda" in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "warga@example.id"
    assert subscriber.confirmed_at is None
    assert topics_of("warga@example.id") == ["berita", "siaran-pers"]
    (message,) = mails("subscription_confirm")
    assert message.recipient == "warga@example.id"
    assert "Berita" in message_bodies(message=message)[0]
    assert "Siaran Pers" in message_bodies(message=message)[0]
    raw = token_from(message, TokenPurpose.CONFIRM)
    token = SubscriberToken.objects.get()
    # Stored hashed, never raw; the link names no address.
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.purpose == TokenPurpose.CONFIRM
    assert raw not in token.token_hash
    link = TOKEN_IN_URL[TokenPurpose.CONFIRM].search(message_bodies(message=message)[0]).group(0)
    assert "@" not in link
    assert "warga" not in link
    assert timedelta(hours=47) < token.expires_at - timezone.now() <= timedelta(hours=48)


def test_the_answer_is_identical_for_a_new_a_pending_and_a_confirmed_address(client):
    subscribe(client, "tertunda@example.id")  # pending
    confirmed(client, "aktif@example.id")
    before = Message.objects.count()

    answers = [
        subscribe(client, email)
        for email in ("baru@example.id", "tertunda@example.id", "aktif@example.id")
    ]

    assert len({answer.status_code for answer in answers}) == 1
    assert len({answer.content for answer in answers}) == 1
    assert len({tuple(sorted(answer.cookies)) for answer in answers}) == 1
    # Only the mailboxes learn the difference.
    sent = Message.objects.order_by("pk")[before:]
    assert [(message.kind, message.recipient) for message in sent] == [
        ("subscription_confirm", "baru@example.id"),
        ("subscription_manage", "aktif@example.id"),
    ]


def test_at_most_one_confirmation_per_address_per_day(client):
    for email in ("warga@example.id", "WARGA@example.id", " warga@EXAMPLE.id"):
        assert subscribe(client, email).status_code == 200
    assert len(mails("subscription_confirm")) == 1
    assert SubscriberToken.objects.count() == 1  # no token that nobody will receive

    # The next (Jakarta) day one more may go out.
    today = timezone.localdate()
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(
        idempotency_key=message.idempotency_key.replace(
            today.isoformat(), (today - timedelta(days=1)).isoformat()
        )
    )
    subscribe(client)
    assert len(mails("subscription_confirm")) == 2


def test_pending_address_takes_the_latest_topics(client):
    subscribe(client, topics=["berita"])
    subscribe(client, topics=["edukasi", "forum-media"])
    assert topics_of("warga@example.id") == ["edukasi", "forum-media"]


def test_confirmed_address_keeps_its_topics_and_gets_a_preferences_link(client):
    confirmed(client, topics=["berita"])

    subscribe(client, topics=["edukasi"])
    subscribe(client, topics=["edukasi"])  # double submit: still one e-mail today

    assert topics_of("warga@example.id") == ["berita"]  # a stranger cannot change them
    (message,) = mails("subscription_manage")
    assert message.sensitive
    page = client.get(url(TokenPurpose.PREFERENCES, token_from(message, "preferences")))
    assert page.status_code == 200
    assert re.search(r'value="berita"[^>]*checked', page.text)
    assert not re.search(r'value="edukasi"[^>]*checked', page.text)


# --- Wrong, huge, hostile, duplicate input ---------------------------------------------------


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("", "Isi alamat e-mail Anda."),
        ("bukan-email", "Masukkan alamat e-mail yang benar"),
        ("warga@localhost", "Masukkan alamat e-mail yang benar"),
        ("<script>alert(1)</script>@example.id", "Masukkan alamat e-mail yang benar"),
        ("a@b.c\nBcc: x@y.z", "Masukkan alamat e-mail yang benar"),
        ("a@b.id\r\nBcc: x@y.z", "Masukkan alamat e-mail yang benar"),
        ("x" * 10_240 + "@example.id", "terlalu panjang"),
    ],
)
def test_bad_address_gets_an_indonesian_error_keeps_the_input_and_stores_nothing(
    client, email, expected
):
    response = subscribe(client, email, ["berita", "edukasi"])

    assert response.status_code == 200
    assert expected in response.text
    assert 'aria-invalid="true"' in response.text
    assert "<script>alert" not in response.text  # echoed escaped, never as markup
    # The ticked topics survive the error.
    assert re.search(r'value="berita"[^>]*checked', response.text)
    assert re.search(r'value="edukasi"[^>]*checked', response.text)
    assert not Subscriber.objects.exists()
    assert not Message.objects.exists()


def test_an_empty_post_says_what_is_missing(client):
    response = client.post(SUBSCRIBE, {})
    assert response.status_code == 200
    assert "Isi alamat e-mail Anda." in response.text
    assert "Pilih paling sedikit satu topik." in response.text


def test_no_topic_is_refused(client):
    response = subscribe(client, topics=[])
    assert "Pilih paling sedikit satu topik." in response.text
    assert not Subscriber.objects.exists()


def test_unknown_topic_is_refused(client):
    response = subscribe(client, topics=["berita", "<script>x</script>"])
    assert "Pilih topik dari daftar yang tersedia." in response.text
    assert "<script>x" not in response.text
    assert not Subscriber.objects.exists()


def test_hundreds_of_bogus_topics_are_refused(client):
    response = subscribe(client, topics=["topik-%d" % number for number in range(990)])
    assert response.status_code == 200
    assert "Pilih topik dari daftar yang tersedia." in response.text
    assert not Subscriber.objects.exists()


def test_a_thousand_topics_is_an_indonesian_400(client):
    response = subscribe(client, topics=["topik-%d" % number for number in range(1000)])
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.text
    assert not Subscriber.objects.exists()


def test_the_same_topic_many_times_is_one_subscription(client):
    subscribe(client, topics=["berita"] * 500)
    assert topics_of("warga@example.id") == ["berita"]


def test_service_refuses_what_the_form_would_and_writes_nothing():
    with pytest.raises(ValidationError):
        subscription_request(email="warga@example.id", topics=["tidak-ada"], language="id")
    with pytest.raises(ValidationError):
        subscription_request(email="warga@example.id", topics=[], language="id")
    with pytest.raises(ValidationError):
        subscription_request(email="a@b.c\nBcc: x@y.z", topics=["berita"], language="id")
    assert not Subscriber.objects.exists()


def test_addresses_are_normalised():
    assert subscriber_email_key("  Warga.Desa@Example.ID ") == "warga.desa@example.id"
    assert subscriber_email_key("warga@Bücher.example") == "warga@xn--bcher-kva.example"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_for_one_new_address_make_one_row_and_one_mail():
    run_at_once(
        lambda: subscription_request(email="warga@example.id", topics=["berita"], language="id"),
        times=2,
    )

    assert Subscriber.objects.count() == 1
    assert Message.objects.filter(kind="subscription_confirm").count() == 1
    assert SubscriberToken.objects.count() == 1


# --- Confirming --------------------------------------------------------------------------------


def test_opening_the_link_does_not_confirm_pressing_the_button_does(client):
    subscribe(client, topics=["berita", "forum-media"])
    raw = token_from(mails("subscription_confirm")[0], TokenPurpose.CONFIRM)

    page = client.get(url(TokenPurpose.CONFIRM, raw))

    assert page.status_code == 200
    assert "Forum Media" in page.text
    assert 'method="post"' in page.text
    assert Subscriber.objects.get().confirmed_at is None  # a mail scanner opened it: no effect

    done = client.post(url(TokenPurpose.CONFIRM, raw))

    assert done.status_code == 200
    assert "Langganan aktif" in done.text
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None
    assert SubscriberToken.objects.get(purpose=TokenPurpose.CONFIRM).used_at is not None
    (welcome,) = mails("subscription_welcome")
    assert welcome.recipient == "warga@example.id"
    assert welcome.sensitive
    # The welcome e-mail offers its own preferences link and one-click unsubscribe.
    assert token_from(welcome, TokenPurpose.PREFERENCES)
    built = email_build(message=welcome)
    assert built.extra_headers["List-Unsubscribe"] == "<%s>" % welcome.links["unsubscribe"]
    assert built.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_confirming_twice_changes_nothing_and_is_not_an_error(client):
    subscribe(client)
    raw = token_from(mails("subscription_confirm")[0], TokenPurpose.CONFIRM)
    client.post(url(TokenPurpose.CONFIRM, raw))
    first = Subscriber.objects.get().confirmed_at

    again = client.post(url(TokenPurpose.CONFIRM, raw))
    reopened = client.get(url(TokenPurpose.CONFIRM, raw))

    assert again.status_code == 200
    assert "Langganan aktif" in again.text
    assert "sudah aktif" in reopened.text
    assert Subscriber.objects.get().confirmed_at == first
    assert len(mails("subscription_welcome")) == 1


def test_confirm_keeps_its_csrf_protection(client):
    subscribe(client)
    raw = token_from(mails("subscription_confirm")[0], TokenPurpose.CONFIRM)
    strict = Client(enforce_csrf_checks=True)

    forged = strict.post(url(TokenPurpose.CONFIRM, raw))
    assert forged.status_code == 403
    assert Subscriber.objects.get().confirmed_at is None

    page = strict.get(url(TokenPurpose.CONFIRM, raw))
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    # A browser sends its Origin with the form (the page keeps a referrer policy under which
    # it does; "no-referrer" would make it send "null" and fail this check).
    done = strict.post(
        url(TokenPurpose.CONFIRM, raw),
        {"csrfmiddlewaretoken": csrf},
        HTTP_ORIGIN="http://testserver",
    )
    assert done.status_code == 200
    assert Subscriber.objects.get().confirmed_at is not None


def test_expired_confirmation_link_confirms_nothing(client):
    subscribe(client)
    raw = token_from(mails("subscription_confirm")[0], TokenPurpose.CONFIRM)
    SubscriberToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(url(TokenPurpose.CONFIRM, raw))

    assert response.status_code == 404
    assert "Tautan tidak berlaku" in response.text
    assert Subscriber.objects.get().confirmed_at is None


# --- Preferences and unsubscribing ---------------------------------------------------------


def test_preferences_show_the_topics_and_save_changes(client):
    confirmed(client, topics=["berita"])
    raw = token_from(mails("subscription_welcome")[0], TokenPurpose.PREFERENCES)
    address = url(TokenPurpose.PREFERENCES, raw)

    page = client.get(address)
    assert re.search(r'value="berita"[^>]*checked', page.text)

    saved = client.post(address, {"topics": ["siaran-pers", "edukasi"]})
    assert saved.status_code == 200
    assert "Perubahan tersimpan." in saved.text
    assert topics_of("warga@example.id") == ["edukasi", "siaran-pers"]
    # Reusable until it expires: a second visit still works.
    assert client.post(address, {"topics": ["berita"]}).status_code == 200
    assert topics_of("warga@example.id") == ["berita"]


def test_unticking_every_topic_unsubscribes(client):
    confirmed(client, topics=["berita", "edukasi"])
    confirmed(client, "lain@example.id")
    raw = token_from(mails("subscription_welcome")[0], TokenPurpose.PREFERENCES)

    response = client.post(url(TokenPurpose.PREFERENCES, raw), {})

    assert "Anda sudah berhenti berlangganan" in response.text
    assert not Subscriber.objects.filter(email="warga@example.id").exists()
    assert not SubscriberToken.objects.filter(subscriber__email="warga@example.id").exists()
    assert topics_of("lain@example.id") == ["berita"]


def test_preferences_refuse_an_unknown_topic_and_keep_the_old_ones(client):
    confirmed(client, topics=["berita"])
    raw = token_from(mails("subscription_welcome")[0], TokenPurpose.PREFERENCES)

    response = client.post(url(TokenPurpose.PREFERENCES, raw), {"topics": ["hoaks"]})

    assert response.status_code == 200
    assert "Pilih topik dari daftar yang tersedia." in response.text
    assert topics_of("warga@example.id") == ["berita"]


def test_unsubscribe_link_asks_first_then_unsubscribes_once(client):
    confirmed(client)
    confirmed(client, "lain@example.id")
    raw = token_from(mails("subscription_welcome")[0], TokenPurpose.UNSUBSCRIBE)
    address = url(TokenPurpose.UNSUBSCRIBE, raw)

    page = client.get(address)
    assert page.status_code == 200
    assert 'method="post"' in page.text
    assert Subscriber.objects.filter(email="warga@example.id").exists()

    done = client.post(address)
    assert done.status_code == 200
    assert "Anda sudah berhenti berlangganan" in done.text
    assert not Subscriber.objects.filter(email="warga@example.id").exists()

    before = state()
    again = client.post(address)  # re-unsubscribe: the link is spent, nothing else changes
    assert again.status_code == 404
    assert "Tautan tidak berlaku" in again.text
    assert state() == before
    assert Subscriber.objects.filter(email="lain@example.id").exists()


# --- Wrong tokens ---------------------------------------------------------------------------


def tampered(raw: str) -> str:
    return raw[:-1] + ("A" if raw[-1] != "A" else "B")


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "purpose", [TokenPurpose.CONFIRM, TokenPurpose.PREFERENCES, TokenPurpose.UNSUBSCRIBE]
)
def test_tampered_token_changes_nothing(client, purpose, method):
    confirmed(client, "aktif@example.id")
    subscribe(client, "tertunda@example.id")
    source = {
        TokenPurpose.CONFIRM: mails("subscription_confirm")[-1],
        TokenPurpose.PREFERENCES: mails("subscription_welcome")[0],
        TokenPurpose.UNSUBSCRIBE: mails("subscription_welcome")[0],
    }[purpose]
    raw = token_from(source, purpose)
    before = state()

    response = getattr(client, method)(url(purpose, tampered(raw)), {"topics": []})

    assert response.status_code == 404
    assert "Tautan tidak berlaku" in response.text
    assert state() == before


def test_every_wrong_token_gets_the_same_page(client):
    confirmed(client, "aktif@example.id")
    subscribe(client, "tertunda@example.id")
    welcome = mails("subscription_welcome")[0]
    confirm_raw = token_from(mails("subscription_confirm")[-1], TokenPurpose.CONFIRM)
    unsubscribe_raw = token_from(welcome, TokenPurpose.UNSUBSCRIBE)
    preferences_raw = token_from(welcome, TokenPurpose.PREFERENCES)
    SubscriberToken.objects.filter(
        token_hash=hashlib.sha256(preferences_raw.encode()).hexdigest()
    ).update(expires_at=timezone.now() - timedelta(seconds=1))
    before = state()

    wrong = [
        url(TokenPurpose.CONFIRM, "x" * 43),  # never issued
        url(TokenPurpose.CONFIRM, unsubscribe_raw),  # another purpose
        url(TokenPurpose.UNSUBSCRIBE, confirm_raw),  # another purpose
        url(TokenPurpose.PREFERENCES, unsubscribe_raw),  # another purpose
        url(TokenPurpose.PREFERENCES, preferences_raw),  # expired
        url(TokenPurpose.UNSUBSCRIBE, "a" * 10_000),  # huge
        url(TokenPurpose.CONFIRM, "%3Cscript%3E"),  # hostile
        url(TokenPurpose.CONFIRM, "pendek"),  # too short
    ]
    responses = [client.post(address) for address in wrong] + [client.get(wrong[1])]

    assert {response.status_code for response in responses} == {404}
    # One body for all, apart from the language switch, which returns to the page's own URL.
    bodies = {re.sub(r'name="next" value="[^"]*"', "", response.text) for response in responses}
    assert len(bodies) == 1
    assert "Tautan tidak berlaku" in responses[0].text
    assert state() == before


def test_token_pages_are_not_cached_indexed_or_leaked(client):
    subscribe(client)
    raw = token_from(mails("subscription_confirm")[0], TokenPurpose.CONFIRM)
    for response in (
        client.get(url(TokenPurpose.CONFIRM, raw)),
        client.get(url(TokenPurpose.CONFIRM, "x" * 43)),
    ):
        assert "no-store" in response.headers["Cache-Control"]
        assert response.headers["X-Robots-Tag"] == "noindex"
        assert '<meta name="robots" content="noindex">' in response.text
        # No other site ever receives the URL in a Referer.
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.text.count("<h1") == 1


# --- Housekeeping -----------------------------------------------------------------------------


def test_purge_forgets_expired_links_and_addresses_that_never_confirmed(client):
    confirmed(client, "aktif@example.id")
    subscribe(client, "lama@example.id")
    subscribe(client, "baru@example.id")
    long_ago = timezone.now() - timedelta(days=8)
    Subscriber.objects.filter(email__in=["lama@example.id", "aktif@example.id"]).update(
        created_at=long_ago
    )
    SubscriberToken.objects.filter(subscriber__email="lama@example.id").update(expires_at=long_ago)
    SubscriberToken.objects.filter(
        subscriber__email="aktif@example.id", purpose=TokenPurpose.CONFIRM
    ).update(expires_at=long_ago)

    assert subscriptions_purge() == {"tokens": 2, "pending": 1}

    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "aktif@example.id",  # confirmed: kept
        "baru@example.id",  # its link is still live: kept
    }
    assert SubscriberToken.objects.filter(subscriber__email="aktif@example.id").count() == 2


# --- In a real browser ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 1280])
def test_subscribe_confirm_and_unsubscribe_in_chromium(page, live_server, width):
    """The whole flow without JavaScript help, accessible, through the browser's real CSRF
    headers (a referrer policy that made Chromium send "Origin: null" would fail here)."""
    from tests.browser.test_smoke import horizontal_overflow, serious_violations

    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + SUBSCRIBE)
    assert serious_violations(page) == []
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width

    page.get_by_label("Alamat e-mail").fill("warga@example.id")
    page.get_by_label("Siaran Pers").check()
    page.get_by_role("button", name="Berlangganan").click()
    assert page.locator("h1").inner_text() == "Periksa kotak masuk Anda"

    raw = token_from(mails("subscription_confirm")[0], TokenPurpose.CONFIRM)
    page.goto(live_server.url + url(TokenPurpose.CONFIRM, raw))
    assert serious_violations(page) == []
    page.get_by_role("button", name="Aktifkan langganan").click()
    assert page.locator("h1").inner_text() == "Langganan aktif"
    assert Subscriber.objects.get().confirmed_at is not None

    welcome = mails("subscription_welcome")[0]
    page.goto(live_server.url + url(TokenPurpose.PREFERENCES, token_from(welcome, "preferences")))
    assert page.get_by_label("Siaran Pers").is_checked()
    page.get_by_label("Edukasi Pemilu").check()
    page.get_by_role("button", name="Simpan").click()
    assert page.get_by_text("Perubahan tersimpan.").is_visible()
    assert topics_of("warga@example.id") == ["edukasi", "siaran-pers"]

    page.goto(live_server.url + url(TokenPurpose.UNSUBSCRIBE, token_from(welcome, "unsubscribe")))
    assert serious_violations(page) == []
    page.get_by_role("button", name="Berhenti berlangganan").click()
    assert page.locator("h1").inner_text() == "Anda sudah berhenti berlangganan"
    assert not Subscriber.objects.exists()
