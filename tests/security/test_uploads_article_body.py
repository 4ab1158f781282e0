"""Issue 13, item 12: an article body that the sanitiser empties is a form error in Indonesian
on the admin add form, never an HTTP 500."""

import pytest
from django.urls import reverse

from humas_portal.roles import EDITOR
from news.models import Article
from tests.factories import staff_create
from tests.news.test_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return staff_create("penulis", role=EDITOR)


EMPTIED_BY_THE_SANITISER = [
    "<script>alert(1)</script>",
    "<p></p>",
    '<img src="x">',
    "<img src=x onerror=alert(1)>",
    "<p><script>alert(1)</script></p>",
    "<style>p{}</style><iframe src=https://contoh.id></iframe>",
    "<p> </p><p>&nbsp;</p>",
    "<p><br></p>",
    "<h2></h2>",
]


@pytest.mark.parametrize("body", EMPTIED_BY_THE_SANITISER)
def test_a_body_the_sanitiser_empties_is_a_form_error_in_indonesian(client, writer, body):
    client.force_login(writer)

    response = client.post(reverse("admin:news_article_add"), form_data(body=body))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["body"] == [
        "Tidak ada teks yang tersisa setelah isi dibersihkan: skrip, gambar dan tag kosong "
        "tidak disimpan. Tulis isinya sebagai teks."
    ]
    assert not Article.objects.exists()


def test_a_body_with_text_beside_what_the_sanitiser_drops_is_saved(client, writer):
    client.force_login(writer)

    response = client.post(
        reverse("admin:news_article_add"),
        form_data(body="<script>alert(1)</script><p>Patroli pengawasan</p>"),
    )

    assert response.status_code == 302
    assert Article.objects.get().body == "<p>Patroli pengawasan</p>"
