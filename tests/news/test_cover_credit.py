"""The cover credit: the page says "Foto:" once, whatever the editor typed (issue 12 item 8)."""

import pytest

from humas_portal.siteprofile.demo import seed_office
from news.models import Article
from tests.news.factories import published_article_create


def test_the_field_tells_the_editor_what_to_write():
    help_text = str(Article._meta.get_field("cover_credit").help_text)
    assert "Humas Bawaslu Jember" in help_text
    assert "Foto" in help_text


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Foto: Humas Bawaslu Jember", " foto :Humas Bawaslu Jember"])
def test_a_typed_prefix_is_not_shown_twice(client, typed):
    seed_office()
    article = published_article_create(
        title="Rapat Koordinasi Pengawasan",
        cover="news/covers/rapat.jpg",
        cover_alt="Peserta rapat koordinasi",
        cover_credit=typed,
    )
    assert article.cover_credit == "Humas Bawaslu Jember"
    html = client.get("/berita/%s/" % article.slug).content.decode()
    assert '<figcaption class="article__credit">Foto: Humas Bawaslu Jember</figcaption>' in html
