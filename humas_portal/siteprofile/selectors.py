from django.core.cache import cache
from django.db.models import Count, Q

from humas_portal.siteprofile.models import PROFILE_CACHE_KEY, OfficeProfile, Region


def office_profile_current() -> OfficeProfile:
    """The office profile for every page and e-mail; cached until it is saved again."""
    profile = cache.get(PROFILE_CACHE_KEY)
    if profile is None:
        profile = OfficeProfile.objects.select_related("region").filter(pk=1).first()
        if profile is None:
            # Before the profile is filled in, pages still render with a neutral name.
            return OfficeProfile()
        cache.set(PROFILE_CACHE_KEY, profile, timeout=3600)
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
