"""Rich text shared by every app that publishes it (news today, education next): the editor
field, the body as a page shows it, reading time, JSON-LD and share links.

What the editor offers is exactly what the sanitiser keeps: django-prose-editor derives the nh3
allow-list from ``EDITOR_EXTENSIONS``, so scripts, event handlers and ``javascript:`` URLs are
dropped in the field's ``clean()``, on every write path that calls ``full_clean()``. A required
field that the sanitiser leaves without text (a lone ``<script>``, ``<img>`` or ``<p></p>``)
is refused there too, as a form error, rather than stored empty.
"""

import html as html_module
import json
import math
import re
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_prose_editor.fields import ProseEditorField

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HorizontalRule": True,
    "HardBreak": True,
}

WORDS_PER_MINUTE = 200

_TABLE_START = re.compile(r"<table\b", re.IGNORECASE)
# Data blocks are not executed under the CSP, but "</script>" in a title would still end the
# element early: escape the characters HTML cares about, as Django's json_script does.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class RichTextField(ProseEditorField):
    def clean(self, value, model_instance):
        # Django checks "required" on what was sent, before the sanitiser runs; without this,
        # a body of only "<script>" passes the form and fails the service's full_clean() (500).
        cleaned = super().clean(value, model_instance)
        if not self.blank and not html_module.unescape(strip_tags(cleaned)).strip():
            raise ValidationError(
                _(
                    "Tidak ada teks yang tersisa setelah isi dibersihkan: skrip, gambar dan tag "
                    "kosong tidak disimpan. Tulis isinya sebagai teks."
                ),
                code="empty_after_sanitising",
            )
        return cleaned


def rich_text_field(verbose_name, **kwargs) -> RichTextField:
    """A model field for rich text: the shared editor, sanitised on ``clean()``, and (unless
    ``blank=True``) refused when no text is left.

    It is stored and migrated as a plain ``TextField``, so changing the extensions never
    needs a migration.
    """
    return RichTextField(verbose_name, extensions=EDITOR_EXTENSIONS, sanitize=True, **kwargs)


def body_html(html: str) -> SafeString:
    """Sanitised rich text for a page, each table in a keyboard-scrollable region (wide tables
    scroll inside the column at 320 px, and a scrollable region must be reachable by keyboard).

    ``html`` must come from a ``rich_text_field`` (sanitised on every write path), and nh3
    writes table tags without attributes: inserting fixed markup around them keeps it safe.
    """
    region = '<div class="table-scroll" tabindex="0" role="region" aria-label="%s">' % escape(
        _("Tabel, dapat digeser ke samping")
    )
    html = _TABLE_START.sub(region + "<table", html).replace("</table>", "</table></div>")
    return mark_safe(html)  # noqa: S308


def reading_minutes(*texts: str) -> int:
    """Minutes to read these texts (HTML or plain), at least one."""
    words = len(strip_tags(" ".join(texts)).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def json_ld(data) -> SafeString:
    """``data`` as JSON for a ``<script type="application/ld+json">`` element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


def share_links(*, url: str, title: str) -> list[dict]:
    """Plain share links (no third-party script, so they work with JS off and under the CSP)."""
    text = "%s %s" % (title, url)
    return [
        {"name": "WhatsApp", "url": "https://wa.me/?" + urlencode({"text": text})},
        {
            "name": "Facebook",
            "url": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        },
        {"name": "X", "url": "https://x.com/intent/post?" + urlencode({"text": title, "url": url})},
        {
            "name": "Telegram",
            "url": "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
        },
    ]
