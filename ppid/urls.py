"""Included at /informasi-publik/ by humas_portal/urls.py (ppid/apps.py).

Every path word of /informasi-publik/ is reserved (ppid.models.RESERVED_SLUGS): no entry slug
may take one. The register comes last, for its ``<slug:slug>/`` answers any one word.
"""

from ppid import register_urls, report_urls, request_urls

app_name = "ppid"

urlpatterns = [
    *request_urls.urlpatterns,
    *report_urls.urlpatterns,
    *register_urls.urlpatterns,
]
