"""The complaint desk in the admin: officers list, read and act; nobody edits a report.

A complaint is shown read-only. Officers act through forms under it (stage, reply, internal
note, assignment) that call complaints.services, the same path as everywhere else. The
reporter's identity (name, contacts, address, witnesses) is rendered only for
``complaints.view_identity``, and each page or search that shows or uses it writes exactly one
audit row. Witnesses, events and evidence have no admin of their own: they appear only inside
their complaint, so identity cannot leak through a side door.
"""

import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from complaints import retention, services
from complaints.admin_forms import (
    PLACEHOLDER,
    AssignForm,
    ExtendForm,
    LegalHoldForm,
    NoteForm,
    ReplyForm,
    TransitionForm,
    stage_moves,
)
from complaints.deadlines import (
    HANDLING_STAGES,
    complaints_due_recompute,
    days_late,
    due_soon_limit,
)
from complaints.models import (
    ACT_PERMISSION,
    EVIDENCE_PERMISSION,
    IDENTITY_PERMISSION,
    REASON_REQUIRED,
    CannedReply,
    Complaint,
    Stage,
    StageDeadline,
)
from complaints.tracking import complaint_number_normalise
from humas_portal.audit import audit_record
from humas_portal.elections.dates import local_date
from humas_portal.notifications.email import email_render
from humas_portal.siteprofile.models import Region, RegionLevel
from humas_portal.siteprofile.selectors import office_profile_current

# The legal hold is the coordinator's call. The roles table has no permission of its own for
# it; view_identity is what only the coordinator holds, so it marks the coordinator here.
HOLD_PERMISSION = IDENTITY_PERMISSION
BRACED = re.compile(r"\{[^{}\s]*\}")
HIDDEN = gettext_lazy("(disembunyikan)")
ANONYMOUS = gettext_lazy("Anonim")

# A service's refusal, shown at the field it concerns (by the error's code); the rest on top.
ERROR_FIELDS = {
    "reason_required": "public_note",
    "forward_target": "forwarded_to",
    "forward_agency": "forwarded_agency",
    "merge_target": "merged_into_number",
    "merge_chain": "merged_into_number",
}


# The change page, read-only. Identity fields only for view_identity; the others see
# "Anonim" or "(disembunyikan)" in their place.
HANDLING_FIELDS = ["number", "stage", "stage_changed_at", "due_shown", "assigned_to", "created_at"]
EVENT_FIELDS = [
    "election", "category", "title", "description", "occurred_on", "known_on", "place",
    "location_detail", "reported_party",
]  # fmt: skip
IDENTITY_FIELDS = [
    "reporter_shown", "reporter_phone", "reporter_email", "reporter_address", "witness_list",
    "consent",
]  # fmt: skip
IDENTITY_HIDDEN_FIELDS = ["reporter_hidden", "witnesses_hidden", "consent"]
OUTCOME_FIELDS = ["merged_into_link", "duplicate_list", "forwarded_to", "forwarded_agency"]


def action_ids(action: str) -> str:
    # Several forms share a page (and field names): ids stay unique per form.
    return "id_%s_%%s" % action


def may_see_identity(request) -> bool:
    return request.user.has_perm(IDENTITY_PERMISSION)


def may_hold(request) -> bool:
    return request.user.has_perm(HOLD_PERMISSION)


def complaint_link(complaint_id: int, number: str):
    url = reverse("admin:complaints_complaint_change", args=[complaint_id])
    return format_html('<a href="{}">{}</a>', url, number)


class DistrictFilter(admin.SimpleListFilter):
    """The kecamatan of the office's region, by the village the complaint names."""

    title = gettext_lazy("kecamatan")
    parameter_name = "kecamatan"

    def lookups(self, request, model_admin):
        office = office_profile_current()
        if office.region_id is None:
            return []
        return list(
            Region.objects.filter(level=RegionLevel.DISTRICT, parent_id=office.region_id)
            .order_by("name")
            .values_list("code", "name")
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(location__parent_id=self.value())
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = gettext_lazy("penugasan")
    parameter_name = "ditugaskan"

    def lookups(self, request, model_admin):
        return [
            ("saya", gettext_lazy("Ditugaskan ke saya")),
            ("belum", gettext_lazy("Belum ditugaskan")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "saya":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "belum":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


# "batas waktu" alone is already the outbox's "expires": a context keeps the two apart.
DUE_LABEL = pgettext_lazy("complaint deadline", "batas waktu")


class DueFilter(admin.SimpleListFilter):
    """Overdue, due soon (the digest's horizon, settings.COMPLAINT_DIGEST_DAYS_AHEAD), or no
    deadline at all (a stage without a clock)."""

    title = DUE_LABEL
    parameter_name = "batas_waktu"

    def lookups(self, request, model_admin):
        return [
            ("terlambat", _("Terlambat")),
            (
                "segera",
                _("Jatuh tempo dalam %(days)s hari")
                % {"days": settings.COMPLAINT_DIGEST_DAYS_AHEAD},
            ),
            ("tanpa", _("Tanpa batas waktu")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "terlambat":
            return queryset.filter(due_at__lt=now)
        if self.value() == "segera":
            limit = due_soon_limit(now, settings.COMPLAINT_DIGEST_DAYS_AHEAD)
            return queryset.filter(due_at__gte=now, due_at__lte=limit)
        if self.value() == "tanpa":
            return queryset.filter(due_at__isnull=True)
        return queryset


def late_text(days: int) -> str:
    return ngettext("terlambat %(days)s hari", "terlambat %(days)s hari", days) % {"days": days}


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = [
        "number", "title", "category", "stage", "election", "district", "assigned_to",
        "due", "created_at",
    ]  # fmt: skip
    list_display_links = ["number", "title"]
    list_filter = ["stage", DueFilter, "category", "election", DistrictFilter, AssignedFilter]
    list_select_related = ["election", "location__parent", "assigned_to"]
    search_fields = ["number", "title"]
    search_help_text = gettext_lazy("Cari nomor atau judul pengaduan.")
    # Facet counts would run the search (and its audit) once per filter.
    show_facets = admin.ShowFacets.NEVER
    actions = None

    class Media:
        # The overdue highlight: a class, since the admin's CSP forbids style attributes.
        css = {"all": ["complaints/admin.css"]}

    # --- Permissions ------------------------------------------------------------------------

    def has_add_permission(self, request) -> bool:
        # Complaints come from citizens, through the public form.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # change_complaint opens the action forms; the complaint's own form stays read-only.
        return super().has_change_permission(request, obj) and obj is None

    @staticmethod
    def may_act(request) -> bool:
        return request.user.has_perm(ACT_PERMISSION)

    # --- List -------------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("kecamatan"), ordering="location__parent__name")
    def district(self, complaint: Complaint) -> str:
        return complaint.location.parent.name if complaint.location.parent_id else ""

    @admin.display(description=DUE_LABEL, ordering="due_at")
    def due(self, complaint: Complaint):
        if complaint.due_at is None:
            return None
        now = timezone.now()
        shown = date_format(local_date(complaint.due_at), "DATE_FORMAT")
        late = days_late(complaint.due_at, now)
        if late:
            # The words too, not the colour alone.
            return format_html(
                '<span class="complaint-due complaint-due--overdue">{} · {}</span>',
                shown,
                late_text(late),
            )
        if complaint.due_at <= due_soon_limit(now, settings.COMPLAINT_DIGEST_DAYS_AHEAD):
            return format_html('<span class="complaint-due complaint-due--soon">{}</span>', shown)
        return shown

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # Only what the list's own filters send. Django would otherwise take a filter on any of
        # the model's fields from the query string (?reporter_name__startswith=S): a way to
        # sort complaints by their reporters' identity, past permission and audit alike.
        offered = {
            item.parameter_name if isinstance(item, type) else item for item in self.list_filter
        }
        if lookup.split(LOOKUP_SEP, 1)[0] not in offered:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        if may_see_identity(request):
            return [*self.search_fields, "reporter_name"]
        return self.search_fields

    def get_search_help_text(self, request):
        if may_see_identity(request):
            return _("Cari nomor, judul, atau nama pelapor (pencarian nama dicatat).")
        return self.search_help_text

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        # The help text depends on the user; the change list reads only the attribute.
        if hasattr(response, "context_data") and "cl" in response.context_data:
            response.context_data["cl"].search_help_text = self.get_search_help_text(request)
        return response

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip() and may_see_identity(request):
            self._identity_search_audit(request, results, search_term)
        return results, may_have_duplicates

    @staticmethod
    def _identity_search_audit(request, results, search_term: str) -> None:
        """One audit row per search through the reporter's name, naming the complaints it
        found by the name; never the term itself, which is personal data."""
        if getattr(request, "_complaint_identity_search_audited", False):
            return
        request._complaint_identity_search_audited = True
        by_name = Q()
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            by_name |= Q(reporter_name__icontains=bit)
        numbers = sorted(results.filter(by_name).values_list("number", flat=True))
        audit_record(request.user, "complaint.identity_searched", None, numbers=numbers)

    # --- Detail -----------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        reporter = IDENTITY_FIELDS if may_see_identity(request) else IDENTITY_HIDDEN_FIELDS
        return [
            (None, {"fields": HANDLING_FIELDS}),
            (gettext_lazy("Kejadian"), {"fields": EVENT_FIELDS}),
            (gettext_lazy("Pelapor"), {"fields": reporter}),
            (gettext_lazy("Penanganan"), {"fields": OUTCOME_FIELDS}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return flatten_fieldsets(self.get_fieldsets(request, obj))

    @admin.display(description=gettext_lazy("digabung ke"))
    def merged_into_link(self, complaint: Complaint):
        if complaint.merged_into_id is None:
            return "-"
        return complaint_link(complaint.merged_into_id, complaint.merged_into.number)

    @admin.display(description=gettext_lazy("pengaduan yang digabung ke sini"))
    def duplicate_list(self, complaint: Complaint):
        duplicates = complaint.duplicates.order_by("number").values_list("pk", "number")
        links = [complaint_link(pk, number) for pk, number in duplicates]
        if not links:
            return "-"
        return format_html_join(", ", "{}", ((link,) for link in links))

    @admin.display(description=DUE_LABEL)
    def due_shown(self, complaint: Complaint):
        if complaint.due_at is None:
            return _("Tidak ada: tahap ini tanpa batas waktu.")
        shown = date_format(timezone.localtime(complaint.due_at), "DATETIME_FORMAT")
        if complaint.deadline_extended:
            shown = _("%(due)s (diperpanjang)") % {"due": shown}
        late = days_late(complaint.due_at, timezone.now())
        if late:
            return format_html(
                '<span class="complaint-due complaint-due--overdue">{} · {}</span>',
                shown,
                late_text(late),
            )
        return shown

    @admin.display(description=gettext_lazy("desa/kelurahan"))
    def place(self, complaint: Complaint) -> str:
        village = complaint.location
        if village.parent_id:
            return _("%(village)s, Kec. %(district)s") % {
                "village": village.name,
                "district": village.parent.name,
            }
        return village.name

    @admin.display(description=gettext_lazy("pelapor"))
    def reporter_hidden(self, complaint: Complaint) -> str:
        return ANONYMOUS if complaint.anonymous else HIDDEN

    @admin.display(description=gettext_lazy("saksi"))
    def witnesses_hidden(self, complaint: Complaint) -> str:
        return HIDDEN

    @admin.display(description=gettext_lazy("pelapor"))
    def reporter_shown(self, complaint: Complaint) -> str:
        if complaint.anonymous:
            if complaint.reporter_name:
                return _("Anonim (menyebut nama: %(name)s)") % {"name": complaint.reporter_name}
            return ANONYMOUS
        return complaint.reporter_name

    @admin.display(description=gettext_lazy("saksi"))
    def witness_list(self, complaint: Complaint):
        witnesses = list(complaint.witnesses.all())
        if not witnesses:
            return "-"
        return format_html_join(
            "",
            "<div>{} <span class='quiet'>{}</span></div>",
            ((witness.name, witness.contact) for witness in witnesses),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("election", "location__parent", "assigned_to", "merged_into")
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._detail_context(request, obj))
            if may_see_identity(request):
                # The page about to be sent shows the reporter's identity: one row per view.
                audit_record(request.user, "complaint.identity_viewed", obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _detail_context(self, request, complaint: Complaint) -> dict:
        context = {
            "complaint_events": list(complaint.events.select_related("actor")),
            "may_download_evidence": request.user.has_perm(EVIDENCE_PERMISSION),
            "complaint_evidence": [],
            "complaint_actions": None,
        }
        if context["may_download_evidence"]:
            context["complaint_evidence"] = [
                (
                    evidence,
                    reverse("complaints:evidence_download", args=[evidence.public_id]),
                )
                for evidence in complaint.evidence.all()
            ]
        if self.may_act(request):
            context["complaint_actions"] = self._action_forms(request, complaint)
        return context

    # --- Actions: stage, reply, extension, internal note, assignment, legal hold -------------
    #
    # What reaches the reporter (a stage move, a reply, an extension) is shown first as it will
    # be sent: the posted form answers with a preview, and only its "Kirim" calls the service.

    def get_urls(self):
        def action(name: str, slug: str):
            return path(
                "<path:object_id>/%s/" % slug,
                self.admin_site.admin_view(self.action_view),
                {"action": name},
                name="complaints_complaint_%s" % name,
            )

        return [
            action("transition", "tahap"),
            action("reply", "balas"),
            action("note", "catatan"),
            action("assign", "tugaskan"),
            action("extend", "perpanjang"),
            action("legal_hold", "tahan"),
            *super().get_urls(),
        ]

    def _action_forms(self, request, complaint: Complaint) -> list[dict]:
        """The forms under a complaint; each only while its action is possible."""
        forms = {
            "transition": TransitionForm(
                stage=complaint.stage, complaint=complaint, auto_id=action_ids("transition")
            )
            if stage_moves(complaint.stage)
            else None,
            "reply": ReplyForm(complaint=complaint, auto_id=action_ids("reply")),
            "extend": ExtendForm(auto_id=action_ids("extend"))
            if extension_open(complaint)
            else None,
            "note": NoteForm(auto_id=action_ids("note")),
            "assign": AssignForm(
                initial={"officer": complaint.assigned_to_id}, auto_id=action_ids("assign")
            ),
            "legal_hold": LegalHoldForm(
                initial={"hold": "0" if complaint.legal_hold else "1"},
                auto_id=action_ids("legal_hold"),
            )
            if may_hold(request) and (complaint.legal_hold or complaint.shredded_at is None)
            else None,
        }
        return [
            self._action_entry(complaint, name, form)
            for name, form in forms.items()
            if form is not None
        ]

    @staticmethod
    def _action_entry(complaint: Complaint, name: str, form) -> dict:
        button, intro = ACTION_BUTTONS.get(name), ACTION_INTROS.get(name, "")
        if name == "legal_hold":
            button = HOLD_BUTTONS[complaint.legal_hold]
            intro = HOLD_INTROS[complaint.legal_hold]
        elif name in PREVIEWED:
            button = PREVIEW_BUTTONS[name]
        return {
            "name": name,
            "title": ACTION_TITLES[name],
            "button": button,
            "intro": intro,
            "form": form,
            "url": reverse("admin:complaints_complaint_%s" % name, args=[complaint.pk]),
        }

    def action_view(self, request, object_id: str, action: str):
        complaint = self.get_object(request, unquote(object_id))
        if complaint is None:
            raise Http404(_("Pengaduan tidak ditemukan."))
        if not self.may_act(request) or (action == "legal_hold" and not may_hold(request)):
            raise PermissionDenied
        change_url = reverse("admin:complaints_complaint_change", args=[complaint.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        form = self._action_bind(action, complaint, request.POST)
        # A previewed action: first the preview, then its "Kirim" (_send) or "Ubah" (_edit).
        step = "send"
        if action in PREVIEWED:
            step = "send" if "_send" in request.POST else "edit" if "_edit" in request.POST else ""
        if form.is_valid() and step == "send":
            try:
                done = self._action_run(action, request, complaint, form.cleaned_data)
            except ValidationError as error:
                field = ERROR_FIELDS.get(getattr(error, "code", None))
                form.add_error(field if field in form.fields else None, error)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        elif form.is_valid() and step != "edit":
            self._preview_check(action, complaint, form)
            if form.is_valid():
                return self._preview_render(request, action, complaint, form, change_url)
        # Shown again with the officer's text kept and the reason it was not done.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": complaint,
            "action": self._action_entry(complaint, action, form),
            "title": ACTION_TITLES[action],
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/complaints/complaint/action_form.html", context)

    @staticmethod
    def _action_bind(action: str, complaint: Complaint, data):
        if action == "transition":
            return TransitionForm(
                data, stage=complaint.stage, complaint=complaint, auto_id=action_ids(action)
            )
        if action == "reply":
            return ReplyForm(data, complaint=complaint, auto_id=action_ids(action))
        form_class = {
            "note": NoteForm,
            "assign": AssignForm,
            "extend": ExtendForm,
            "legal_hold": LegalHoldForm,
        }[action]
        return form_class(data, auto_id=action_ids(action))

    @staticmethod
    def _preview_check(action: str, complaint: Complaint, form) -> None:
        """Refusals the officer can be told before the preview rather than after it; the
        service checks them again, under the row lock, when the action is sent."""
        if action != "transition":
            return
        data = form.cleaned_data
        if complaint.stage != data["expected_stage"]:
            form.add_error(
                None,
                _(
                    "Pengaduan %(number)s sudah dipindah ke tahap %(stage)s oleh petugas lain. "
                    "Muat ulang halaman lalu periksa lagi."
                )
                % {"number": complaint.number, "stage": complaint.get_stage_display()},
            )
        elif data["to"] in REASON_REQUIRED and not data["public_note"].strip():
            form.add_error("public_note", _("Tuliskan alasannya di catatan untuk pelapor."))

    def _preview_render(self, request, action: str, complaint: Complaint, form, change_url):
        """The public note as the reporter will read it, and the e-mail around it, with the
        confirmed values in hidden fields: "Kirim" sends exactly this, "Ubah" reopens the form."""
        data = form.cleaned_data
        public_note = data["public_note"].strip()
        stage_label = complaint.get_stage_display()
        merged_into = move = ""
        if action == "transition":
            stage_label = Stage(data["to"]).label
            move = (complaint.get_stage_display(), stage_label)
            if data["to"] == Stage.MERGED:
                merged_into = complaint_number_normalise(data["merged_into_number"])
        elif action == "extend" and not public_note:
            public_note = str(services.EXTENSION_NOTE_DEFAULT)
        email = email_render(
            template="notifications/emails/complaint_update",
            context={
                "number": complaint.number,
                "track_url": settings.PORTAL_BASE_URL + reverse("complaints:track"),
                "stage": stage_label,
                "public_note": public_note,
                "merged_into": merged_into,
                "links": None,
            },
        )
        # What is sent is what was shown: the filled-in canned reply, no longer the choice.
        confirmed = [
            (name, data["public_note"] if name == "public_note" else form.data.get(name, ""))
            for name in form.fields
            if name != "canned_reply"
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": complaint,
            "action": self._action_entry(complaint, action, form),
            "title": _("Pratinjau: %(action)s") % {"action": ACTION_TITLES[action]},
            "change_url": change_url,
            "preview_note": public_note,
            "preview_internal_note": data.get("internal_note", ""),
            "preview_move": move,
            "preview_merged_into": merged_into,
            "preview_email": email,
            "confirmed": confirmed,
        }
        return TemplateResponse(request, "admin/complaints/complaint/action_preview.html", context)

    @staticmethod
    def _action_run(action: str, request, complaint: Complaint, data: dict) -> str:
        """Call the service behind the action; return what to tell the officer."""
        if action == "transition":
            moved = services.complaint_transition(
                complaint_id=complaint.pk,
                expected_stage=data["expected_stage"],
                to=data["to"],
                actor=request.user,
                public_note=data["public_note"],
                internal_note=data["internal_note"],
                merged_into_number=data["merged_into_number"],
                forwarded_to=data["forwarded_to"],
                forwarded_agency=data["forwarded_agency"],
            )
            return _("Pengaduan %(number)s dipindah ke tahap %(stage)s.") % {
                "number": moved.number,
                "stage": moved.get_stage_display(),
            }
        if action == "reply":
            services.complaint_reply(
                complaint_id=complaint.pk, actor=request.user, public_note=data["public_note"]
            )
            return _("Balasan dikirim ke pelapor.")
        if action == "extend":
            extended = services.complaint_deadline_extend(
                complaint_id=complaint.pk, actor=request.user, public_note=data["public_note"]
            )
            return _("Batas waktu pengaduan %(number)s diperpanjang sampai %(due)s.") % {
                "number": extended.number,
                "due": date_format(timezone.localtime(extended.due_at), "DATETIME_FORMAT")
                if extended.due_at
                else "-",
            }
        if action == "legal_hold":
            held = retention.complaint_legal_hold_set(
                complaint_id=complaint.pk, hold=data["hold"], actor=request.user
            )
            if held.legal_hold:
                return _("Pengaduan %(number)s ditahan dari pemusnahan.") % {"number": held.number}
            return _("Penahanan pengaduan %(number)s dari pemusnahan dicabut.") % {
                "number": held.number
            }
        if action == "note":
            services.complaint_note_add(
                complaint_id=complaint.pk, actor=request.user, internal_note=data["internal_note"]
            )
            return _("Catatan internal ditambahkan.")
        officer = data["officer"]
        services.complaint_assign(complaint_id=complaint.pk, officer=officer, actor=request.user)
        if officer is None:
            return _("Penugasan pengaduan %(number)s dicabut.") % {"number": complaint.number}
        return _("Pengaduan %(number)s ditugaskan ke %(officer)s.") % {
            "number": complaint.number,
            "officer": officer.get_full_name() or officer.get_username(),
        }


def extension_open(complaint: Complaint) -> bool:
    """The handling clock runs and has not been extended yet (the one extension allowed)."""
    return complaint.stage in HANDLING_STAGES and not complaint.deadline_extended


# Actions whose text reaches the reporter: previewed before they are sent.
PREVIEWED = frozenset({"transition", "reply", "extend"})
# Each names its action: one page holds several of them.
PREVIEW_BUTTONS = {
    "transition": gettext_lazy("Pratinjau perpindahan tahap"),
    "reply": gettext_lazy("Pratinjau balasan"),
    "extend": gettext_lazy("Pratinjau perpanjangan"),
}
ACTION_TITLES = {
    "transition": gettext_lazy("Ubah tahap"),
    "reply": gettext_lazy("Balas pelapor"),
    "extend": gettext_lazy("Perpanjang batas waktu"),
    "note": gettext_lazy("Tambah catatan internal"),
    "assign": gettext_lazy("Tugaskan"),
    "legal_hold": gettext_lazy("Tahan dari pemusnahan"),
}
ACTION_BUTTONS = {
    "note": gettext_lazy("Simpan catatan"),
    "assign": gettext_lazy("Simpan penugasan"),
}
ACTION_INTROS = {
    "extend": gettext_lazy(
        "Sekali saja, bila penanganan memerlukan keterangan tambahan. Pelapor diberi tahu."
    ),
}
HOLD_BUTTONS = {
    False: gettext_lazy("Tahan dari pemusnahan"),
    True: gettext_lazy("Cabut penahanan"),
}
HOLD_INTROS = {
    False: gettext_lazy(
        "Identitas, kontak dan bukti dimusnahkan otomatis setelah masa simpan sejak Selesai. "
        "Tahan bila masih diperlukan, mis. untuk proses hukum."
    ),
    True: gettext_lazy(
        "Pengaduan ini ditahan: identitas, kontak dan bukti tidak dimusnahkan walau masa "
        "simpan habis."
    ),
}


class CannedReplyAdminForm(forms.ModelForm):
    class Meta:
        model = CannedReply
        fields = ["title", "stage", "body", "is_active"]
        help_texts = {
            "body": gettext_lazy(
                "Tanda yang diisi otomatis: {nomor} (nomor pengaduan), {tahap} (tahapnya) dan "
                "{kantor} (nama kantor). Teks ini tampil di halaman lacak dan dikirim ke pelapor."
            ),
        }

    def clean_body(self) -> str:
        # A mistyped placeholder would reach the reporter as written: say so here instead.
        body = self.cleaned_data["body"]
        unknown = sorted(
            {token for token in BRACED.findall(body) if not PLACEHOLDER.fullmatch(token)}
        )
        if unknown:
            raise ValidationError(
                _("Tanda %(tokens)s tidak dikenal; yang tersedia: {nomor}, {tahap}, {kantor}."),
                params={"tokens": ", ".join(unknown)},
                code="placeholder",
            )
        return body


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    form = CannedReplyAdminForm
    list_display = ["title", "stage", "is_active"]
    list_filter = ["is_active", "stage"]
    search_fields = ["title", "body"]


# --- Deadlines ------------------------------------------------------------------------------

RECOMPUTE_PENDING = "_complaints_due_recompute_pending"


def due_recompute_after_commit(request, election_kind: str) -> None:
    """Have open complaints' due dates follow an edit of the deadlines, once the edit is
    committed; once per election type and request, however many rows a list edit saved.
    (An edit of the holidays reaches complaints_due_recompute through the elections hook,
    see ComplaintsConfig.ready.)"""
    pending = getattr(request, RECOMPUTE_PENDING, None)
    if pending is not None:
        pending.add(election_kind)
        return
    pending = {election_kind}
    setattr(request, RECOMPUTE_PENDING, pending)

    def recompute() -> None:
        delattr(request, RECOMPUTE_PENDING)
        for kind in sorted(pending):
            complaints_due_recompute(election_kind=kind)

    # robust: the edit is saved either way; a failure is logged, and each complaint's next
    # move computes its due date afresh.
    transaction.on_commit(recompute, robust=True)


@admin.register(StageDeadline)
class StageDeadlineAdmin(admin.ModelAdmin):
    """The six legal periods (two election types, three clocks), created by migration 0003:
    edited, never added or deleted, since a missing row would silently drop a deadline."""

    list_display = ["clock", "election_kind", "days", "unit"]
    list_display_links = ["clock"]
    list_editable = ["days", "unit"]
    list_filter = ["election_kind"]
    fields = ["election_kind", "clock", "days", "unit"]
    readonly_fields = ["election_kind", "clock"]
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        due_recompute_after_commit(request, obj.election_kind)
