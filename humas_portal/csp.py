"""Allowing exactly the inline code the rich-text editor needs on admin pages, and nothing else.

django-prose-editor needs two inline things that the strict policy (``script-src 'self'``,
``style-src 'self'``) would block:

- one ``<script type="importmap">`` (django-js-asset) that maps its module names to files;
- the base CSS of tiptap, the editor inside it, which its script adds as a ``<style>`` element
  (white-space handling, the gap cursor; the package's own editor.css does not repeat it).

Rather than a nonce on every page or ``'unsafe-inline'``, the admin pages that render an editor
add the SHA-256 of exactly those texts: the import map's is computed from the response itself
once it is rendered, tiptap's from the package's static editor.js, so neither can drift from what
is served when the package changes. Any other inline script or style stays blocked, and public
pages never carry the hashes (they render no editor).
"""

import base64
import functools
import hashlib
import re

from django.contrib.staticfiles import finders
from django.template.response import TemplateResponse

IMPORTMAP = re.compile(
    r"<script\b[^>]*\btype=[\"']?importmap[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)


# The marker django-prose-editor's widget puts on its textarea.
EDITOR_MARKER = "data-django-prose-editor"
# tiptap's base CSS is a template literal in the bundled editor.js; it holds no backslash or
# "${", so the text in the file is exactly the text the browser hashes.
TIPTAP_STYLE = re.compile(r"`(\.ProseMirror \{\n  position: relative;[^`\\$]*)`")


def source_hash(text: str) -> str:
    """The CSP source expression allowing exactly ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-%s'" % base64.b64encode(digest).decode("ascii")


def importmap_hashes(html: str) -> list[str]:
    """The hashes of the import maps in ``html``."""
    return sorted({source_hash(text) for text in IMPORTMAP.findall(html)})


@functools.cache
def tiptap_style_hashes() -> tuple[str, ...]:
    """The hash of the base CSS that tiptap injects, read from the package's editor.js (none if
    the bundle changed shape: the browser test then shows the CSP refusing it)."""
    path = finders.find("django_prose_editor/editor.js")
    if path is None:
        return ()
    with open(path, encoding="utf-8") as bundle:
        return tuple(source_hash(css) for css in TIPTAP_STYLE.findall(bundle.read()))


def _csp_add(response, directive: str, sources) -> None:
    # django-csp reads _csp_update when it writes the header, after the template is rendered.
    update = dict(getattr(response, "_csp_update", None) or {})
    update[directive] = [*update.get(directive, []), *sources]
    response._csp_update = update


def csp_allow_editor(response: TemplateResponse) -> TemplateResponse:
    """Allow the rich-text editor's import map and base CSS on ``response``, if it has one."""

    def allow(rendered) -> None:
        html = rendered.content.decode(rendered.charset)
        if EDITOR_MARKER not in html:
            return
        _csp_add(rendered, "script-src", importmap_hashes(html))
        _csp_add(rendered, "style-src", tiptap_style_hashes())

    response.add_post_render_callback(allow)
    return response


class EditorCSPAdminMixin:
    """For a ModelAdmin whose add/change form has a django-prose-editor field."""

    def render_change_form(self, request, context, *args, **kwargs):
        return csp_allow_editor(super().render_change_form(request, context, *args, **kwargs))
