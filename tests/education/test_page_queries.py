"""The public education pages cost the same number of queries with few and with many items,
segments and themes (issue 15: "the list page's query count is pinned and does not grow").

Measured as tests/test_query_budgets.py does: the second request, with the page cache off (it
would answer the second request itself), after the first filled the caches a running site
keeps (the office profile).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from education.models import (
    ContentLanguage,
    EducationItem,
    ItemFormat,
    ItemStatus,
    Segment,
    Theme,
)
from tests.factories import staff_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

# (items, segments, themes)
SIZES = {"few": (14, 2, 2), "many": (400, 25, 25)}


@pytest.fixture(params=list(SIZES), ids=lambda size: "%s-items" % size)
def catalogue(request) -> dict:
    """Items of every format, each in two segments and two themes, with a Javanese version of
    the newest; bulk-created (the fields are plain and already clean)."""
    items_count, segments_count, themes_count = SIZES[request.param]
    author = staff_create("penulis")
    segments = Segment.objects.bulk_create(
        Segment(name="Segmen %d" % n, slug="segmen-%d" % n, description="Untuk mereka.", order=n)
        for n in range(segments_count)
    )
    themes = Theme.objects.bulk_create(
        Theme(name="Tema %d" % n, slug="tema-%d" % n, order=n) for n in range(themes_count)
    )
    now = timezone.now()
    formats = list(ItemFormat)
    items = EducationItem.objects.bulk_create(
        EducationItem(
            title="Materi %d" % n,
            slug="materi-%d" % n,
            format=formats[n % len(formats)],
            lead="Ringkasan kartu.",
            easy_read="Kalimat pendek.",
            body="<p>Isi.</p>",
            image="education/images/gambar-%d.png" % n,
            image_alt="Gambar",
            image_description="Uraian.",
            youtube_id="dQw4w9WgXcQ" if formats[n % len(formats)] == ItemFormat.VIDEO else "",
            transcript="Transkrip.",
            document="education/documents/dokumen-%d.pdf" % n
            if formats[n % len(formats)] == ItemFormat.DOCUMENT
            else "",
            document_size=1000,
            document_pages=3,
            author=author,
            status=ItemStatus.PUBLISHED,
            publish_at=now - timedelta(hours=n + 1),
        )
        for n in range(items_count)
    )
    version = EducationItem.objects.bulk_create(
        [
            EducationItem(
                title="Materi Basa Jawa",
                slug="materi-basa-jawa",
                lead="Ringkesan.",
                easy_read="Ukara cendhak.",
                body="<p>Isi.</p>",
                language=ContentLanguage.JAVANESE,
                version_of=items[0],
                author=author,
                status=ItemStatus.PUBLISHED,
                publish_at=now,
            )
        ]
    )[0]
    segment_links = EducationItem.segments.through
    theme_links = EducationItem.themes.through
    segment_links.objects.bulk_create(
        segment_links(educationitem=item, segment=segments[(n + k) % segments_count])
        for n, item in enumerate([*items, version])
        for k in range(2)
    )
    theme_links.objects.bulk_create(
        theme_links(educationitem=item, theme=themes[(n + k) % themes_count])
        for n, item in enumerate([*items, version])
        for k in range(2)
    )
    return {"item": items[0], "segment": segments[0], "theme": themes[0]}


def pages(catalogue: dict) -> dict[str, str]:
    item_list = reverse("education:item_list")
    segment = reverse("education:segment", kwargs={"slug": catalogue["segment"].slug})
    return {
        "list": item_list,
        "list-filtered": item_list
        + "?segmen=%s&tema=%s&format=artikel"
        % (catalogue["segment"].slug, catalogue["theme"].slug),
        "list-page-2": item_list + "?halaman=2",
        "segment": segment,
        "segment-filtered": segment + "?tema=%s" % catalogue["theme"].slug,
        "item": reverse("education:item_detail", kwargs={"slug": catalogue["item"].slug}),
    }


BUDGETS = {
    # Segments, themes (the filters and "Untuk siapa?"), the count, the page, and the page's
    # segments and themes (prefetched for the cards).
    "list": 6,
    "list-filtered": 6,
    "list-page-2": 6,
    "segment": 6,
    "segment-filtered": 6,
    # The item with its segments and themes, its versions, and the two related queries.
    "item": 6,
}


def queries_of(client, url: str) -> list[str]:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("page_name", list(BUDGETS))
def test_education_pages_cost_the_same_with_few_and_many(client, catalogue, page_name):
    queries = queries_of(client, pages(catalogue)[page_name])
    assert len(queries) == BUDGETS[page_name], queries
