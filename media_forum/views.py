from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from humas_portal.ratelimit import rate_limit
from media_forum.forms import JournalistRegistrationForm
from media_forum.services import journalist_register

# Per client address, like the subscription form (newsrooms share one address).
REGISTER_LIMIT = 10
REGISTER_WINDOW = 3600


@rate_limit(scope="journalist_register", limit=REGISTER_LIMIT, window=REGISTER_WINDOW)
@require_http_methods(["GET", "HEAD", "POST"])
def journalist_register_view(request: HttpRequest) -> HttpResponse:
    form = JournalistRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            # Its e-mails are written in the language the journalist reads the site in.
            journalist_register(**form.cleaned_data, language=get_language())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The subscription form's own answer: it reveals nothing about the address.
            return render(request, "notifications/subscribe_sent.html")
    return render(request, "media_forum/press/register.html", {"form": form})
