from dataclasses import dataclass
from html import escape

from asgiref.local import Local
from django.core.cache import cache
from django.db.models import Count, Q

from humas_portal.siteprofile.models import PROFILE_CACHE_KEY, OfficeProfile, Region, RegionLevel

# The office's villages as a grouped list, kept until the regions change. They change only
# through region_load (the load_region command) and migrations: both delete this key
# (services.py; post_migrate in apps.py). A change of the office's region is seen on every read.
# The ceiling covers a region row changed by hand in the database.
VILLAGES_CACHE_KEY = "siteprofile:villages:v1"
VILLAGES_CACHE_SECONDS = 24 * 3600

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


@dataclass(frozen=True)
class VillageChoices:
    """The villages of the office's region grouped by kecamatan, in two forms built once."""

    region_code: str | None
    # For a ChoiceField: [("Kec. Kencong", [("35.09.01.2001", "Desa Kencong"), ...]), ...].
    groups: list[tuple[str, list[tuple[str, str]]]]
    # The same as <optgroup> and <option> markup, escaped, with no option selected: about 600
    # options for a regency, which Django's Select would render through a template each.
    options_html: str


def office_villages() -> VillageChoices:
    """The villages the office supervises, grouped by kecamatan (one cache read)."""
    region_code = office_profile_current().region_id
    villages = cache.get(VILLAGES_CACHE_KEY)
    if villages is None or villages.region_code != region_code:
        villages = _villages_read(region_code)
        cache.set(VILLAGES_CACHE_KEY, villages, timeout=VILLAGES_CACHE_SECONDS)
    return villages


def office_villages_forget(**kwargs) -> None:
    """The regions changed: the next read builds the list again."""
    cache.delete(VILLAGES_CACHE_KEY)


def _villages_read(region_code: str | None) -> VillageChoices:
    groups: dict[str, list[tuple[str, str]]] = {}
    if region_code is not None:
        villages = (
            Region.objects.filter(
                level__in=[RegionLevel.VILLAGE, RegionLevel.URBAN_VILLAGE],
                parent__parent_id=region_code,
            )
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        for village in villages:
            prefix = "Kel." if village.level == RegionLevel.URBAN_VILLAGE else "Desa"
            groups.setdefault("Kec. %s" % village.parent.name, []).append(
                (village.code, "%s %s" % (prefix, village.name))
            )
    markup = []
    for district, options in groups.items():
        markup.append('<optgroup label="%s">' % escape(district))
        markup.extend(
            '<option value="%s">%s</option>' % (escape(code), escape(label))
            for code, label in options
        )
        markup.append("</optgroup>")
    return VillageChoices(
        region_code=region_code, groups=list(groups.items()), options_html="".join(markup)
    )
