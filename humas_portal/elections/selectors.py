from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from humas_portal.elections.dates import local_today
from humas_portal.elections.models import Election, ElectionStage

# A stage's place in time on a given day (ElectionStage.state, set by the selectors below).
STAGE_DONE = "done"
STAGE_RUNNING = "running"
STAGE_AHEAD = "ahead"


def _elections_current(on: date) -> QuerySet[Election]:
    """An election is current from its first stage's start to its last stage's end, unless its
    ``is_current`` says otherwise."""
    return Election.objects.annotate(
        first_stage_start=Min("stages__start_date"), last_stage_end=Max("stages__end_date")
    ).filter(
        Q(is_current=True)
        | Q(is_current__isnull=True, first_stage_start__lte=on, last_stage_end__gte=on)
    )


def _stage_state_set(stage: ElectionStage, on: date) -> ElectionStage:
    """Set ``state`` and ``days_left`` (a running stage's days after ``on`` up to its last day:
    0 on the last day; None for a stage not running)."""
    if stage.end_date < on:
        stage.state, stage.days_left = STAGE_DONE, None
    elif stage.start_date > on:
        stage.state, stage.days_left = STAGE_AHEAD, None
    else:
        stage.state, stage.days_left = STAGE_RUNNING, (stage.end_date - on).days
    return stage


def election_stages_current(*, on: date | None = None) -> QuerySet[Election]:
    """The elections current on the day ``on`` (default: today in the office's time zone),
    each with ``stages_running``: its stages that run that day, in their order.

    A current election may have no stage running that day (a gap between stages, or a forced
    election without stages). Two queries, however many elections and stages.
    """
    on = on or local_today()
    running = ElectionStage.objects.filter(start_date__lte=on, end_date__gte=on).order_by(
        "order", "start_date", "pk"
    )
    return _elections_current(on).prefetch_related(
        Prefetch("stages", queryset=running, to_attr="stages_running")
    )


def election_timelines_current(*, on: date | None = None) -> list[Election]:
    """The elections current on ``on`` (as in election_stages_current), the nearest voting day
    first, each with ``timeline``: all its stages in their order, each with ``state`` and
    ``days_left`` for that day. Two queries, however many elections and stages."""
    on = on or local_today()
    stages = ElectionStage.objects.order_by("order", "start_date", "pk")
    elections = list(
        _elections_current(on)
        .order_by(F("voting_day").asc(nulls_last=True), "name")
        .prefetch_related(Prefetch("stages", queryset=stages, to_attr="timeline"))
    )
    for election in elections:
        for stage in election.timeline:
            _stage_state_set(stage, on)
    return elections


def election_stages_running(*, on: date | None = None) -> list[ElectionStage]:
    """The stages running on ``on`` (default: today in the office's time zone) of the current
    elections, with their election, each with ``days_left``. One query: a running stage puts its
    election within its stages' span, so only an election forced not current is left out."""
    on = on or local_today()
    stages = (
        ElectionStage.objects.filter(start_date__lte=on, end_date__gte=on)
        .exclude(election__is_current=False)
        .select_related("election")
        .order_by(F("election__voting_day").asc(nulls_last=True), "election__name", "order", "pk")
    )
    return [_stage_state_set(stage, on) for stage in stages]


def election_stage_boundary_next() -> datetime | None:
    """The next moment pages showing stages change with no write: the office's next midnight
    while a stage runs (its days left count down, and it may end), else the midnight before the
    next stage's first day."""
    today = local_today()
    found = ElectionStage.objects.aggregate(
        running=Count("pk", filter=Q(start_date__lte=today, end_date__gte=today)),
        start=Min("start_date", filter=Q(start_date__gt=today)),
    )
    day = today + timedelta(days=1) if found["running"] else found["start"]
    if day is None:
        return None
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())
