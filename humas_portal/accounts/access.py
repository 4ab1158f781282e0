"""Who may reach a staff page: the second-factor rule the admin site applies, and
``staff_required`` for staff pages outside the admin (downloads, exports, check-in).

A staff member who still owes the second factor in this session has a password only; no staff
page may treat them as signed in.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse

from humas_portal.accounts.selectors import otp_device_exists


def user_is_verified(user) -> bool:
    """Whether this session passed the second factor (set by django-otp's OTPMiddleware)."""
    return getattr(user, "otp_device", None) is not None


def second_factor_pending(request: HttpRequest) -> bool:
    """A signed-in staff member who must still pass the second factor in this session.

    Always with STAFF_REQUIRE_2FA; without it, only those who enrolled (their choice counts).
    """
    cached = getattr(request, "_second_factor_pending", None)
    if cached is None:
        user = request.user
        cached = bool(
            user.is_active
            and user.is_staff
            and not user_is_verified(user)
            and (settings.STAFF_REQUIRE_2FA or otp_device_exists(user=user))
        )
        request._second_factor_pending = cached
    return cached


def url_with_next(url: str, next_url: str) -> str:
    return "%s?%s" % (url, urlencode({"next": next_url}))


def second_factor_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """To the verification page, or to enrolment for someone without a second factor."""
    name = "otp_verify" if otp_device_exists(user=request.user) else "otp_setup"
    return redirect(url_with_next(reverse("admin:%s" % name), request.get_full_path()))


def staff_required(permission: str, *, hidden: bool = False):
    """A view for active staff past the second factor who hold ``permission``
    (``"app_label.codename"``).

    Refusals, in this order: not signed in as active staff -> the admin's login page; second
    factor owed -> verification (or enrolment); permission lacking -> 403. With ``hidden``,
    every refusal is instead the same 404 as for an address that does not exist, so the
    address confirms nothing (a file of a complaint, say).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not (user.is_authenticated and user.is_active and user.is_staff):
                if hidden:
                    raise Http404
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if second_factor_pending(request):
                if hidden:
                    raise Http404
                return second_factor_redirect(request)
            if not user.has_perm(permission):
                raise Http404 if hidden else PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
