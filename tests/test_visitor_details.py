"""Small things a visitor notices (issue 12 item 8): the favicon, the WhatsApp contact."""

import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from humas_portal.context_processors import whatsapp_display
from humas_portal.siteprofile.demo import seed_office


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_icon_every_page_links(client):
    seed_office()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"] == "/static/img/favicon.svg"
    home = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in home
    assert finders.find("img/favicon.svg")


@pytest.mark.django_db
def test_whatsapp_number_is_readable_and_the_report_link_has_a_first_line(client):
    seed_office()  # WhatsApp 6281100000000
    html = client.get(reverse("home")).content.decode()
    assert "WhatsApp 0811-0000-0000</a>" in html
    assert "+6281100000000" not in html
    hrefs = re.findall(r'<a class="button" href="([^"]+)"[^>]*>Lapor lewat WhatsApp</a>', html)
    assert len(hrefs) == 1
    url = urlsplit(hrefs[0].replace("&amp;", "&"))
    assert (url.netloc, url.path) == ("wa.me", "/6281100000000")
    assert parse_qs(url.query)["text"] == [
        "Halo Bawaslu Kabupaten Jember, saya ingin menyampaikan pengaduan dugaan pelanggaran "
        "pemilu. Kejadiannya:"
    ]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("6281100000000", "0811-0000-0000"), ("6281234567890", "0812-3456-7890")],
)
def test_whatsapp_display(stored, shown):
    assert whatsapp_display(stored) == shown


def test_the_optional_follow_up_is_not_marked_required():
    """Adding information after filing is optional: its one box says so by not saying "(wajib)",
    while the filing form still marks what it needs."""
    from complaints.forms import EvidenceForm, InfoForm

    html = render_to_string(
        "complaints/includes/additions.html",
        {
            "complaint": SimpleNamespace(accepts_additions=True),
            "evidence_form": EvidenceForm(initial={"back": "filed"}),
            "info_form": InfoForm(initial={"back": "filed"}, auto_id="info_%s"),
            "evidence_limits": {},
        },
    )
    label = re.search(r'<label class="form__label" for="info_text">(.*?)</label>', html, re.S)
    assert label.group(1).strip() == "Informasi tambahan"
    field = render_to_string(
        "includes/forms/field.html", {"field": InfoForm(auto_id="info_%s")["text"]}
    )
    assert "(wajib)" in field
