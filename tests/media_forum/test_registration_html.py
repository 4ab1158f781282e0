"""The registration pages are valid HTML (the Nu checker), in every state they show."""

import pytest
from django.urls import reverse

from media_forum.models import EventAudience, EventStatus
from media_forum.registrations import registration_confirm_email, registration_create
from tests.html_checker import vnu_errors, vnu_missing
from tests.media_forum.factories import event_create
from tests.media_forum.registration_support import (
    confirm_token,
    form_post,
    link_token,
    registration_site,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office", "registration_site")]


def _registered(event, email):
    return registration_create(
        event=event,
        name="Rina <b>Wartawati</b>",
        email=email,
        phone="+6281234567890",
        language="id",
        outlet="Radar Jember",
        position="Wartawan",
    )


@pytest.mark.time_limit(300)
def test_every_registration_page_is_valid_html(client, tmp_path):
    journalists = event_create(audience=EventAudience.JOURNALISTS, capacity=1)
    adhoc = event_create(audience=EventAudience.ADHOC)
    cancelled = event_create(status=EventStatus.CANCELLED)
    register = reverse("forum_media:register", kwargs={"slug": journalists.slug})
    pending = _registered(journalists, "satu@example.id")
    holder = registration_confirm_email(raw_token=confirm_token(_registered(journalists, "a@x.id")))
    waiting = registration_confirm_email(
        raw_token=confirm_token(_registered(journalists, "b@x.id"))
    )
    holder_manage = link_token(holder, "event_ticket", "pendaftaran/")
    waiting_manage = link_token(waiting, "event_waitlisted", "pendaftaran/")

    def manage(token, name="registration_manage"):
        return reverse("forum_media:%s" % name, kwargs={"token": token})

    confirm = reverse("forum_media:registration_confirm", kwargs={"token": confirm_token(pending)})
    pages = {
        "form_journalists": client.get(register),
        "form_adhoc": client.get(reverse("forum_media:register", kwargs={"slug": adhoc.slug})),
        "form_errors": client.post(register, form_post(journalists, email="salah", name="")),
        "form_refused": client.get(
            reverse("forum_media:register", kwargs={"slug": cancelled.slug})
        ),
        "not_stored": client.post(register, form_post(journalists, situs_web="spam")),
        "sent": client.get(reverse("forum_media:register_sent", kwargs={"slug": adhoc.slug})),
        "confirm_button": client.get(confirm),
        "confirm_done": client.post(confirm),
        "link_invalid": client.get(manage("C" * 43)),
        "manage_confirmed": client.get(manage(holder_manage)),
        "manage_cancel_errors": client.post(manage(holder_manage, "registration_cancel"), {}),
        "manage_waitlisted": client.get(manage(waiting_manage)),
    }
    client.post(manage(waiting_manage, "registration_cancel"), {"sure": "on"})
    pages["manage_cancelled"] = client.get(manage(waiting_manage))
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, response in pages.items():
        assert response.status_code in (200, 404), name
        (folder / ("%s.html" % name)).write_bytes(response.content)

    reason = vnu_missing()
    if reason:
        pytest.skip(reason)
    errors = vnu_errors(folder)
    assert errors == [], "\n".join(errors)
