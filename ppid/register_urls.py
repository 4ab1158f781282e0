"""The register pages of /informasi-publik/ (ppid/urls.py)."""

urlpatterns = []
