"""The register pages of /informasi-publik/ (ppid/urls.py). The entry's ``<slug:slug>/`` comes
last in ppid/urls.py: every other path word there is one of RESERVED_SLUGS."""

from django.urls import path

from ppid import register_views

urlpatterns = [
    path("", register_views.index, name="index"),
    path(
        "unduh/daftar-informasi-publik.csv",
        register_views.register_csv,
        name="register_csv",
    ),
    path("<slug:slug>/", register_views.entry_detail, name="entry"),
]
