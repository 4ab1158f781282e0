"""Staff account security: second-factor enrolment and verification, ending sessions.

No function here reads a request; views and middleware pass what they know. No secret (TOTP
key, code, backup code) ever reaches the audit trail or a log.
"""

import time
from base64 import b32encode
from binascii import unhexlify
from datetime import timedelta
from importlib import import_module
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device, VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from humas_portal.accounts.models import UserSession
from humas_portal.audit import audit_record

BACKUP_CODE_COUNT = 10
# What the TOTP device is created with; authenticator apps assume these values.
TOTP_STEP = 30
TOTP_DIGITS = 6
TOTP_TOLERANCE = 1


# --- Enrolment ------------------------------------------------------------------------------


def totp_key_new() -> str:
    """A fresh 160-bit TOTP secret, hex-encoded as django-otp stores it."""
    return random_hex(20)


def totp_key_base32(key: str) -> str:
    """The secret as authenticator apps take it when typed in: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_config_url(*, key: str, username: str, issuer: str) -> str:
    """The otpauth:// URL that the enrolment QR code carries (Key Uri Format)."""
    issuer = issuer.replace(":", "").strip()
    params = urlencode(
        {
            "secret": b32encode(unhexlify(key)).decode("ascii").rstrip("="),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": TOTP_DIGITS,
            "period": TOTP_STEP,
        },
        quote_via=quote,
    )
    return "otpauth://totp/%s?%s" % (quote("%s:%s" % (issuer, username)), params)


def _backup_codes_replace(user: AbstractBaseUser) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice(user=user, name="backup", confirmed=True)
    device.full_clean()
    device.save()
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return sorted(codes)


@transaction.atomic
def otp_enrol(*, user: AbstractBaseUser, key: str, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator app set up with ``key`` by one of its codes.

    Replaces any earlier authenticator and backup codes of the user, and returns the new
    device and the new backup codes (shown once; django-otp keeps them to check them).
    """
    totp = TOTP(unhexlify(key), step=TOTP_STEP, digits=TOTP_DIGITS)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), tolerance=TOTP_TOLERANCE):
        raise ValidationError(
            _("Kode tidak cocok. Periksa jam ponsel Anda, lalu masukkan kode yang sedang tampil."),
            code="invalid",
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(
        user=user,
        name="authenticator",
        key=key,
        step=TOTP_STEP,
        digits=TOTP_DIGITS,
        tolerance=TOTP_TOLERANCE,
        drift=totp.drift,
        # The code just used for enrolment cannot be used again to log in.
        last_t=totp.t(),
        confirmed=True,
    )
    device.full_clean()
    device.save()
    codes = _backup_codes_replace(user)
    audit_record(user, "accounts.otp_enrolled", device)
    audit_record(user, "accounts.backup_codes_generated", count=len(codes))
    return device, codes


@transaction.atomic
def otp_backup_codes_regenerate(*, user: AbstractBaseUser) -> list[str]:
    """New backup codes for a user who has an authenticator; the old ones stop working."""
    codes = _backup_codes_replace(user)
    audit_record(user, "accounts.backup_codes_generated", count=len(codes))
    return codes


# --- Verification ---------------------------------------------------------------------------


def otp_verify(*, user: AbstractBaseUser, token: str) -> Device:
    """Return the device that accepts ``token`` (a TOTP code or a backup code), or raise.

    A TOTP code is accepted once: the device remembers the last time step it accepted
    (``last_t``). A backup code is deleted when used. After each wrong code django-otp makes
    the device wait longer (1 s, 2 s, 4 s, ...) before it checks another.
    """
    model = TOTPDevice if token.isdigit() else StaticDevice
    verified = None
    locked_until = None
    # Rows locked so that two requests with the same code cannot both succeed; throttling
    # counters written on failure are committed too (the exception is raised outside).
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        for device in devices:
            allowed, details = device.verify_is_allowed()
            if not allowed and details.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                locked_until = details.get("locked_until")
                continue
            if device.verify_token(token):
                verified = device
                break
    method = "totp" if model is TOTPDevice else "backup_code"
    if verified is not None:
        audit_record(user, "accounts.otp_verified", method=method)
        return verified
    audit_record(user, "accounts.otp_failed", method=method)
    if locked_until is not None:
        seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        raise ValidationError(
            _("Terlalu banyak kode salah. Coba lagi setelah %(seconds)d detik."),
            code="throttled",
            params={"seconds": seconds},
        )
    raise ValidationError(_("Kode salah, kedaluwarsa, atau sudah pernah dipakai."), code="invalid")


def otp_verify_locked_out(*, user: AbstractBaseUser, failures: int) -> None:
    """Record that a session was ended after too many wrong codes."""
    audit_record(user, "accounts.otp_locked_out", failures=failures)


# --- Sessions -------------------------------------------------------------------------------


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _session_max_age() -> timedelta:
    return timedelta(hours=settings.STAFF_SESSION_MAX_HOURS)


def user_session_register(
    *, user: AbstractBaseUser, session_key: str, previous_key: str = ""
) -> None:
    """Remember that ``session_key`` belongs to ``user`` (``previous_key``: before a cycle)."""
    with transaction.atomic():
        if previous_key and previous_key != session_key:
            UserSession.objects.filter(session_key=previous_key).delete()
        UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})
        # A registration older than the absolute lifetime belongs to a session that can no
        # longer be used (the middleware ends it on sight): forget it, so the table stays small.
        UserSession.objects.filter(
            user=user, registered_at__lt=timezone.now() - _session_max_age()
        ).delete()


@transaction.atomic
def user_sessions_end(*, user: AbstractBaseUser) -> int:
    """End every session of ``user`` on every device; return how many were registered."""
    store = _session_store()()
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store.delete(key)
    UserSession.objects.filter(user=user).delete()
    return len(keys)


@transaction.atomic
def user_deactivate(*, user: AbstractBaseUser, actor: AbstractBaseUser) -> int:
    """Deactivate ``user`` and end all their sessions; return how many sessions were ended.

    Safe to call for a user whose ``is_active`` was already set to False (the admin form).
    """
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    ended = user_sessions_end(user=user)
    audit_record(actor, "accounts.user_deactivated", user, sessions_ended=ended)
    return ended


def account_records_purge() -> dict[str, int]:
    """Forget what is no longer needed: expired sessions, their registrations, old login logs."""
    from axes.handlers.proxy import AxesProxyHandler

    _session_store().clear_expired()
    registrations, _detail = UserSession.objects.filter(
        registered_at__lt=timezone.now() - _session_max_age()
    ).delete()
    days = settings.LOGIN_LOG_RETENTION_DAYS
    return {
        "session_registrations": registrations,
        "login_logs": AxesProxyHandler.reset_logs(age_days=days),
        "login_failure_logs": AxesProxyHandler.reset_failure_logs(age_days=days),
    }
