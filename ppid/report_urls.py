"""The annual report pages of /informasi-publik/ (ppid/urls.py)."""

from django.urls import path

from ppid import report_views

urlpatterns = [
    path("laporan/", report_views.report_index, name="report"),
    path("laporan/<int:year>/", report_views.report_year, name="report_year"),
    path("laporan/<int:year>.csv", report_views.report_export, {"fmt": "csv"}, name="report_csv"),
    path(
        "laporan/<int:year>.xlsx", report_views.report_export, {"fmt": "xlsx"}, name="report_xlsx"
    ),
]
