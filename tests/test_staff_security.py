"""Staff accounts that cannot be taken over: second factor, login throttling, sessions,
password hashing, and the admin's caching and CSP (docs/SECURITY.md)."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management.utils import get_random_secret_key
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from humas_portal.accounts.models import UserSession
from humas_portal.accounts.services import account_records_purge
from humas_portal.accounts.views import SESSION_PENDING_KEY
from humas_portal.models import AuditEvent
from tests.factories import user_form
from tests.test_settings import PRODUCTION_ENV, assert_one_clear_line, manage

User = get_user_model()
PASSWORD = "kata-sandi-panjang-sekali"
JAKARTA = ZoneInfo("Asia/Jakarta")


# --- Fixtures and helpers -------------------------------------------------------------------


@pytest.fixture
def clock():
    """A frozen clock; ``clock.shift(timedelta(...))`` moves it."""
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=JAKARTA), tick=False) as t:
        yield t


@pytest.fixture
def production_mode(settings):
    """What DJANGO_ENV=production turns on for staff (the rest is tests/test_settings.py)."""
    settings.STAFF_REQUIRE_2FA = True
    return settings


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("redaktur", password=PASSWORD)


def totp_code(device: TOTPDevice) -> str:
    """The code the user's phone shows now (the clock is frozen by ``clock``)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return "%0*d" % (device.digits, totp.token())


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator and backup codes, as enrolment leaves them."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    codes = ["abcd2345", "efgh6723"]
    for code in codes:
        StaticToken.objects.create(device=backup, token=code)
    return device, codes


def password_login(client, username: str = "redaktur", password: str = PASSWORD, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def verify(client, code: str):
    return client.post(reverse("admin:otp_verify"), {"token": code, "next": "/"})


def logout(client):
    return client.post(reverse("admin:logout"))


def admin_pages(user) -> list[str]:
    """Every admin page a superuser could open: index, each app and each model's list and
    add page, a change page and the password change."""
    urls = {
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:jsi18n"),
        reverse("admin:auth_user_change", args=[user.pk]),
        reverse("admin:auth_user_password_change", args=[user.pk]),
    }
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.add(reverse("admin:%s_%s_changelist" % info))
        urls.add(reverse("admin:%s_%s_add" % info))
        urls.add(reverse("admin:app_list", args=[model._meta.app_label]))
    return sorted(urls)


def opens_admin(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


# --- Second factor in production mode -------------------------------------------------------


@pytest.mark.django_db
def test_password_alone_opens_no_admin_page_without_a_second_factor(client, staff, production_mode):
    assert password_login(client).status_code == 302
    setup = reverse("admin:otp_setup")

    for url in admin_pages(staff):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(setup), url

    # Nor can anything be changed with a POST.
    response = client.post(
        reverse("admin:auth_user_change", args=[staff.pk]), {"username": "diambil-alih"}
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.username == "redaktur"


@pytest.mark.django_db
def test_password_alone_with_an_enrolled_device_goes_to_verification(
    client, staff, production_mode
):
    enrol(staff)
    password_login(client)
    verify_url = reverse("admin:otp_verify")

    for url in admin_pages(staff):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(verify_url), url
    # And it cannot enrol a device of its own with the password alone.
    assert client.get(reverse("admin:otp_setup"))["Location"].startswith(verify_url)


@pytest.mark.django_db
def test_enrolment_shows_a_qr_code_and_backup_codes_once(client, staff, production_mode, clock):
    password_login(client)
    page = client.get(reverse("admin:otp_setup"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.text
    key = client.session[SESSION_PENDING_KEY]
    pending = TOTPDevice(key=key)
    assert page.context["secret"].replace(" ", "") in page.text.replace(" ", "")

    wrong = client.post(reverse("admin:otp_setup"), {"token": "000000"})
    assert wrong.status_code == 200
    assert "Kode tidak cocok" in wrong.text
    assert not TOTPDevice.objects.filter(user=staff).exists()

    done = client.post(reverse("admin:otp_setup"), {"token": totp_code(pending)})

    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(set(codes)) == 10
    for code in codes:
        assert code in done.text
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    assert device.key == key
    assert StaticToken.objects.filter(device__user=staff).count() == 10
    assert opens_admin(client)
    actions = set(AuditEvent.objects.filter(actor=staff).values_list("action", flat=True))
    assert {"accounts.otp_enrolled", "accounts.backup_codes_generated"} <= actions
    trail = json.dumps(list(AuditEvent.objects.values("data", "target_repr")))
    assert key not in trail
    assert not any(code in trail for code in codes)


@pytest.mark.django_db
def test_the_enrolment_code_cannot_be_used_again_to_log_in(client, staff, production_mode, clock):
    password_login(client)
    client.get(reverse("admin:otp_setup"))
    code = totp_code(TOTPDevice(key=client.session[SESSION_PENDING_KEY]))
    client.post(reverse("admin:otp_setup"), {"token": code})
    logout(client)

    password_login(client)
    assert verify(client, code).status_code == 200
    assert not opens_admin(client)


@pytest.mark.django_db
def test_a_valid_totp_code_opens_the_admin_once(client, staff, production_mode, clock):
    device, _codes = enrol(staff)
    password_login(client)
    code = totp_code(device)

    response = verify(client, code)

    assert response.status_code == 302
    for url in [reverse("admin:index"), reverse("admin:auth_user_changelist")]:
        assert client.get(url).status_code == 200, url
    assert AuditEvent.objects.filter(actor=staff, action="accounts.otp_verified").exists()

    # The same code, again, in a new session, within the same 30 seconds: refused.
    logout(client)
    password_login(client)
    replay = verify(client, code)
    assert replay.status_code == 200
    assert "sudah pernah dipakai" in replay.text
    assert not opens_admin(client)

    # The next code the phone shows works.
    clock.shift(timedelta(seconds=30))
    assert verify(client, totp_code(device)).status_code == 302
    assert opens_admin(client)


@pytest.mark.django_db
def test_a_backup_code_works_once(client, staff, production_mode, clock):
    _device, codes = enrol(staff)
    password_login(client)

    assert verify(client, codes[0].upper()).status_code == 302
    assert opens_admin(client)
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    logout(client)
    password_login(client)
    assert verify(client, codes[0]).status_code == 200
    assert not opens_admin(client)
    clock.shift(timedelta(seconds=5))
    assert verify(client, codes[1]).status_code == 302
    assert opens_admin(client)


@pytest.mark.django_db
def test_five_wrong_codes_end_the_session(client, staff, production_mode, clock):
    device, _codes = enrol(staff)
    password_login(client)

    for attempt in range(1, 5):
        response = verify(client, "000000")
        assert response.status_code == 200, attempt
        clock.shift(timedelta(minutes=1))
    response = verify(client, "000000")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:login")
    # Signed out: even the right code no longer helps this session.
    assert verify(client, totp_code(device)).status_code == 302
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))
    assert AuditEvent.objects.filter(actor=staff, action="accounts.otp_locked_out").exists()
    assert AuditEvent.objects.filter(actor=staff, action="accounts.otp_failed").count() == 5


@pytest.mark.django_db
def test_a_staff_member_without_second_factor_can_still_log_out(client, staff, production_mode):
    password_login(client)
    response = logout(client)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_development_mode_offers_enrolment_without_forcing_it(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    password_login(client)

    page = client.get(reverse("admin:index"))

    assert page.status_code == 200
    assert reverse("admin:otp_setup") in page.text


@pytest.mark.django_db
def test_development_mode_still_asks_those_who_enrolled(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    enrol(staff)
    password_login(client)

    response = client.get(reverse("admin:index"))

    assert response["Location"].startswith(reverse("admin:otp_verify"))


@pytest.mark.django_db
def test_new_backup_codes_replace_the_old_ones(client, staff, production_mode, clock):
    device, old_codes = enrol(staff)
    password_login(client)
    verify(client, totp_code(device))
    assert reverse("admin:otp_backup_codes") in client.get(reverse("admin:otp_setup")).text

    response = client.post(reverse("admin:otp_backup_codes"))

    assert response.status_code == 200
    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    tokens = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert tokens == set(new_codes)
    assert not tokens & set(old_codes)
    assert AuditEvent.objects.filter(actor=staff, action="accounts.backup_codes_generated").exists()


# --- Login throttling -----------------------------------------------------------------------


@pytest.mark.django_db
def test_wrong_passwords_lock_one_username_at_one_address_for_the_cooloff(
    client, staff, settings, clock
):
    settings.STAFF_REQUIRE_2FA = False
    here = {"REMOTE_ADDR": "203.0.113.5"}
    elsewhere = {"REMOTE_ADDR": "198.51.100.7"}

    for attempt in range(1, django_settings.LOGIN_FAILURE_LIMIT):
        response = password_login(client, password="salah-%d" % attempt, **here)
        assert response.status_code == 200, attempt
    locked = password_login(client, password="salah-lagi", **here)

    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.text
    assert "no-store" in locked["Cache-Control"]
    # Even the right password does not get in from here...
    assert password_login(client, **here).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but does from another address.
    other = type(client)()
    assert password_login(other, **elsewhere).status_code == 302
    logout(other)

    # Attempts during the lockout do not prolong it.
    clock.shift(timedelta(minutes=django_settings.LOGIN_COOLOFF_MINUTES - 1))
    assert password_login(client, password="salah", **here).status_code == 429
    clock.shift(timedelta(minutes=1, seconds=1))
    assert password_login(client, **here).status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_forged_x_forwarded_for_does_not_change_the_address(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(django_settings.LOGIN_FAILURE_LIMIT):
        password_login(
            client,
            password="salah",
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR="10.0.0.%d" % attempt,
        )

    response = password_login(
        client, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


@pytest.mark.django_db
def test_behind_the_proxy_only_the_proxys_entry_counts(client, staff, settings):
    """nginx appends the real address; what the client wrote further left is ignored."""
    settings.STAFF_REQUIRE_2FA = False
    settings.TRUSTED_PROXY_COUNT = 1
    via_nginx = {"REMOTE_ADDR": "127.0.0.1"}
    for attempt in range(django_settings.LOGIN_FAILURE_LIMIT):
        password_login(
            client,
            password="salah",
            HTTP_X_FORWARDED_FOR="10.9.9.%d, 203.0.113.5" % attempt,
            **via_nginx,
        )

    forged = password_login(client, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5", **via_nginx)
    real_other = password_login(
        client, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7", **via_nginx
    )

    assert forged.status_code == 429
    assert real_other.status_code == 302


@pytest.mark.django_db
def test_failures_and_successes_are_recorded_without_the_password(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    password_login(client, password="rahasia-yang-salah", REMOTE_ADDR="203.0.113.5")
    password_login(client, REMOTE_ADDR="203.0.113.5")

    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address) == ("redaktur", "203.0.113.5")
    success = AccessLog.objects.get()
    assert (success.username, success.ip_address) == ("redaktur", "203.0.113.5")
    # A success resets the count (AXES_RESET_ON_SUCCESS).
    assert not AccessAttempt.objects.exists()
    stored = json.dumps(list(AccessFailureLog.objects.values()), default=str) + json.dumps(
        list(AccessLog.objects.values()), default=str
    )
    assert "rahasia-yang-salah" not in stored
    assert PASSWORD not in stored


# --- Sessions -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_idle_session_expires_after_the_idle_period(client, staff, settings, clock):
    settings.STAFF_REQUIRE_2FA = False
    password_login(client)
    idle = timedelta(minutes=django_settings.STAFF_SESSION_IDLE_MINUTES)

    clock.shift(idle - timedelta(seconds=1))
    assert opens_admin(client)  # activity: the idle period starts again
    clock.shift(idle + timedelta(seconds=1))
    response = client.get(reverse("admin:auth_user_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert "tidak ada aktivitas selama 30 menit" in login_page.text


@pytest.mark.django_db
def test_an_active_session_ends_at_the_absolute_lifetime(client, staff, settings, clock):
    settings.STAFF_REQUIRE_2FA = False
    password_login(client)
    lifetime = timedelta(hours=django_settings.STAFF_SESSION_MAX_HOURS)
    step = timedelta(minutes=20)

    elapsed = timedelta(0)
    while elapsed + step <= lifetime:
        clock.shift(step)
        elapsed += step
        assert opens_admin(client), elapsed
    clock.shift(step)

    assert not opens_admin(client)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_idle_expiry_on_a_public_page_signs_out_but_serves_the_page(client, staff, settings, clock):
    settings.STAFF_REQUIRE_2FA = False
    password_login(client)
    clock.shift(timedelta(hours=1))

    assert client.get(reverse("home")).status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.fixture
def administrator_client(client, db, settings):
    settings.STAFF_REQUIRE_2FA = False
    root = User.objects.create_superuser("kasubag", password=PASSWORD)
    password_login(client, username="kasubag")
    return client, root


@pytest.mark.django_db
def test_deactivating_a_user_ends_their_open_sessions(administrator_client, django_user_model):
    client, root = administrator_client
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    laptop, phone = type(client)(), type(client)()
    for device in (laptop, phone):
        password_login(device, username="editor")
        assert device.get(reverse("admin:password_change")).status_code == 200
    keys = [laptop.session.session_key, phone.session.session_key]
    assert UserSession.objects.filter(user=editor).count() == 2

    form = user_form(editor)
    del form["is_active"]
    response = client.post(reverse("admin:auth_user_change", args=[editor.pk]), form)

    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.is_active is False
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=editor).exists()
    for device in (laptop, phone):
        page = device.get(reverse("admin:password_change"))
        assert page["Location"].startswith(reverse("admin:login"))
    event = AuditEvent.objects.get(action="accounts.user_deactivated")
    assert (event.actor, event.target_id, event.data) == (
        root,
        str(editor.pk),
        {"sessions_ended": 2},
    )


@pytest.mark.django_db
def test_deactivating_oneself_signs_out_cleanly(administrator_client):
    client, root = administrator_client
    form = user_form(root, is_superuser="on")
    del form["is_active"]

    response = client.post(reverse("admin:auth_user_change", args=[root.pk]), form)

    assert response.status_code == 302
    assert User.objects.get(pk=root.pk).is_active is False
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_the_deactivate_action_ends_sessions_but_spares_the_actor(administrator_client):
    client, root = administrator_client
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    other = type(client)()
    password_login(other, username="editor")

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_selected", "_selected_action": [editor.pk, root.pk]},
    )

    assert response.status_code == 302
    assert User.objects.get(pk=editor.pk).is_active is False
    assert User.objects.get(pk=root.pk).is_active is True
    assert other.get(reverse("admin:password_change")).status_code == 302
    assert opens_admin(client)


@pytest.mark.django_db
def test_an_inactive_users_session_is_refused_even_if_deactivated_elsewhere(
    client, staff, settings
):
    """Deactivated without the service (a shell, a data fix): the next request is anonymous."""
    settings.STAFF_REQUIRE_2FA = False
    password_login(client)
    User.objects.filter(pk=staff.pk).update(is_active=False)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_logging_out_ends_every_session_of_the_user(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    phone = type(client)()
    password_login(client)
    password_login(phone)
    assert opens_admin(phone)

    logout(client)

    assert not opens_admin(phone)
    assert not UserSession.objects.filter(user=staff).exists()


@pytest.mark.django_db
def test_session_key_changes_are_followed_by_the_registry(client, staff, production_mode, clock):
    device, _codes = enrol(staff)
    password_login(client)
    before = client.session.session_key
    assert UserSession.objects.filter(user=staff).get().session_key == before

    verify(client, totp_code(device))  # a new key once the second factor is passed

    after = client.session.session_key
    assert after != before
    assert UserSession.objects.filter(user=staff).get().session_key == after


@pytest.mark.django_db
def test_purge_forgets_dead_registrations_and_old_login_logs(client, staff, settings, clock):
    settings.STAFF_REQUIRE_2FA = False
    password_login(client)
    password_login(client, password="salah")
    clock.shift(timedelta(days=django_settings.LOGIN_LOG_RETENTION_DAYS + 1))

    counts = account_records_purge()

    assert counts == {"session_registrations": 1, "login_logs": 1, "login_failure_logs": 1}
    assert not Session.objects.exists()


# --- Passwords ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_passwords_are_stored_with_argon2(settings):
    settings.PASSWORD_HASHERS = django_settings.PRODUCTION_PASSWORD_HASHERS
    user = User.objects.create_user("baru", password=PASSWORD)

    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_an_older_hash_is_upgraded_to_argon2_at_login(client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = User.objects.create_user("lama", password=PASSWORD, is_staff=True)
    assert user.password.startswith("pbkdf2_sha256$")
    settings.PASSWORD_HASHERS = django_settings.PRODUCTION_PASSWORD_HASHERS
    settings.STAFF_REQUIRE_2FA = False

    password_login(client, username="lama")

    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("pendek123", False),  # under 12 characters
        ("password1234", False),  # common
        ("redaktur-portal", False),  # like the username
        ("kuda liar di padang rumput", True),  # long, no composition rules needed
    ],
)
@pytest.mark.django_db
def test_password_rules_are_length_not_composition(password, accepted):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User(username="redaktur-portal")
    try:
        validate_password(password, user)
    except ValidationError:
        assert not accepted
    else:
        assert accepted


# --- The admin's responses ------------------------------------------------------------------


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)


@pytest.mark.django_db
def test_every_admin_response_is_no_store(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    anonymous = [
        reverse("admin:login"),
        reverse("admin:index"),
        "/%stidak-ada/" % settings.DJANGO_ADMIN_URL,
    ]
    for url in anonymous:
        assert "no-store" in client.get(url)["Cache-Control"], url
    password_login(client)
    for url in [reverse("admin:index"), reverse("admin:jsi18n"), reverse("admin:otp_setup")]:
        assert "no-store" in client.get(url)["Cache-Control"], url
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


@pytest.mark.django_db
def test_admin_pages_need_no_inline_script_or_style(client, staff, production_mode, clock):
    """The admin runs under the site's strict CSP: nothing inline for it to block."""
    device, _codes = enrol(staff)
    pages = {"login": client.get(reverse("admin:login"))}
    password_login(client)
    pages["verify"] = client.get(reverse("admin:otp_verify"))
    verify(client, totp_code(device))
    pages["setup"] = client.get(reverse("admin:otp_setup"))
    for name in [
        "index",
        "auth_user_changelist",
        "auth_user_add",
        "humas_portal_auditevent_changelist",
    ]:
        pages[name] = client.get(reverse("admin:%s" % name))
    pages["user_change"] = client.get(reverse("admin:auth_user_change", args=[staff.pk]))

    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.text
        assert not INLINE_SCRIPT.findall(html), name
        assert not STYLE_ATTRIBUTE.findall(html), name
        csp = response["Content-Security-Policy"]
        # Directive order varies between processes: compare the directive itself.
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
        assert directives["script-src"] == "'self'", name
        assert "unsafe-inline" not in csp, name


# --- Production configuration ---------------------------------------------------------------


def test_production_refuses_the_guessable_admin_path():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": get_random_secret_key()}
    env["DJANGO_ADMIN_URL"] = "admin/"

    result = manage("check", env=env)

    assert_one_clear_line(result, "DJANGO_ADMIN_URL")


def test_production_deploy_check_fails_with_the_second_factor_switched_off():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": get_random_secret_key()}
    env["STAFF_REQUIRE_2FA"] = "0"

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "accounts.W001" in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"LOGIN_FAILURE_LIMIT": "0"},
        {"STAFF_SESSION_IDLE_MINUTES": "600", "STAFF_SESSION_MAX_HOURS": "8"},
    ],
)
def test_broken_staff_security_values_fail_clearly(env):
    result = manage("check", env=env)
    assert_one_clear_line(result, next(iter(env)))
