"""The annual report pages of /informasi-publik/ (ppid/urls.py)."""

urlpatterns = []
