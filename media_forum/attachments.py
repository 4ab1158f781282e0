"""The ticket e-mail's attachments, built when each message is sent (never stored in the
outbox): the event's calendar file with the online link, and the QR code of the check-in page
as a PNG (mail clients block SVG and ``data:`` images)."""

from django.conf import settings

from humas_portal.notifications.registry import Attachment
from humas_portal.qr import qr_png
from media_forum.calendar import calendar_ics
from media_forum.models import Registration, RegistrationStatus
from media_forum.tickets import ticket_code, ticket_path


def ticket_png(registration: Registration) -> bytes:
    """The QR code a door scan opens: the check-in page of this registration's ticket."""
    return qr_png(settings.PORTAL_BASE_URL + ticket_path(registration))


def registration_ics(registration: Registration, *, language: str) -> bytes:
    """The event as the registrant's calendar holds it; the online link only with a seat."""
    event = registration.event
    return calendar_ics(
        [event],
        name=event.title,
        language=language,
        with_online_url=registration.status == RegistrationStatus.CONFIRMED,
    )


def ics_filename(registration: Registration) -> str:
    return "forum-media-%s.ics" % registration.event.slug


def png_filename(registration: Registration) -> str:
    return "tiket-%s.png" % ticket_code(registration.public_id)


def ticket_attachments(*, object_id: int, language: str) -> list[Attachment]:
    """For a registration holding its seat at send time; nothing once it was cancelled (or
    deleted) while its ticket waited in the outbox."""
    registration = (
        Registration.objects.filter(pk=object_id, status=RegistrationStatus.CONFIRMED)
        .select_related("event")
        .first()
    )
    if registration is None:
        return []
    return [
        Attachment(
            filename=ics_filename(registration),
            content=registration_ics(registration, language=language),
            mimetype="text/calendar",
        ),
        Attachment(
            filename=png_filename(registration),
            content=ticket_png(registration),
            mimetype="image/png",
        ),
    ]
