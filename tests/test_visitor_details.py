"""Small things a visitor notices (issue 12 item 8): the favicon, the WhatsApp contact."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

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
