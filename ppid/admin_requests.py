"""The request desk of the PPID in the admin: officers list, read and act; nobody edits a request.

A request is shown read-only, with its history. Officers act through forms under it (extend,
decide, withdraw on the requester's word, internal note: ``REQUEST_ACTIONS``) that call
ppid.services, the same path as the public pages; the PPID's superior answers an objection the
same way (``ObjectionAdmin``). A service's refusal (a colleague decided first: the stale-stage
refusal) is shown as an error message above the form, the officer's text kept.

The requester's name, address, e-mail and phone are rendered only for ``ppid.view_requester``
(the Petugas Informasi needs them to deliver the information), and each page that shows them
writes one audit row, as for complaints' reporters. The list searches by number only, and its
query string takes only its own filters: no way to sort or filter by a requester. The request
text and purpose are not identity and every officer reads them.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from humas_portal.audit import audit_record
from humas_portal.elections.dates import HolidayCalendar, local_date, local_today
from ppid import services
from ppid.admin_forms import DecideForm, ExtendForm, NoteForm, ObjectionAnswerForm, WithdrawForm
from ppid.models import InformationRequest, Objection, RequestStage
from ppid.staff_due import answer_due_expression, due_soon_limit, due_text

DECIDE_PERMISSION = "ppid.decide_request"
REQUESTER_PERMISSION = "ppid.view_requester"
ANSWER_PERMISSION = "ppid.answer_objection"
HIDDEN = gettext_lazy("(disembunyikan)")
ERASED = gettext_lazy("(sudah dihapus sesuai masa simpan)")
ANSWER_DUE_LABEL = gettext_lazy("batas jawaban")


def may_see_requester(request) -> bool:
    return request.user.has_perm(REQUESTER_PERMISSION)


# Where a list row keeps its due marker, computed for the whole page at once (marks_attach).
MARK = "_ppid_due_mark"


def due_html(due: date, *, open_: bool, calendar: HolidayCalendar | None = None):
    """A due date with its marker while the clock runs: "terlambat N hari kerja" in the overdue
    style, "N hari kerja lagi" otherwise (the words too, not the colour alone)."""
    shown = date_format(due, "DATE_FORMAT")
    if not open_:
        return shown
    text, late = due_text(due, local_today(), calendar or HolidayCalendar())
    style = "ppid-due--overdue" if late else "ppid-due--open"
    return format_html('<span class="ppid-due {}">{} · {}</span>', style, shown, text)


# --- Filters ------------------------------------------------------------------------------


class DueFilter(admin.SimpleListFilter):
    """Overdue, or due within two working days (the dashboard's counts): open requests only."""

    title = ANSWER_DUE_LABEL
    parameter_name = "batas"

    def lookups(self, request, model_admin):
        return [
            ("terlambat", gettext_lazy("Terlambat")),
            ("segera", gettext_lazy("Jatuh tempo dalam 2 hari kerja")),
        ]

    def queryset(self, request, queryset):
        today = local_today()
        open_requests = queryset.filter(stage=RequestStage.RECEIVED).alias(
            answer_due=answer_due_expression()
        )
        if self.value() == "terlambat":
            return open_requests.filter(answer_due__lt=today)
        if self.value() == "segera":
            limit = due_soon_limit(today, HolidayCalendar())
            return open_requests.filter(answer_due__gte=today, answer_due__lte=limit)
        return queryset


class YearFilter(admin.SimpleListFilter):
    """The office's year the request was received in."""

    title = gettext_lazy("tahun diterima")
    parameter_name = "tahun"

    def lookups(self, request, model_admin):
        zone = timezone.get_default_timezone()
        years = (
            InformationRequest.objects.annotate(year=ExtractYear("received_at", tzinfo=zone))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and len(value) == 4:
            zone = timezone.get_default_timezone()
            return queryset.annotate(received_year=ExtractYear("received_at", tzinfo=zone)).filter(
                received_year=int(value)
            )
        return queryset


# --- Actions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestAction:
    """One thing an officer does to a request through a form under it."""

    name: str
    title: Promise
    form_class: type
    permission: str
    button: Promise
    intro: Promise | str = ""

    def available(self, obj) -> bool:
        return obj.stage == RequestStage.RECEIVED

    def initial(self, obj) -> dict:
        # The stage the officer saw, posted back: a colleague's move in between refuses this.
        return {"expected_stage": obj.stage}

    def form(self, obj, data=None, files=None):
        return self.form_class(
            data, files, auto_id="id_%s_%%s" % self.name, initial=self.initial(obj)
        )

    def run(self, *, obj, actor, data: dict) -> str:
        raise NotImplementedError

    def url(self, obj) -> str:
        return reverse(
            "admin:%s_%s_action" % (obj._meta.app_label, obj._meta.model_name),
            args=[obj.pk, self.name],
        )

    def entry(self, obj, form) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "button": self.button,
            "intro": self.intro,
            "form": form,
            "url": self.url(obj),
        }


class ExtendAction(RequestAction):
    def available(self, obj) -> bool:
        # Once only, while the request waits for its answer.
        return obj.stage == RequestStage.RECEIVED and obj.extended_due_on is None

    def run(self, *, obj, actor, data: dict) -> str:
        extended = services.request_extend(
            request_id=obj.pk, actor=actor, days=data["days"], reason=data["reason"]
        )
        return _("Batas jawaban permohonan %(number)s diperpanjang sampai %(due)s.") % {
            "number": extended.number,
            "due": date_format(extended.answer_due_on, "DATE_FORMAT"),
        }


class DecideAction(RequestAction):
    def run(self, *, obj, actor, data: dict) -> str:
        decided = services.request_decide(
            request_id=obj.pk,
            actor=actor,
            stage=data["stage"],
            note=data["note"],
            refusal_ground=data["refusal_ground"],
            document=data["document"],
            expected_stage=data["expected_stage"],
        )
        return _("Permohonan %(number)s diputus: %(stage)s.") % {
            "number": decided.number,
            "stage": decided.get_stage_display(),
        }


class WithdrawAction(RequestAction):
    def run(self, *, obj, actor, data: dict) -> str:
        withdrawn = services.request_withdraw(request_id=obj.pk, actor=actor, note=data["note"])
        return _("Permohonan %(number)s dicatat dicabut oleh pemohon.") % {
            "number": withdrawn.number
        }


class NoteAction(RequestAction):
    def available(self, obj) -> bool:
        return True

    def run(self, *, obj, actor, data: dict) -> str:
        services.request_note_add(
            request_id=obj.pk, actor=actor, internal_note=data["internal_note"]
        )
        return _("Catatan internal ditambahkan.")


class AnswerAction(RequestAction):
    def initial(self, obj) -> dict:
        return {}

    def available(self, obj) -> bool:
        return obj.answered_at is None

    def run(self, *, obj, actor, data: dict) -> str:
        services.objection_answer(
            objection_id=obj.pk, actor=actor, outcome=data["outcome"], answer=data["answer"]
        )
        return _("Keberatan atas permohonan %(number)s dijawab.") % {"number": obj.request.number}


REQUEST_ACTIONS: dict[str, RequestAction] = {
    action.name: action
    for action in (
        DecideAction(
            name="decide",
            title=gettext_lazy("Putuskan permohonan"),
            form_class=DecideForm,
            permission=DECIDE_PERMISSION,
            button=gettext_lazy("Simpan keputusan dan kirim ke pemohon"),
        ),
        ExtendAction(
            name="extend",
            title=gettext_lazy("Perpanjang jangka waktu"),
            form_class=ExtendForm,
            permission=DECIDE_PERMISSION,
            button=gettext_lazy("Perpanjang dan beri tahu pemohon"),
            intro=gettext_lazy("Sekali saja, paling lama 7 hari kerja, dengan alasan tertulis."),
        ),
        WithdrawAction(
            name="withdraw",
            title=gettext_lazy("Catat pencabutan oleh pemohon"),
            form_class=WithdrawForm,
            permission=DECIDE_PERMISSION,
            button=gettext_lazy("Catat pencabutan"),
            intro=gettext_lazy(
                "Hanya bila pemohon sendiri menyatakan mencabut permohonannya kepada petugas."
            ),
        ),
        NoteAction(
            name="note",
            title=gettext_lazy("Tambah catatan internal"),
            form_class=NoteForm,
            permission=DECIDE_PERMISSION,
            button=gettext_lazy("Simpan catatan"),
        ),
    )
}

OBJECTION_ACTIONS: dict[str, RequestAction] = {
    "answer": AnswerAction(
        name="answer",
        title=gettext_lazy("Jawab keberatan"),
        form_class=ObjectionAnswerForm,
        permission=ANSWER_PERMISSION,
        button=gettext_lazy("Simpan jawaban dan kirim ke pemohon"),
        intro=gettext_lazy("Sebagai atasan PPID, paling lambat 30 hari kerja sejak diajukan."),
    )
}


class ActionsMixin:
    """The action forms under an object and the one view they post to, by name."""

    object_actions: dict[str, RequestAction]

    def action_entries(self, request, obj) -> list[dict]:
        return [
            action.entry(obj, action.form(obj))
            for action in self.object_actions.values()
            if request.user.has_perm(action.permission) and action.available(obj)
        ]

    def get_urls(self):
        opts = self.model._meta
        action = path(
            "<path:object_id>/aksi/<slug:name>/",
            self.admin_site.admin_view(self.action_view),
            name="%s_%s_action" % (opts.app_label, opts.model_name),
        )
        # Before the admin's own: its "<path:object_id>/" would take the action's path too.
        return [action, *super().get_urls()]

    def action_view(self, request, object_id: str, name: str):
        action = self.object_actions.get(name)
        if action is None:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not request.user.has_perm(action.permission):
            raise PermissionDenied
        change_url = reverse(
            "admin:%s_%s_change" % (obj._meta.app_label, obj._meta.model_name), args=[obj.pk]
        )
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        form = action.form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                done = action.run(obj=obj, actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                # Told above the form, the officer's text kept: usually a colleague acted first.
                for text in error.messages:
                    self.message_user(request, text, messages.ERROR)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "action": action.entry(obj, form),
            "title": action.title,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/ppid/action_form.html", context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows made by the public forms and changed only by the services."""

    def due_of(self, obj) -> tuple[date, bool]:
        """The row's due date, and whether its clock still runs."""
        raise NotImplementedError

    def get_changelist_instance(self, request):
        # The page's rows are read by now: mark them all with one read of the holidays, for
        # the span from the earliest due date to today.
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        dues = [self.due_of(obj)[0] for obj in rows if self.due_of(obj)[1]]
        calendar = HolidayCalendar()
        if dues:
            today = local_today()
            calendar.load(min([*dues, today]), max([*dues, today]))
        for obj in rows:
            due, open_ = self.due_of(obj)
            setattr(obj, MARK, due_html(due, open_=open_, calendar=calendar))
        return changelist

    def due_mark(self, obj):
        mark = getattr(obj, MARK, None)
        if mark is None:
            due, open_ = self.due_of(obj)
            return due_html(due, open_=open_)
        return mark

    actions = None
    show_facets = admin.ShowFacets.NEVER

    class Media:
        css = {"all": ["ppid/admin.css"]}

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The list's permission only: the object's own form stays read-only.
        return super().has_change_permission(request, obj) and obj is None

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # Only what the list's own filters send: never a filter on a requester's data.
        offered = {
            item.parameter_name if isinstance(item, type) else item for item in self.list_filter
        }
        if lookup.split(LOOKUP_SEP, 1)[0] not in offered:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_readonly_fields(self, request, obj=None):
        return admin.utils.flatten_fieldsets(self.get_fieldsets(request, obj))


# --- Requests -----------------------------------------------------------------------------

STATUS_FIELDS = [
    "number", "stage", "received_at", "due_shown", "extension_shown", "handled_by",
    "decided_at", "decided_by", "decision_note", "refusal_ground", "decision_document",
]  # fmt: skip
REQUEST_FIELDS = ["information", "purpose", "delivery", "language"]
REQUESTER_FIELDS = ["requester_name", "requester_address", "requester_email", "requester_phone"]
REQUESTER_HIDDEN_FIELDS = ["requester_hidden"]


@admin.register(InformationRequest)
class InformationRequestAdmin(ActionsMixin, ReadOnlyAdmin):
    list_display = ["number", "stage", "received_at", "answer_due", "handled_by"]
    list_filter = ["stage", DueFilter, YearFilter]
    list_select_related = ["handled_by"]
    search_fields = ["number"]
    search_help_text = gettext_lazy("Cari nomor permohonan.")
    object_actions = REQUEST_ACTIONS

    @admin.display(description=ANSWER_DUE_LABEL, ordering=answer_due_expression())
    def answer_due(self, obj: InformationRequest):
        return self.due_mark(obj)

    def due_of(self, obj: InformationRequest) -> tuple[date, bool]:
        return obj.answer_due_on, obj.stage == RequestStage.RECEIVED

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("handled_by", "decided_by")

    def get_fieldsets(self, request, obj=None):
        requester = REQUESTER_FIELDS
        if obj is None or obj.erased_at is not None or not may_see_requester(request):
            requester = REQUESTER_HIDDEN_FIELDS
        return [
            (gettext_lazy("Status"), {"fields": STATUS_FIELDS}),
            (gettext_lazy("Permohonan"), {"fields": REQUEST_FIELDS}),
            (gettext_lazy("Pemohon"), {"fields": requester}),
        ]

    @admin.display(description=ANSWER_DUE_LABEL)
    def due_shown(self, obj: InformationRequest):
        return self.due_mark(obj)

    @admin.display(description=gettext_lazy("perpanjangan"))
    def extension_shown(self, obj: InformationRequest) -> str:
        if obj.extended_due_on is None:
            return _("Belum diperpanjang.")
        return _("Sampai %(due)s (semula %(original)s): %(reason)s") % {
            "due": date_format(obj.extended_due_on, "DATE_FORMAT"),
            "original": date_format(obj.due_on, "DATE_FORMAT"),
            "reason": obj.extension_reason,
        }

    @admin.display(description=gettext_lazy("pemohon"))
    def requester_hidden(self, obj: InformationRequest) -> str:
        return ERASED if obj.erased_at is not None else HIDDEN

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                {
                    "ppid_events": list(obj.events.select_related("actor")),
                    "ppid_objection": Objection.objects.filter(request=obj).first(),
                    "ppid_actions": self.action_entries(request, obj),
                }
            )
            if may_see_requester(request) and obj.erased_at is None:
                # The page about to be sent shows the requester: one row per view.
                audit_record(request.user, "ppid.requester_viewed", obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


# --- Objections ---------------------------------------------------------------------------


class AnsweredFilter(admin.SimpleListFilter):
    title = gettext_lazy("jawaban")
    parameter_name = "dijawab"

    def lookups(self, request, model_admin):
        return [
            ("belum", gettext_lazy("Belum dijawab")),
            ("terlambat", gettext_lazy("Terlambat dijawab")),
            ("sudah", gettext_lazy("Sudah dijawab")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "belum":
            return queryset.filter(answered_at__isnull=True)
        if self.value() == "terlambat":
            return queryset.filter(answered_at__isnull=True, due_on__lt=local_today())
        if self.value() == "sudah":
            return queryset.filter(answered_at__isnull=False)
        return queryset


@admin.register(Objection)
class ObjectionAdmin(ActionsMixin, ReadOnlyAdmin):
    list_display = ["request_number", "reason", "filed_at", "answer_due", "outcome"]
    list_filter = [AnsweredFilter, "outcome", "reason"]
    list_select_related = ["request"]
    search_fields = ["request__number"]
    search_help_text = gettext_lazy("Cari nomor permohonan.")
    object_actions = OBJECTION_ACTIONS
    fieldsets = [
        (
            gettext_lazy("Keberatan"),
            {"fields": ["request_link", "reason", "statement", "filed_at", "answer_due"]},
        ),
        (
            gettext_lazy("Permohonan yang dikeberatkan"),
            {"fields": ["request_stage", "request_information", "request_decision"]},
        ),
        (
            gettext_lazy("Jawaban atasan PPID"),
            {"fields": ["outcome", "answer", "answered_at", "answered_by"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("request", "answered_by")

    @admin.display(description=gettext_lazy("nomor permohonan"), ordering="request__number")
    def request_number(self, obj: Objection) -> str:
        return obj.request.number

    @admin.display(description=gettext_lazy("permohonan"))
    def request_link(self, obj: Objection):
        url = reverse("admin:ppid_informationrequest_change", args=[obj.request_id])
        return format_html('<a href="{}">{}</a>', url, obj.request.number)

    @admin.display(description=gettext_lazy("batas jawaban atasan"), ordering="due_on")
    def answer_due(self, obj: Objection):
        return self.due_mark(obj)

    def due_of(self, obj: Objection) -> tuple[date, bool]:
        return obj.due_on, obj.answered_at is None

    @admin.display(description=gettext_lazy("tahap permohonan"))
    def request_stage(self, obj: Objection) -> str:
        return obj.request.get_stage_display()

    @admin.display(description=gettext_lazy("informasi yang diminta"))
    def request_information(self, obj: Objection) -> str:
        return obj.request.information

    @admin.display(description=gettext_lazy("keterangan keputusan"))
    def request_decision(self, obj: Objection) -> str:
        decided = obj.request
        if decided.decided_at is None:
            return _("Belum diputus (batas jawaban %(due)s).") % {
                "due": date_format(decided.answer_due_on, "DATE_FORMAT")
            }
        text = "%s, %s" % (
            decided.get_stage_display(),
            date_format(local_date(decided.decided_at), "DATE_FORMAT"),
        )
        if decided.refusal_ground:
            text += " · %s" % decided.get_refusal_ground_display()
        if decided.decision_note:
            text += " · %s" % decided.decision_note
        return text

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["ppid_actions"] = self.action_entries(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
