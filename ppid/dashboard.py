"""The request desk's panel on the staff dashboard (humas_portal/dashboard.py): open requests
whose answer is overdue or due within two working days, and unanswered objections the same.

Numbers and dates only (no requester, no request text), in a fixed number of queries whatever
the desk holds: one aggregate and one bounded list for each, and the holidays (at most two
reads of the calendar).
"""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse

from humas_portal.elections.dates import HolidayCalendar, local_today
from ppid.models import InformationRequest, Objection, RequestStage
from ppid.staff_due import answer_due_expression, due_soon_limit, due_text

# Rows listed per kind; the counts and the filtered admin lists give the rest.
LIST_MAX = 8

REQUEST_FILTERS = {"overdue": "batas=terlambat", "due_soon": "batas=segera"}


def ppid_dashboard_context(request: HttpRequest) -> dict:
    today = local_today()
    calendar = HolidayCalendar()
    limit = due_soon_limit(today, calendar)
    waiting = (
        InformationRequest.objects.filter(stage=RequestStage.RECEIVED)
        .alias(answer_due=answer_due_expression())
        .filter(answer_due__lte=limit)
    )
    counts = waiting.aggregate(
        overdue=Count("pk", filter=Q(answer_due__lt=today)),
        due_soon=Count("pk", filter=Q(answer_due__gte=today)),
    )
    requests = list(
        waiting.annotate(answer_due_on_sql=answer_due_expression())
        .order_by("answer_due_on_sql", "pk")
        .values_list("pk", "number", "answer_due_on_sql")[:LIST_MAX]
    )
    context = {
        "requests": counts,
        "request_items": [],
        "objections": None,
        "objection_items": [],
    }
    may_see_objections = request.user.has_perm("ppid.view_objection")
    objections = []
    if may_see_objections:
        pending = Objection.objects.filter(answered_at__isnull=True, due_on__lte=limit)
        context["objections"] = pending.aggregate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            due_soon=Count("pk", filter=Q(due_on__gte=today)),
        )
        objections = list(
            pending.order_by("due_on", "pk").values_list("pk", "request__number", "due_on")[
                :LIST_MAX
            ]
        )
    dues = [due for _pk, _number, due in requests + objections]
    if dues:
        # Overdue rows count back from today: one read of the holidays for the whole range.
        calendar.load(min([*dues, today]), limit)
    context["request_items"] = [
        _item(number, due, today, calendar, "admin:ppid_informationrequest_change", pk)
        for pk, number, due in requests
    ]
    context["objection_items"] = [
        _item(number, due, today, calendar, "admin:ppid_objection_change", pk)
        for pk, number, due in objections
    ]
    changelist = reverse("admin:ppid_informationrequest_changelist")
    context["links"] = {
        name: "%s?%s" % (changelist, query) for name, query in REQUEST_FILTERS.items()
    }
    context["objection_link"] = reverse("admin:ppid_objection_changelist") + "?dijawab=belum"
    # The annual report is public; those who answer for it get the way to it here.
    context["report_link"] = (
        reverse("ppid:report") if request.user.has_perm("ppid.view_report") else ""
    )
    return context


def _item(number: str, due, today, calendar, url_name: str, pk: int) -> dict:
    text, late = due_text(due, today, calendar)
    return {
        "number": number,
        "due": due,
        "text": text,
        "late": late,
        "url": reverse(url_name, args=[pk]),
    }
