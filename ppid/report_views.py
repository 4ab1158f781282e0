"""The public annual report (ppid.report): the list of years, a year's page, its CSV and XLSX.

Public, no session, no form. A year outside FIRST_YEAR..this year is a 404 (the path takes
digits only; a huge number is refused before any date is made of it).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from humas_portal.exports import export_response
from ppid.report import annual_report, report_year_valid, report_years


def _report_or_404(year: int):
    if not report_year_valid(year):
        raise Http404(_("Laporan untuk tahun itu tidak ada."))
    return annual_report(year)


@require_safe
def report_index(request: HttpRequest) -> HttpResponse:
    return render(request, "ppid/report/index.html", {"years": report_years()})


@require_safe
def report_year(request: HttpRequest, year: int) -> HttpResponse:
    report = _report_or_404(year)
    return render(request, "ppid/report/year.html", {"report": report, "rows": report.rows()})


@require_safe
def report_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    report = _report_or_404(year)
    return export_response(
        rows=[[label, value] for label, value in report.rows()],
        header=[_("Uraian"), _("Jumlah")],
        filename="laporan-layanan-informasi-publik-%s" % year,
        fmt=fmt,
        sheet_name=_("Laporan %(year)s") % {"year": year},
    )
