"""What the page cache (humas_portal/page_cache.py) needs to know about education: the public
pages that show an item, segment or theme, and when a scheduled item appears by itself."""

from datetime import datetime

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from education.models import EducationItem, ItemStatus
from education.selectors import item_path_prefix
from humas_portal.cache_invalidation import ALL_PAGES


def item_cached_pages(item: EducationItem) -> list[str]:
    """Home, /edukasi/ and the pages of its segments, its own page and those of its original and
    its other versions (which link to it), the feeds, the sitemap index and its section, and the
    search."""
    prefix = item_path_prefix()
    segment_slugs = item.segments.values_list("slug", flat=True) if item.pk else []
    pages = [
        reverse("home"),
        reverse("education:item_list"),
        prefix + item.slug + "/",
        *(reverse("education:segment", kwargs={"slug": slug}) for slug in segment_slugs),
        reverse("education:feed_rss"),
        reverse("education:feed_atom"),
        reverse("sitemap"),
        # Every page of the section (?p=N): it may sit on any, and archiving shifts the rest.
        reverse("sitemap_section", kwargs={"section": "education"}),
        reverse("search"),
    ]
    # The original and every version link to each other: all their pages show this one.
    original_id = item.version_of_id or item.pk
    if original_id is not None:
        family = EducationItem.objects.filter(Q(pk=original_id) | Q(version_of_id=original_id))
        pages.extend(prefix + slug + "/" for slug in family.values_list("slug", flat=True))
    # The election-stages timeline lists each stage's items (its stage may just have changed).
    pages.append(reverse("education:stages"))
    return pages


def taxonomy_cached_pages(_instance) -> list[str]:
    """A segment's or theme's name shows on every card, the filters and the home page: renaming
    one (rare) makes every page stale."""
    return [ALL_PAGES]


def item_publication_next() -> datetime | None:
    """When the next scheduled item becomes public by its time alone."""
    return EducationItem.objects.filter(
        status=ItemStatus.PUBLISHED, publish_at__gt=timezone.now()
    ).aggregate(next=Min("publish_at"))["next"]
