from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from humas_portal.navigation import nav_entries
from humas_portal.siteprofile.selectors import office_profile_current


def whatsapp_display(number: str) -> str:
    """The office's WhatsApp number (stored ``62…``) as people write it: ``0811-0000-0000``."""
    national = "0" + number.removeprefix("62")
    return "-".join([national[:4], national[4:8], national[8:]])


def whatsapp_links(office) -> dict | None:
    """The number to read, a chat link, and a link that opens a complaint with a first line
    already written (an empty chat leaves people unsure what to type)."""
    if not office.whatsapp:
        return None
    chat_url = "https://wa.me/%s" % office.whatsapp
    starter = _(
        "Halo %(office)s, saya ingin menyampaikan pengaduan dugaan pelanggaran pemilu. Kejadiannya:"
    ) % {"office": office.name}
    return {
        "number": whatsapp_display(office.whatsapp),
        "chat_url": chat_url,
        "report_url": "%s?text=%s" % (chat_url, quote(starter)),
    }


def content_lang() -> str:
    """` lang="id"` for an element holding what staff wrote (articles, categories, alt texts),
    when the interface around it is in another language; nothing when they agree. Content is
    written once, in Indonesian, and both languages share one URL (so no hreflang)."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


def portal(request) -> dict:
    path = request.path
    navigation = []
    for entry in nav_entries():
        url = reverse(entry.url_name)
        current = path == url or (url != "/" and path.startswith(url))
        navigation.append({"label": entry.label, "url": url, "current": current})
    office = office_profile_current()
    return {
        "office": office,
        "whatsapp": whatsapp_links(office),
        "content_lang": content_lang(),
        "navigation": navigation,
        "portal_base_url": settings.PORTAL_BASE_URL,
    }
