"""Education in the site search: its provider (full text on PostgreSQL through the GIN index,
substring on SQLite), its words for typo suggestions, and its section."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education.models import EducationItem
from education.selectors import item_search_public, item_search_words
from humas_portal.search import search_run
from tests.education.factories import item_create, published_item_create
from tests.factories import staff_create

pytestmark = pytest.mark.usefixtures("office")


def test_the_provider_finds_public_items_only_by_their_text(db):
    published_item_create(title="Tolak Politik Uang", transcript="")
    published_item_create(
        title="Lima Langkah Mencoblos", easy_read="Celupkan jari ke tinta.\nPulang."
    )
    item_create(title="Politik Uang di Desa (draf)")

    assert [hit.title for hit in item_search_public("politik uang", 100)] == ["Tolak Politik Uang"]
    (hit,) = item_search_public("tinta", 100)
    assert hit.title == "Lima Langkah Mencoblos"
    assert hit.url == "/edukasi/%s/" % EducationItem.objects.get(title=hit.title).slug
    assert hit.section == "Edukasi · Artikel"


def test_the_site_search_offers_the_education_section(db):
    hits = search_run("edukasi pemilih")
    assert hits[0].url == reverse("education:item_list")
    assert not hits[0].is_content


def test_the_search_words_come_from_public_items(db, require_postgresql):
    published_item_create(title="Netralitas Kepala Desa")
    item_create(title="Rahasia Draf")

    documents = [str(document) for document in item_search_words()]

    assert len(documents) == 1
    assert "'netralitas'" in documents[0]


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE education_educationitem")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_search_query_uses_the_gin_index(db, require_postgresql):
    author = staff_create("penulis-banyak")
    EducationItem.objects.bulk_create(
        EducationItem(
            title="Materi %d" % number,
            slug="materi-%d" % number,
            lead="Ringkas.",
            easy_read="Mudah.",
            body="<p>Isi.</p>",
            author=author,
            status="published",
            publish_at="2026-01-01T00:00:00Z",
        )
        for number in range(2000)
    )
    published_item_create(title="Netralitas Aparatur Sipil Negara")

    with CaptureQueriesContext(connection) as captured:
        hits = item_search_public("netralitas", 100)

    assert [hit.title for hit in hits] == ["Netralitas Aparatur Sipil Negara"]
    (query,) = captured.captured_queries
    assert "Bitmap Index Scan on education_item_search_document" in plan_of(query["sql"])


def test_a_hit_in_a_regional_language_says_its_language(db):
    original = published_item_create(title="Cara Melapor Pelanggaran")
    published_item_create(title="Carane Lapor Pelanggaran", version_of=original, language="jv")

    languages = {hit.title: hit.language for hit in item_search_public("pelanggaran", 100)}

    assert languages == {"Cara Melapor Pelanggaran": "", "Carane Lapor Pelanggaran": "jv"}
