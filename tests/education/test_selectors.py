"""The reads G2's pages and G4's timeline are built on: filters give exactly the right items,
and every read costs the same queries whatever the number of items, segments or themes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from education.models import ItemFormat
from education.selectors import (
    item_detail_public,
    item_list_public,
    item_versions_public,
    items_for_stage,
    items_related,
)
from humas_portal.elections.models import Election, ElectionStage
from tests.education.factories import (
    item_create,
    published_item_create,
    segment_create,
    theme_create,
)

pytestmark = pytest.mark.usefixtures("office")


def queries(function) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return len(captured), result


@pytest.fixture
def catalogue(db):
    """Two segments, two themes, items of several formats on each combination."""
    youth, elderly = segment_create("Pemilih Pemula"), segment_create("Lansia")
    rights, hoaxes = theme_create("Hak Pilih"), theme_create("Hoaks")
    made = {
        "youth-rights-article": published_item_create(segments=[youth], themes=[rights]),
        "youth-hoaxes-video": published_item_create(
            segments=[youth],
            themes=[hoaxes],
            format=ItemFormat.VIDEO,
            youtube_id="contohVideo",
            transcript="Narator.",
            body="",
        ),
        "both-rights-article": published_item_create(segments=[youth, elderly], themes=[rights]),
        "elderly-both-article": published_item_create(segments=[elderly], themes=[rights, hoaxes]),
        "youth-draft": item_create(segments=[youth], themes=[rights]),
    }
    made["version"] = published_item_create(
        segments=[youth], themes=[rights], version_of=made["youth-rights-article"], language="jv"
    )
    return {"youth": youth, "elderly": elderly, "rights": rights, "hoaxes": hoaxes, **made}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"youth-rights-article", "youth-hoaxes-video", "both-rights-article",
              "elderly-both-article"}),
        ({"segment": "youth"}, {"youth-rights-article", "youth-hoaxes-video",
                                "both-rights-article"}),
        ({"segment": "elderly"}, {"both-rights-article", "elderly-both-article"}),
        ({"theme": "hoaxes"}, {"youth-hoaxes-video", "elderly-both-article"}),
        ({"segment": "youth", "theme": "rights"}, {"youth-rights-article",
                                                   "both-rights-article"}),
        ({"segment": "elderly", "theme": "hoaxes"}, {"elderly-both-article"}),
        ({"format": ItemFormat.VIDEO}, {"youth-hoaxes-video"}),
        ({"segment": "elderly", "format": ItemFormat.VIDEO}, set()),
        ({"format": "podcast"}, set()),
    ],
)  # fmt: skip
def test_filter_combinations_return_exactly_the_right_items(catalogue, filters, expected):
    arguments = {
        name: catalogue[value] if name in ("segment", "theme") else value
        for name, value in filters.items()
    }
    names = {item.pk: name for name, item in catalogue.items() if hasattr(item, "slug")}

    found = [names[item.pk] for item in item_list_public(**arguments)]

    assert len(found) == len(set(found))  # no item twice through two segments
    assert set(found) == expected


def test_the_list_costs_three_queries_whatever_the_numbers(catalogue):
    count, first = queries(
        lambda: [(i.segments.all()[0], i.themes.all()) for i in item_list_public()]
    )
    assert count == 3
    for _ in range(5):
        segments = [segment_create() for _ in range(3)]
        published_item_create(segments=segments, themes=[theme_create(), theme_create()])
    count_more, more = queries(
        lambda: [(i.segments.all()[0], i.themes.all()) for i in item_list_public()]
    )
    assert count_more == count
    assert len(more) == len(first) + 5


def test_related_items_share_a_segment_or_theme_then_fill_with_the_newest(catalogue):
    item = item_detail_public(catalogue["youth-hoaxes-video"].slug)

    count, related = queries(lambda: items_related(item, limit=3))

    assert count == 2
    assert [r.pk for r in related] == [
        catalogue["elderly-both-article"].pk,
        catalogue["both-rights-article"].pk,
        catalogue["youth-rights-article"].pk,
    ]
    assert all(r.url == "/edukasi/%s/" % r.slug for r in related)


def test_versions_link_the_original_and_its_translations(catalogue):
    original, version = catalogue["youth-rights-article"], catalogue["version"]

    assert [v.pk for v in item_versions_public(original)] == [version.pk]
    assert [v.pk for v in item_versions_public(version)] == [original.pk]
    assert item_list_public().filter(pk=version.pk).count() == 0


def test_items_for_stages_are_one_query_whatever_the_number_of_stages(catalogue):
    election = Election.objects.create(name="Pilkada (contoh)", kind="pilkada")
    stages = [
        ElectionStage.objects.create(
            election=election, name="Tahap %d" % n, order=n, start_date="2029-01-01",
            end_date="2029-02-01",
        )
        for n in range(3)
    ]  # fmt: skip
    published_item_create(title="Kampanye Damai", stage=stages[0])
    published_item_create(title="Masa Tenang", stage=stages[2])
    item_create(title="Draf Tahapan", stage=stages[2])

    count, found = queries(lambda: list(items_for_stage(s.pk for s in stages)))

    assert count == 3  # the items, their segments, their themes
    assert [(i.stage_id, i.title) for i in found] == [
        (stages[0].pk, "Kampanye Damai"),
        (stages[2].pk, "Masa Tenang"),
    ]
