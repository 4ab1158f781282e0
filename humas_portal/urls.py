from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django.views.static import serve

from humas_portal import views
from humas_portal.app_urls import url_mounts

# Within an app's pages, its own 500 page (the complaint desk's tells what to do about a
# complaint that may be saved).
handler500 = views.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("cari/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    # No CSRF token: a token would set a cookie on every page and make pages uncacheable, and
    # the worst a forged request can do is switch someone's language.
    path("bahasa/", csrf_exempt(set_language), name="set_language"),
    path(settings.DJANGO_ADMIN_URL, admin.site.urls),
    # Each app's own URLs, registered in its AppConfig.ready() (humas_portal/app_urls.py).
    *[
        path(mount.prefix, include(mount.urlconf, namespace=mount.namespace))
        for mount in url_mounts()
    ],
]

if settings.SERVE_MEDIA:
    # Public uploads only (logos, article images); complaint evidence never lives here.
    urlpatterns.append(
        re_path(
            r"^%s(?P<path>.+)$" % settings.MEDIA_URL.lstrip("/"),
            serve,
            {"document_root": settings.MEDIA_ROOT},
            name="media",
        )
    )
