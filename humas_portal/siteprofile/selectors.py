from asgiref.local import Local
from django.core.cache import cache
from django.db.models import Count, Q

from humas_portal.siteprofile.models import PROFILE_CACHE_KEY, OfficeProfile, Region

# The profile as this request read it. The context processor, the selectors, the feeds and the
# e-mails all ask for it; without this each ask is a cache round trip (a query when the cache
# is down). Only between request_started and request_finished (apps.py): a worker or a command
# has no such boundary, so it reads the cache each time, as a saved profile must show at once.
_request = Local()


def office_profile_request_begin(**kwargs) -> None:
    _request.active = True
    _request.profile = None


def office_profile_request_end(**kwargs) -> None:
    _request.active = False
    _request.profile = None


def office_profile_forget() -> None:
    """After a save is committed: the next read, in this request too, gets the new profile."""
    cache.delete(PROFILE_CACHE_KEY)
    _request.profile = None


def office_profile_current() -> OfficeProfile:
    """The office profile for every page and e-mail; cached until it is saved again, and read
    at most once per request."""
    profile = getattr(_request, "profile", None)
    if profile is not None:
        return profile
    profile = cache.get(PROFILE_CACHE_KEY)
    if profile is None:
        profile = OfficeProfile.objects.select_related("region").filter(pk=1).first()
        if profile is None:
            # Before the profile is filled in, pages still render with a neutral name.
            profile = OfficeProfile()
        else:
            cache.set(PROFILE_CACHE_KEY, profile, timeout=3600)
    if getattr(_request, "active", False):
        _request.profile = profile
    return profile


def office_region_summary() -> dict[str, int]:
    """How many kecamatan and desa/kelurahan the office supervises (one query)."""
    profile = office_profile_current()
    if profile.region_id is None:
        return {"districts": 0, "villages": 0}
    prefix = profile.region_id + "."
    counts = Region.objects.filter(code__startswith=prefix).aggregate(
        districts=Count("code", filter=Q(level=Region.Level.DISTRICT)),
        villages=Count(
            "code", filter=Q(level__in=[Region.Level.VILLAGE, Region.Level.URBAN_VILLAGE])
        ),
    )
    return counts
