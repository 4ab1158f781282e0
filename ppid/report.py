"""The annual report of the public-information service (laporan layanan informasi publik,
UU 14/2008 Pasal 7 ayat (3) and the Komisi Informasi's standard): for the requests received in
a year, how many, how they were answered, the objections and their outcomes, and how many
working days the answers took.

Counts only: no name, address, contact, request text or number is read here, so nothing
personal can reach the page or its CSV/XLSX. The figures are exact (no small-number hiding): a
count of answers by legal ground identifies no one, and the law asks for the real numbers.

A year is the office's calendar year (humas_portal.elections.dates): a request received at
00:30 WITA on 1 January counts in the new year. The report costs a fixed number of queries
whatever the year holds (three, plus one for the holidays when anything was decided), so its
page is not page-cached: nothing to invalidate when a request is decided.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from humas_portal.elections.dates import HolidayCalendar, local_date, local_today
from ppid.models import (
    DECISIONS,
    ExemptGround,
    InformationRequest,
    Objection,
    ObjectionOutcome,
    RequestStage,
)
from ppid.staff_due import working_days_from

# UU 14/2008 took effect on 30 April 2010: no report before that year.
FIRST_YEAR = 2010


def report_year_valid(year: int) -> bool:
    """Whether a report may exist for ``year``: from the law's first year to this one."""
    return FIRST_YEAR <= year <= local_today().year


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first instant of ``year`` and of the next one, in the office's time zone."""
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=zone),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone),
    )


def report_years() -> list[int]:
    """The years in which requests were received, newest first (one query)."""
    zone = timezone.get_default_timezone()
    years = (
        InformationRequest.objects.annotate(year=ExtractYear("received_at", tzinfo=zone))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [year for year in years if report_year_valid(year)]


@dataclass(frozen=True)
class AnnualReport:
    year: int
    total: int
    granted: int
    partly_granted: int
    refused: int
    # Each ground of Pasal 17 (its code) -> the refusals citing it, every ground listed.
    refused_by_ground: dict[str, int]
    not_held: int
    withdrawn: int
    open: int
    objections: int
    objections_upheld: int
    objections_rejected: int
    objections_unanswered: int
    # Working days from receipt to decision, over the decided requests (None: none decided).
    decided: int
    median_days: float | None
    max_days: int | None
    # The working days each decision took, in order (for the tests and nothing else shown).
    durations: list[int] = field(repr=False, default_factory=list)

    def rows(self) -> list[tuple[str, str | int]]:
        """The report as (label, value) rows: the page's table, the CSV and the XLSX alike."""
        rows: list[tuple[str, str | int]] = [
            (_("Tahun"), self.year),
            (_("Permohonan diterima"), self.total),
            (_("Dikabulkan seluruhnya"), self.granted),
            (_("Dikabulkan sebagian"), self.partly_granted),
            (_("Ditolak"), self.refused),
        ]
        rows += [
            (_("Ditolak, %(ground)s") % {"ground": ExemptGround(code).label}, count)
            for code, count in self.refused_by_ground.items()
        ]
        rows += [
            (_("Informasi tidak dikuasai"), self.not_held),
            (_("Dicabut oleh pemohon"), self.withdrawn),
            (_("Masih diproses"), self.open),
            (_("Keberatan diajukan"), self.objections),
            (_("Keberatan diterima"), self.objections_upheld),
            (_("Keberatan ditolak"), self.objections_rejected),
            (_("Keberatan belum dijawab"), self.objections_unanswered),
            (_("Permohonan yang diputus"), self.decided),
            (_("Median hari kerja sampai keputusan"), days_text(self.median_days)),
            (_("Paling lama (hari kerja) sampai keputusan"), days_text(self.max_days)),
        ]
        return rows


def days_text(days: float | int | None) -> str:
    """A number of working days as the report writes it: "4", "4,5", or "-" for none."""
    if days is None:
        return "-"
    if float(days).is_integer():
        return str(int(days))
    return ("%.1f" % days).replace(".", ",")


def annual_report(year: int) -> AnnualReport:
    """The figures of ``year`` (which must be valid: report_year_valid)."""
    first, after = year_bounds(year)
    requests = InformationRequest.objects.filter(received_at__gte=first, received_at__lt=after)
    grounds = {
        code: Count("pk", filter=Q(refusal_ground=code, stage=RequestStage.REFUSED))
        for code in ExemptGround.values
    }
    counts = requests.aggregate(
        total=Count("pk"),
        granted=Count("pk", filter=Q(stage=RequestStage.GRANTED)),
        partly_granted=Count("pk", filter=Q(stage=RequestStage.PARTLY_GRANTED)),
        refused=Count("pk", filter=Q(stage=RequestStage.REFUSED)),
        not_held=Count("pk", filter=Q(stage=RequestStage.NOT_HELD)),
        withdrawn=Count("pk", filter=Q(stage=RequestStage.WITHDRAWN)),
        open=Count("pk", filter=Q(stage=RequestStage.RECEIVED)),
        **{"ground_%s" % code: count for code, count in grounds.items()},
    )
    objections = Objection.objects.filter(
        request__received_at__gte=first, request__received_at__lt=after
    ).aggregate(
        filed=Count("pk"),
        upheld=Count("pk", filter=Q(outcome=ObjectionOutcome.UPHELD)),
        rejected=Count("pk", filter=Q(outcome=ObjectionOutcome.REJECTED)),
        unanswered=Count("pk", filter=Q(outcome="")),
    )
    moments = list(
        requests.filter(stage__in=DECISIONS)
        .order_by("received_at", "pk")
        .values_list("received_at", "decided_at")
    )
    durations = []
    if moments:
        calendar = HolidayCalendar()
        spans = [(local_date(received), local_date(decided)) for received, decided in moments]
        calendar.load(min(start for start, _end in spans), max(end for _start, end in spans))
        durations = [working_days_from(start, end, calendar) for start, end in spans]
    return AnnualReport(
        year=year,
        total=counts["total"],
        granted=counts["granted"],
        partly_granted=counts["partly_granted"],
        refused=counts["refused"],
        refused_by_ground={code: counts["ground_%s" % code] for code in ExemptGround.values},
        not_held=counts["not_held"],
        withdrawn=counts["withdrawn"],
        open=counts["open"],
        objections=objections["filed"],
        objections_upheld=objections["upheld"],
        objections_rejected=objections["rejected"],
        objections_unanswered=objections["unanswered"],
        decided=len(durations),
        median_days=statistics.median(durations) if durations else None,
        max_days=max(durations) if durations else None,
        durations=durations,
    )
