"""The second-factor pages of the admin: enrolment, verification, new backup codes.

They live under the admin's path (see PortalAdminSite.get_urls) but are not wrapped in
``admin_view``: a staff member who has not passed the second factor must reach them.
"""

from base64 import b64encode
from functools import wraps

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from humas_portal.accounts.access import second_factor_redirect, url_with_next, user_is_verified
from humas_portal.accounts.forms import OtpVerifyForm, TotpEnrolForm
from humas_portal.accounts.selectors import otp_device_exists
from humas_portal.accounts.services import (
    otp_backup_codes_regenerate,
    otp_enrol,
    otp_verify,
    otp_verify_locked_out,
    totp_config_url,
    totp_key_base32,
    totp_key_new,
)
from humas_portal.qr import qr_svg
from humas_portal.siteprofile.selectors import office_profile_current

# The secret being enrolled stays in the (server-side) session until a code confirms it.
SESSION_PENDING_KEY = "accounts_pending_totp_key"
SESSION_FAILURES_KEY = "accounts_otp_failures"
# Wrong codes before the session is ended; django-otp also slows each device down.
OTP_FAILURE_LIMIT = 5


# --- Helpers --------------------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _qr_data_uri(text: str) -> str:
    """The QR code as an SVG data: URI (the CSP allows ``img-src data:``)."""
    return "data:image/svg+xml;base64,%s" % b64encode(qr_svg(text)).decode("ascii")


def _context(request: HttpRequest, title: str, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        # No list of the admin's apps and models on these pages.
        "is_nav_sidebar_enabled": False,
        "title": title,
        "next": _next_url(request),
        **extra,
    }


def _second_factor_passed(request: HttpRequest, device) -> None:
    otp_login(request, device)
    request.session.pop(SESSION_FAILURES_KEY, None)
    # More rights now: a new session key, so one seen before this point is worth nothing.
    request.session.cycle_key()
    request._second_factor_pending = False


def staff_member_view(view):
    """Signed-in, active staff only; second factor not required (these pages provide it)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return csrf_protect(never_cache(wrapper))


# --- Views ----------------------------------------------------------------------------------


@staff_member_view
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    has_device = otp_device_exists(user=user)
    if has_device and not user_is_verified(user):
        # Replacing a second factor takes the current one: a password alone must not do it.
        return redirect(url_with_next(reverse("admin:otp_verify"), _next_url(request)))
    key = request.session.get(SESSION_PENDING_KEY)
    if not key:
        key = totp_key_new()
        request.session[SESSION_PENDING_KEY] = key
    form = TotpEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = otp_enrol(user=user, key=key, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            del request.session[SESSION_PENDING_KEY]
            _second_factor_passed(request, device)
            return render(
                request,
                "accounts/backup_codes.html",
                _context(request, _("Kode cadangan"), codes=codes, enrolled=True),
            )
    config_url = totp_config_url(
        key=key, username=user.get_username(), issuer=office_profile_current().name
    )
    return render(
        request,
        "accounts/second_factor_setup.html",
        _context(
            request,
            _("Verifikasi dua langkah"),
            form=form,
            qr_code=_qr_data_uri(config_url),
            secret=totp_key_base32(key),
            has_device=has_device,
            required=settings.STAFF_REQUIRE_2FA,
        ),
    )


@staff_member_view
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user_is_verified(user):
        return redirect(_next_url(request))
    if not otp_device_exists(user=user):
        return redirect(url_with_next(reverse("admin:otp_setup"), _next_url(request)))
    form = OtpVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = otp_verify(user=user, token=form.cleaned_data["token"])
        except ValidationError as error:
            failures = request.session.get(SESSION_FAILURES_KEY, 0) + 1
            if failures >= OTP_FAILURE_LIMIT:
                otp_verify_locked_out(user=user, failures=failures)
                logout(request)
                messages.error(
                    request,
                    _(
                        "Terlalu banyak kode salah. Demi keamanan, sesi Anda diakhiri; "
                        "silakan masuk lagi."
                    ),
                )
                return redirect("admin:login")
            request.session[SESSION_FAILURES_KEY] = failures
            form.add_error("token", error)
        else:
            _second_factor_passed(request, device)
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/second_factor_verify.html",
        _context(request, _("Masukkan kode verifikasi"), form=form),
    )


@require_POST
@staff_member_view
def backup_codes_regenerate(request: HttpRequest) -> HttpResponse:
    if not user_is_verified(request.user):
        return second_factor_redirect(request)
    codes = otp_backup_codes_regenerate(user=request.user)
    return render(
        request,
        "accounts/backup_codes.html",
        _context(request, _("Kode cadangan"), codes=codes, enrolled=False),
    )
