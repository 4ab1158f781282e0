from datetime import date, datetime, time, timedelta

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from humas_portal.elections.dates import local_today
from humas_portal.elections.models import Election, ElectionStage


def election_stages_current(*, on: date | None = None) -> QuerySet[Election]:
    """The elections current on the day ``on`` (default: today in the office's time zone),
    each with ``stages_running``: its stages that run that day, in their order.

    An election is current from its first stage's start to its last stage's end, unless its
    ``is_current`` says otherwise. A current election may have no stage running that day (a gap
    between stages, or a forced election without stages). Two queries, however many elections
    and stages.
    """
    on = on or local_today()
    running = ElectionStage.objects.filter(start_date__lte=on, end_date__gte=on).order_by(
        "order", "start_date", "pk"
    )
    return (
        Election.objects.annotate(
            first_stage_start=Min("stages__start_date"), last_stage_end=Max("stages__end_date")
        )
        .filter(
            Q(is_current=True)
            | Q(is_current__isnull=True, first_stage_start__lte=on, last_stage_end__gte=on)
        )
        .prefetch_related(Prefetch("stages", queryset=running, to_attr="stages_running"))
    )


def election_stage_boundary_next() -> datetime | None:
    """The next moment a stage starts or ends: the office's midnight before its first day, or
    after its last. What is current changes then with no write (see election_stages_current)."""
    today = local_today()
    dates = ElectionStage.objects.aggregate(
        start=Min("start_date", filter=Q(start_date__gt=today)),
        end=Min("end_date", filter=Q(end_date__gte=today)),
    )
    days = [
        day for day in (dates["start"], dates["end"] and dates["end"] + timedelta(days=1)) if day
    ]
    if not days:
        return None
    return datetime.combine(min(days), time.min, tzinfo=timezone.get_default_timezone())
