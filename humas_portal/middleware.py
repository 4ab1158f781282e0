from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set: CORP and Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ChosenLanguageMiddleware:
    """Indonesian whatever the browser asks; English only when the visitor chose it.

    Django's LocaleMiddleware follows Accept-Language, which would show English to anyone whose
    phone is set to English. Here only the cookie written by the language switch counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response


# Session keys written by StaffSessionMiddleware (Unix timestamps and the registered key).
SESSION_STARTED_KEY = "staff_session_started"
SESSION_ACTIVITY_KEY = "staff_session_activity"
SESSION_REGISTERED_KEY = "staff_session_registered"


class StaffSessionMiddleware:
    """Ends a signed-in session idle for STAFF_SESSION_IDLE_MINUTES or older than
    STAFF_SESSION_MAX_HOURS, and registers each session key with its user.

    Only staff sign in to this portal, so every signed-in session is a staff session. Times are
    kept in the session itself; the registry (humas_portal.accounts.models.UserSession) is
    written only when the key is new to it (login, or Django cycling the key), so a normal
    request costs no query beyond the session save that the activity time needs.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.DJANGO_ADMIN_URL

    def __call__(self, request):
        if request.user.is_authenticated:
            message = self._expiry_message(request.session)
            if message is not None:
                logout(request)
                messages.warning(request, message)
                if request.path_info.startswith(self.admin_prefix):
                    next_url = request.get_full_path() if request.method == "GET" else ""
                    return redirect_to_login(
                        next_url or reverse("admin:index"), reverse("admin:login")
                    )
        response = self.get_response(request)
        # Checked again: the view may have just logged someone in or out.
        if request.user.is_authenticated:
            self._record(request)
        return response

    @staticmethod
    def _expiry_message(session) -> str | None:
        now = timezone.now().timestamp()
        started = session.get(SESSION_STARTED_KEY)
        activity = session.get(SESSION_ACTIVITY_KEY)
        if started is not None and now - started > settings.STAFF_SESSION_MAX_HOURS * 3600:
            return _(
                "Sesi Anda berakhir karena sudah berlangsung %(hours)d jam. Silakan masuk lagi."
            ) % {"hours": settings.STAFF_SESSION_MAX_HOURS}
        if activity is not None and now - activity > settings.STAFF_SESSION_IDLE_MINUTES * 60:
            return _(
                "Sesi Anda berakhir karena tidak ada aktivitas selama %(minutes)d menit. "
                "Silakan masuk lagi."
            ) % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES}
        return None

    @staticmethod
    def _record(request) -> None:
        from humas_portal.accounts.services import user_session_register

        session = request.session
        now = timezone.now().timestamp()
        session.setdefault(SESSION_STARTED_KEY, now)
        session[SESSION_ACTIVITY_KEY] = now
        key = session.session_key
        registered = session.get(SESSION_REGISTERED_KEY, "")
        if key and key != registered:
            user_session_register(user=request.user, session_key=key, previous_key=registered)
            session[SESSION_REGISTERED_KEY] = key


class AdminNoStoreMiddleware:
    """Every response under the admin's path, the login and error pages included, is
    ``Cache-Control: no-store``: no browser or proxy keeps a copy of staff pages."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.DJANGO_ADMIN_URL

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.admin_prefix):
            add_never_cache_headers(response)
        return response
