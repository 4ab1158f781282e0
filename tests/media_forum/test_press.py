"""The press list: registration at /langganan/wartawan/, verification by Pemimpin Redaksi."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from humas_portal.models import AuditEvent
from humas_portal.notifications.models import Message, Subscriber
from humas_portal.roles import CHIEF_EDITOR, EDITOR
from humas_portal.validators import phone_normalise
from media_forum.models import JournalistProfile
from media_forum.services import journalist_register, journalist_unverify, journalist_verify
from tests.factories import staff_create
from tests.media_forum.factories import journalist_create
from tests.news.factories import subscriber_create

REGISTER = "/langganan/wartawan/"
# What differs between two pages that say the same thing: the CSRF token, and the language
# switch's return path.
PER_REQUEST = re.compile(r'name="(?:csrfmiddlewaretoken|next)" value="[^"]*"')
VALID = {
    "name": "Rina Wartawati",
    "outlet": "Harian Tapal Kuda",
    "beat": "Politik dan Pemilu",
    "phone": "0812-3456-7890",
    "email": "Rina@Example.ID",
}


pytestmark = pytest.mark.usefixtures("office")


def register(client, **changes):
    return client.post(REGISTER, {**VALID, **changes})


def stored() -> tuple:
    return (
        list(Subscriber.objects.values_list("email", "confirmed_at")),
        list(JournalistProfile.objects.values_list("name", "outlet", "phone", "verified")),
        Message.objects.count(),
    )


# --- The form -------------------------------------------------------------------------------


def test_the_url_is_langganan_wartawan():
    assert reverse("press:register") == REGISTER


def test_the_page_has_labelled_fields_and_one_heading(client):
    response = client.get(REGISTER)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for name, kind in (
        ("name", "text"),
        ("outlet", "text"),
        ("beat", "text"),
        ("phone", "tel"),
        ("email", "email"),
    ):
        assert '<label class="form__label" for="id_%s">' % name in html
        assert 'type="%s" name="%s" id="id_%s"' % (kind, name, name) in html


def test_registering_asks_for_confirmation_and_files_an_unverified_profile(client):
    response = register(client)

    assert response.status_code == 200
    assert "Periksa kotak masuk Anda" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "rina@example.id"
    assert subscriber.confirmed_at is None
    assert list(subscriber.subscriptions.values_list("topic", flat=True)) == ["siaran-pers"]
    profile = subscriber.journalist
    assert (profile.name, profile.outlet, profile.beat) == (
        "Rina Wartawati",
        "Harian Tapal Kuda",
        "Politik dan Pemilu",
    )
    assert profile.phone == "+6281234567890"
    assert profile.verified is False
    confirmation = Message.objects.get()
    assert confirmation.kind == "subscription_confirm"
    assert confirmation.recipient == "rina@example.id"


def test_the_answer_is_the_subscription_forms_and_the_same_for_every_address(client):
    subscriber_page = client.post(
        reverse("subscriptions:subscribe"), {"email": "x@example.id", "topics": ["berita"]}
    )
    new = register(client, email="baru@example.id")
    pending = register(client, email="baru@example.id")
    journalist_create("terverifikasi@example.id", verified=True)
    confirmed = register(client, email="terverifikasi@example.id")

    bodies = {
        PER_REQUEST.sub("", response.content.decode())
        for response in (subscriber_page, new, pending, confirmed)
    }
    assert len(bodies) == 1, _differences(bodies)
    assert {r.status_code for r in (new, pending, confirmed)} == {200}


def _differences(bodies: set[str]) -> list[set[str]]:
    lines = [set(body.splitlines()) for body in bodies]
    return [found - lines[0] for found in lines[1:]]


@pytest.mark.parametrize(
    ("typed", "stored_as"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0812.3456.789", "+628123456789"),
        ("(0331) 487123", "+62331487123"),
        ("+62 (331) 487-123", "+62331487123"),
    ],
)
def test_indonesian_numbers_are_normalised(typed, stored_as):
    assert phone_normalise(typed) == stored_as


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345",
        "0812",
        "0812345",  # too short
        "08123456789012",  # too long
        "+1 202 555 0101",  # not Indonesian
        "00812345678",  # trunk 0 twice
        "0812abc45678",
        "".join(chr(0x0660 + int(digit)) for digit in "081234567890"),  # Arabic-Indic digits
        "".join(chr(0xFF10 + int(digit)) for digit in "081234567890"),  # full-width digits
        "0812 3456 7890; DROP TABLE",
        "+62+62812345678",
    ],
)
def test_anything_else_is_refused(typed):
    with pytest.raises(ValidationError):
        phone_normalise(typed)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", None),
        ({"outlet": "   "}, "outlet", None),
        ({"phone": "12345"}, "phone", "Masukkan nomor telepon Indonesia"),
        ({"email": "bukan-alamat"}, "email", "Masukkan alamat e-mail yang benar"),
        ({"email": "rina@localhost"}, "email", None),
        ({"name": "R" * 121}, "name", None),
        ({"outlet": "M" * 10_000}, "outlet", None),
        ({"beat": "B" * 121}, "beat", None),
        ({"email": "a" * 250 + "@example.id"}, "email", None),
        ({"phone": "0" * 31}, "phone", None),
        ({"name": "Rina\nBcc: semua@example.id"}, "name", "satu baris"),
        ({"name": "Rina\u202eanhoJ"}, "name", "satu baris"),
        ({"outlet": "Harian\x00Tapal"}, "outlet", None),
    ],
)
def test_wrong_and_hostile_input_is_refused_and_stores_nothing(client, changes, field, message):
    response = register(client, **changes)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert message in " ".join(form.errors[field])
    assert stored() == ([], [], 0)
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_empty_post_says_what_is_missing(client):
    response = client.post(REGISTER, {})
    assert set(response.context["form"].errors) == {"name", "outlet", "phone", "email"}
    assert stored() == ([], [], 0)


def test_markup_is_shown_as_text_never_run(client):
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    response = register(client, name=hostile, email="bukan-alamat")

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert 'onerror="alert(2)"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markup_in_a_valid_registration_is_stored_as_plain_text(client):
    register(client, outlet="<b>Media</b> & Co")
    assert JournalistProfile.objects.get().outlet == "<b>Media</b> & Co"


def test_a_body_too_large_is_refused(client, settings):
    response = client.post(
        REGISTER, {**VALID, "name": "R" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    )
    assert response.status_code == 400
    assert stored() == ([], [], 0)


def test_more_than_the_limit_of_posts_from_one_address_is_throttled(client):
    for number in range(10):
        assert register(client, email="w%d@example.id" % number).status_code == 200
    refused = register(client, email="w99@example.id")
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert not Subscriber.objects.filter(email="w99@example.id").exists()


# --- Duplicates and strangers ---------------------------------------------------------------


def test_registering_twice_while_pending_updates_the_one_profile_and_mails_once(client):
    register(client)
    register(client, outlet="Radio Suara Jember", phone="+62 331 487123", email="rina@example.id")

    assert Subscriber.objects.count() == 1
    profile = JournalistProfile.objects.get()
    assert profile.outlet == "Radio Suara Jember"
    assert profile.phone == "+62331487123"
    assert Message.objects.filter(kind="subscription_confirm").count() == 1


def test_a_pending_address_keeps_the_topics_it_asked_for_before(client):
    subscriber_create("rina@example.id", ["berita", "edukasi"], confirmed=False)
    register(client)
    assert sorted(Subscriber.objects.get().subscriptions.values_list("topic", flat=True)) == [
        "berita",
        "edukasi",
        "siaran-pers",
    ]


def test_a_stranger_cannot_change_a_confirmed_journalists_details(client):
    profile = journalist_create("rina@example.id", verified=True)
    before = (profile.name, profile.outlet, profile.phone, profile.verified)

    response = register(client, name="Penyamar", outlet="Media Palsu")

    assert response.status_code == 200
    profile.refresh_from_db()
    assert (profile.name, profile.outlet, profile.phone, profile.verified) == before
    # Only the mailbox learns anything: it gets a link to its own preferences.
    assert list(Message.objects.values_list("kind", "recipient")) == [
        ("subscription_manage", "rina@example.id")
    ]


def test_a_confirmed_subscriber_who_registers_gets_an_unverified_profile_only(client):
    subscriber = subscriber_create("rina@example.id", ["berita"])
    register(client)
    profile = JournalistProfile.objects.get(subscriber=subscriber)
    assert profile.verified is False
    # A stranger must not change a confirmed address's topics: the mailbox decides.
    assert list(subscriber.subscriptions.values_list("topic", flat=True)) == ["berita"]


def test_the_service_refuses_what_the_form_would():
    with pytest.raises(ValidationError):
        journalist_register(
            name="Rina", outlet="Media", beat="", phone="", email="x@localhost", language="id"
        )
    with pytest.raises(ValidationError):
        journalist_register(
            name="R" * 121, outlet="Media", beat="", phone="", email="r@example.id", language="id"
        )
    assert stored() == ([], [], 0)


# --- Verification ---------------------------------------------------------------------------


def test_verifying_needs_the_permission_and_is_audited():
    profile = journalist_create("rina@example.id", verified=False)
    editor = staff_create("redaksi", role=EDITOR)
    chief = staff_create("pemred", role=CHIEF_EDITOR)
    if not chief.has_perm("media_forum.verify_journalist"):
        # The role table (humas_portal.roles) may not grant it yet; the service checks it.
        from django.contrib.auth.models import Permission

        chief.user_permissions.add(Permission.objects.get(codename="verify_journalist"))
        chief = type(chief).objects.get(pk=chief.pk)

    with pytest.raises(PermissionDenied):
        journalist_verify(profile_id=profile.pk, actor=editor)
    profile.refresh_from_db()
    assert profile.verified is False

    journalist_verify(profile_id=profile.pk, actor=chief)
    journalist_verify(profile_id=profile.pk, actor=chief)  # again: nothing new

    profile.refresh_from_db()
    assert profile.verified is True
    assert profile.verified_by == chief
    assert profile.verified_at is not None
    events = AuditEvent.objects.filter(action="journalist.verified")
    assert events.count() == 1
    assert events.get().actor == chief

    journalist_unverify(profile_id=profile.pk, actor=chief)
    profile.refresh_from_db()
    assert (profile.verified, profile.verified_at, profile.verified_by) == (False, None, None)
    assert AuditEvent.objects.filter(action="journalist.unverified").count() == 1


def test_an_address_that_never_confirmed_cannot_be_verified():
    profile = journalist_create("rina@example.id", verified=False, confirmed=False)
    chief = staff_create("pemred", superuser=True)
    with pytest.raises(ValidationError):
        journalist_verify(profile_id=profile.pk, actor=chief)
    profile.refresh_from_db()
    assert profile.verified is False


def changelist() -> str:
    return reverse("admin:media_forum_journalistprofile_changelist")


def test_the_admin_actions_verify_and_revoke_through_the_service(client):
    profile = journalist_create("rina@example.id", verified=False)
    chief = staff_create("pemred", superuser=True)
    client.force_login(chief)

    response = client.post(
        changelist(), {"action": "verify", "_selected_action": [profile.pk]}, follow=True
    )
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.verified is True
    assert AuditEvent.objects.filter(action="journalist.verified", actor=chief).exists()

    client.post(changelist(), {"action": "revoke", "_selected_action": [profile.pk]})
    profile.refresh_from_db()
    assert profile.verified is False


def test_the_admin_offers_no_verification_without_the_permission(client):
    from django.contrib.auth.models import Permission

    profile = journalist_create("rina@example.id", verified=False)
    officer = staff_create("petugas")
    officer.user_permissions.add(
        Permission.objects.get(codename="view_journalistprofile"),
        Permission.objects.get(codename="change_journalistprofile"),
    )
    client.force_login(officer)

    page = client.get(changelist())
    assert page.status_code == 200
    assert 'value="verify"' not in page.content.decode()
    client.post(changelist(), {"action": "verify", "_selected_action": [profile.pk]})
    profile.refresh_from_db()
    assert profile.verified is False

    # Nor through the change form: the flag is read-only there.
    change = reverse("admin:media_forum_journalistprofile_change", args=[profile.pk])
    client.post(
        change,
        {"name": profile.name, "outlet": profile.outlet, "beat": "", "phone": "", "verified": "on"},
    )
    profile.refresh_from_db()
    assert profile.verified is False
