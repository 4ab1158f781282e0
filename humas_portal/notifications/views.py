"""Public subscription pages: subscribe, confirm, preferences and unsubscribe (no account)."""

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from humas_portal.notifications.forms import PreferencesForm, SubscribeForm
from humas_portal.notifications.models import TokenPurpose
from humas_portal.notifications.subscriptions import (
    TokenInvalid,
    subscriber_topic_slugs,
    subscription_confirm,
    subscription_preferences_update,
    subscription_request,
    subscription_token_resolve,
    subscription_unsubscribe,
    topic_labels,
)
from humas_portal.ratelimit import rate_limit

# Per client address. Generous because many mobile users share one carrier address; the
# per-address limit (one e-mail a day) is what protects a stranger's inbox.
SUBSCRIBE_LIMIT = 10
SUBSCRIBE_WINDOW = 3600


def token_page(view):
    """A page reached by a secret link: never cached, never indexed.

    A wrong, expired, used-up or wrong-purpose token gets one page and one status (404), so
    nobody can tell which of these it was.

    Referrer-Policy stays the site's "same-origin": no other site ever sees the URL (and our
    own server has it in the request line anyway). "no-referrer" would break these pages'
    forms: under it browsers send "Origin: null" with a same-origin POST, which Django's CSRF
    check refuses, so nobody could confirm or save preferences.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, token: str) -> HttpResponse:
        try:
            response = view(request, token)
        except TokenInvalid:
            response = render(request, "notifications/token_invalid.html", status=404)
        response.headers["X-Robots-Tag"] = "noindex"
        add_never_cache_headers(response)
        return response

    return wrapped


@rate_limit(scope="subscribe", limit=SUBSCRIBE_LIMIT, window=SUBSCRIBE_WINDOW)
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    # Not `request.POST or None`: an empty POST must show "required", not a blank form.
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            # E-mails to this address are written in the language the visitor reads.
            subscription_request(**form.cleaned_data, language=get_language())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The same page whatever the address's state: it reveals nothing about it.
            return render(request, "notifications/subscribe_sent.html")
    return render(request, "notifications/subscribe.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@token_page
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners open links, and opening must not confirm.
    if request.method == "POST":
        subscription_confirm(raw_token=token)
        return render(request, "notifications/confirm_done.html")
    found = subscription_token_resolve(raw_token=token, purpose=TokenPurpose.CONFIRM)
    return render(
        request,
        "notifications/confirm.html",
        {
            "topics": topic_labels(subscriber_topic_slugs(found.subscriber)),
            "already_confirmed": found.subscriber.confirmed_at is not None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@token_page
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            if not subscription_preferences_update(
                raw_token=token, **form.cleaned_data, language=get_language()
            ):
                return render(request, "notifications/unsubscribe_done.html")
            return render(request, "notifications/preferences.html", {"form": form, "saved": True})
        # An invalid form still needs a valid token before it is shown again.
        subscription_token_resolve(raw_token=token, purpose=TokenPurpose.PREFERENCES)
        return render(request, "notifications/preferences.html", {"form": form})
    found = subscription_token_resolve(raw_token=token, purpose=TokenPurpose.PREFERENCES)
    form = PreferencesForm(initial={"topics": subscriber_topic_slugs(found.subscriber)})
    return render(request, "notifications/preferences.html", {"form": form})


# No CSRF token: RFC 8058 one-click unsubscribe POSTs come from mail providers, without our
# cookies. The secret token in the URL is the authorisation; a forged request cannot know it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@token_page
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    # GET shows a button: link scanners open links, and opening must not unsubscribe.
    if request.method == "POST":
        subscription_unsubscribe(raw_token=token)
        return render(request, "notifications/unsubscribe_done.html")
    subscription_token_resolve(raw_token=token, purpose=TokenPurpose.UNSUBSCRIBE)
    return render(request, "notifications/unsubscribe.html")
