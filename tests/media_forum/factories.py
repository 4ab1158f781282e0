"""Factories of the press list tests (tests/media_forum, and news' distribution tests)."""

import itertools

from django.utils import timezone

from media_forum.models import JournalistProfile
from tests.news.factories import subscriber_create

_numbers = itertools.count(1)


def journalist_create(
    email: str, *, verified: bool, topics=("siaran-pers",), confirmed: bool = True
):
    """A journalist on the "siaran pers" list; ``verified`` puts them on the press list."""
    subscriber = subscriber_create(email, topics, confirmed=confirmed)
    profile = JournalistProfile(
        subscriber=subscriber,
        name="Wartawan %d" % next(_numbers),
        outlet="Harian Tapal Kuda",
        beat="Politik",
        phone="+6281234567890",
        verified=verified,
        verified_at=timezone.now() if verified else None,
    )
    profile.full_clean()
    profile.save()
    return profile
