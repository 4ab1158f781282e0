"""Rendering and sending e-mail: the branded layout, plain text beside HTML, stable headers."""

from dataclasses import dataclass
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from humas_portal.siteprofile.selectors import office_profile_current

# Placeholders a bulk body carries until each recipient's own links are filled in at send time.
LINK_PLACEHOLDERS = {"unsubscribe": "[[unsubscribe_url]]", "preferences": "[[preferences_url]]"}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def email_render(*, template: str, context: dict) -> RenderedEmail:
    """Render <template>.subject.txt, .txt and .html in Indonesian with the office's profile."""
    full_context = {
        "office": office_profile_current(),
        "base_url": settings.PORTAL_BASE_URL,
        **context,
    }
    # Workers have no request: e-mail is always Indonesian, like the site's default.
    with translation.override(settings.LANGUAGE_CODE):
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


def email_build(*, message, connection=None) -> EmailMultiAlternatives:
    """The e-mail for one outbox row; a bulk row takes its body from the bulk send."""
    body_text, body_html = message.body_text, message.body_html
    if message.bulk_id is not None:
        body_text, body_html = message.bulk.body_text, message.bulk.body_html
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
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers=headers,
        connection=connection,
    )
    if body_html:
        email.attach_alternative(body_html, "text/html")
    return email
