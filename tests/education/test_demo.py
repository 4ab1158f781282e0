"""The demo's education content: every segment, theme and format, two regional-language
versions, files made on the spot; and running it twice changes nothing."""

import pytest
from django.db.models import Count

from education.demo import SEGMENTS, THEMES, seed_education
from education.models import EducationItem, ItemFormat, Segment, Theme
from humas_portal.elections.demo import seed_elections

pytestmark = pytest.mark.usefixtures("office")


def test_the_demo_covers_every_segment_theme_and_format_and_is_idempotent(db):
    seed_elections()
    seed_education()
    counts = (Segment.objects.count(), Theme.objects.count(), EducationItem.objects.count())
    seed_education()

    assert (Segment.objects.count(), Theme.objects.count(), EducationItem.objects.count()) == counts
    assert counts[:2] == (len(SEGMENTS), len(THEMES)) == (8, 7)
    public = EducationItem.objects.public()
    assert public.count() == counts[2]
    assert not Segment.objects.annotate(n=Count("items")).filter(n=0).exists()
    assert not Theme.objects.annotate(n=Count("items")).filter(n=0).exists()
    assert set(public.values_list("format", flat=True)) == set(ItemFormat.values)
    assert sorted(public.filter(version_of__isnull=False).values_list("language", flat=True)) == [
        "jv",
        "mad",
    ]
    assert not public.filter(distributed_at__isnull=True).exists()  # nobody is mailed


def test_the_demo_files_went_through_the_upload_hygiene(db):
    seed_education()

    document = EducationItem.objects.get(format=ItemFormat.DOCUMENT)
    assert (document.document_pages, document.document_size) == (2, document.document.size)
    assert document.document.name.startswith("education/documents/")
    for item in EducationItem.objects.filter(format__in=[ItemFormat.INFOGRAPHIC, ItemFormat.VIDEO]):
        assert item.image_small
        assert item.image_width
        assert item.image_alt
    video = EducationItem.objects.get(format=ItemFormat.VIDEO)
    assert video.youtube_id
    assert video.transcript
    assert not video.video
