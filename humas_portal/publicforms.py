"""Protections for public forms that take a citizen's or a journalist's data (the complaint
desk, the PPID request desk and Forum Media's registration).

- ``PublicForm``: text boxes and lists get the site's input style.
- ``private_page``: the page is never stored by a browser or proxy, never indexed, and sends
  no referrer.
- ``ProtectedForm``: a honeypot field that bots fill and people never see, and a signed "shown
  at" stamp bound to a one-time form token, so a form sent back sooner than a person could
  fill it in is refused (with what was typed kept), and so is one older than
  PUBLIC_FORM_MAX_AGE_HOURS (a copy of the form's hidden fields is no lasting credential).
  No third-party CAPTCHA: every byte is ours.
"""

import time
import uuid
from contextlib import suppress
from functools import wraps

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import DisallowedHost, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# The hidden field bots fill; a template places it off screen (see .complaint-form__trap).
HONEYPOT_FIELD = "situs_web"


# --- Headers and CSRF ------------------------------------------------------------------------


def _csrf_protect_own_null_origin(view):
    """Django's CSRF check, for forms on pages sent with ``Referrer-Policy: no-referrer``.

    Under that policy Chromium sends ``Origin: null`` with the page's own form POSTs, which
    Django refuses as a foreign origin. ``Sec-Fetch-Site`` (set by the browser, never by a
    page) still says "same-origin" for those, and "cross-site" for the other senders of
    "null" (sandboxed frames, data: URLs). Only that combination is taken as our own origin;
    the CSRF token is checked as everywhere else.
    """
    protected = csrf_protect(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            # A host Django refuses stays "null", and the CSRF check refuses it as before.
            with suppress(DisallowedHost):
                meta["HTTP_ORIGIN"] = "%s://%s" % (request.scheme, request.get_host())
        return protected(request, *args, **kwargs)

    return wrapped


def private_page(view):
    """A page that shows or takes someone's personal data: never stored by a browser or proxy,
    never indexed, no referrer sent from it; CSRF as in ``_csrf_protect_own_null_origin``.

    Every response counts, the 403, 429 and CSRF-failure pages included.
    """
    checked = _csrf_protect_own_null_origin(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = checked(request, *args, **kwargs)
        add_never_cache_headers(response)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Robots-Tag"] = "noindex"
        return response

    # The middleware's check would refuse "Origin: null" before the view runs; the same
    # check runs inside instead.
    return csrf_exempt(wrapped)


# --- Honeypot and form stamp -----------------------------------------------------------------


def honeypot_filled(request: HttpRequest) -> bool:
    """Whether the POST filled the hidden field: a bot. Checked before the form, so a bot's
    submission is answered without validating (or storing) anything."""
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


class PublicForm(forms.Form):
    """Text boxes and lists get the site's input style (large, for a thumb on a phone).

    Check boxes, radio buttons and file pickers keep the browser's own look: the style is
    for boxes one types into or picks from.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if not widget.is_hidden and not isinstance(
                widget, (forms.CheckboxInput, forms.RadioSelect, forms.FileInput)
            ):
                widget.attrs.setdefault("class", "form__input")


class ProtectedForm(forms.Form):
    """A public form with a honeypot and a signed, token-bound "shown at" stamp.

    A subclass sets ``stamp_salt`` (its own, so a stamp of one form is worth nothing on
    another) and ``min_seconds_setting``, the name of the setting that holds the minimum fill
    time (read on every check, so it can be tuned per form and per deployment). Build the
    empty form with ``fresh()``. ``form_token`` is one-time: a service may use it as the
    submission's idempotency key.
    """

    stamp_salt: str
    min_seconds_setting: str

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    started = forms.CharField(widget=forms.HiddenInput)
    # Bots fill every field; a person never sees this one.
    situs_web = forms.CharField(
        label=_("Jangan diisi"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @classmethod
    def fresh(cls, **kwargs) -> "ProtectedForm":
        """An empty form with a new one-time token and its signed start time."""
        token = uuid.uuid4()
        initial = {**kwargs.pop("initial", {}), "form_token": token, "started": cls._stamp(token)}
        return cls(initial=initial, **kwargs)

    @classmethod
    def _stamp(cls, token: uuid.UUID) -> str:
        return signing.dumps({"token": str(token), "at": time.time()}, salt=cls.stamp_salt)

    def _stamp_reissue(self) -> None:
        token = uuid.uuid4()
        self.data = self.data.copy()
        self.data["form_token"] = str(token)
        self.data["started"] = self._stamp(token)

    def _stamp_error(self, cleaned: dict) -> ValidationError | None:
        try:
            stamp = signing.loads(self.data.get("started", ""), salt=self.stamp_salt)
            token, shown_at = stamp["token"], float(stamp["at"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            token, shown_at = None, 0.0
        if token is None or str(cleaned.get("form_token")) != token:
            # Tampered with, or not from our form: this one comes back with a fresh token and
            # time, so the next try can pass.
            self._stamp_reissue()
            return ValidationError(
                _("Formulir ini tidak sah atau sudah rusak. Periksa isian Anda lalu kirim lagi."),
                code="stamp_invalid",
            )
        age = time.time() - shown_at
        if age > settings.PUBLIC_FORM_MAX_AGE_HOURS * 3600:
            # Too old to be trusted; what was typed is kept and a fresh token lets it go out.
            self._stamp_reissue()
            return ValidationError(
                _(
                    "Formulir ini sudah terlalu lama terbuka. Isian Anda masih ada: periksa "
                    "sekali lagi, lalu tekan Kirim."
                ),
                code="stamp_expired",
            )
        if age < getattr(settings, self.min_seconds_setting):
            # The same stamp is sent again: the time already spent counts on the next try.
            return ValidationError(
                _(
                    "Formulir terkirim terlalu cepat, seperti kiriman otomatis. Isian Anda masih "
                    "ada: periksa sekali lagi, lalu tekan Kirim."
                ),
                code="too_fast",
            )
        return None

    def clean(self) -> dict:
        cleaned = super().clean()
        # Added, not raised: the subclass's own checks still run, so every mistake in the
        # form is shown at once.
        error = self._stamp_error(cleaned)
        if error is not None:
            self.add_error(None, error)
        return cleaned
