"""Rendering and sending e-mail: the branded layout, plain text beside HTML, stable headers."""

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from humas_portal.crypto import decrypt
from humas_portal.notifications.registry import kind_get
from humas_portal.siteprofile.selectors import office_profile_current

# Placeholders a bulk body carries until each recipient's own links are filled in at send time.
LINK_PLACEHOLDERS = {"unsubscribe": "[[unsubscribe_url]]", "preferences": "[[preferences_url]]"}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def email_render(*, template: str, context: dict, language: str) -> RenderedEmail:
    """Render <template>.subject.txt, .txt and .html in ``language`` with the office's profile.

    The language is the reader's, stored when they acted (never the language active where
    this runs: a worker has none, and an officer's admin may be in English).
    """
    full_context = {
        "office": office_profile_current(),
        "base_url": settings.PORTAL_BASE_URL,
        **context,
    }
    with translation.override(language):
        subject = render_to_string(template + ".subject.txt", full_context)
        body_text = render_to_string(template + ".txt", full_context)
        body_html = render_to_string(template + ".html", full_context)
    return RenderedEmail(
        subject=" ".join(subject.split())[:200],
        body_text=body_text.strip() + "\n",
        body_html=body_html,
    )


def message_id_new() -> str:
    return make_msgid(domain=urlsplit(settings.PORTAL_BASE_URL).hostname)


def email_sender() -> str:
    """The From header: the office's name, at DEFAULT_FROM_EMAIL's address.

    Read at send time, so that a renamed office is the sender of what is still queued; the
    setting's own display name (the software's, "Portal Humas") never reaches a reader.
    """
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return str(Address(display_name=office_profile_current().name, addr_spec=address))


def message_bodies(*, message) -> tuple[str, str]:
    """The row's own text and HTML bodies, decrypted when they were stored encrypted.

    Raises ``humas_portal.crypto.DecryptionError`` when none of the portal's keys opens them.
    A wiped body (sent or dead) is empty, encrypted or not.
    """
    if not message.encrypted:
        return message.body_text, message.body_html
    text, html = message.body_text, message.body_html
    return (decrypt(token=text) if text else "", decrypt(token=html) if html else "")


def email_build(*, message, connection=None) -> EmailMultiAlternatives:
    """The e-mail for one outbox row; a bulk row takes its send's body in the row's language.

    Decrypts a sensitive row's body here, at send time, and nowhere else on the way out.
    """
    body_text, body_html = message_bodies(message=message)
    if message.bulk_id is not None:
        # bodies.all(): the claim prefetched them, one query for a whole batch.
        body = next(b for b in message.bulk.bodies.all() if b.language == message.language)
        body_text, body_html = body.body_text, body.body_html
        for name, placeholder in LINK_PLACEHOLDERS.items():
            url = message.links.get(name, "")
            body_text = body_text.replace(placeholder, url)
            body_html = body_html.replace(placeholder, url)
    headers = {"Message-ID": message.message_id, "Auto-Submitted": "auto-generated"}
    unsubscribe = message.links.get("unsubscribe")
    if unsubscribe:
        # RFC 8058: mail clients offer a one-click button that POSTs to this URL.
        headers["List-Unsubscribe"] = "<%s>" % unsubscribe
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=body_text,
        from_email=email_sender(),
        to=[message.recipient],
        headers=headers,
        connection=connection,
    )
    if body_html:
        email.attach_alternative(body_html, "text/html")
    build_attachments = kind_get(message.kind).attachments
    if build_attachments is not None and message.about_id is not None:
        for attachment in build_attachments(object_id=message.about_id, language=message.language):
            email.attach(attachment.filename, attachment.content, attachment.mimetype)
    return email
