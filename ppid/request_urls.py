"""The request pages of /informasi-publik/ (ppid/urls.py)."""

urlpatterns = []
