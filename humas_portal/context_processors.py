from django.conf import settings
from django.urls import reverse

from humas_portal.navigation import nav_entries
from humas_portal.siteprofile.selectors import office_profile_current


def portal(request) -> dict:
    path = request.path
    navigation = []
    for entry in nav_entries():
        url = reverse(entry.url_name)
        current = path == url or (url != "/" and path.startswith(url))
        navigation.append({"label": entry.label, "url": url, "current": current})
    return {
        "office": office_profile_current(),
        "navigation": navigation,
        "portal_base_url": settings.PORTAL_BASE_URL,
    }
