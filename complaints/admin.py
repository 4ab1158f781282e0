"""The complaint desk in the admin: officers list, read and act; nobody edits a report.

A complaint is shown read-only. Officers act through forms under it (stage, reply, internal
note, assignment) that call complaints.services, the same path as everywhere else. The
reporter's identity (name, contacts, address, witnesses) is rendered only for
``complaints.view_identity``, and each page or search that shows or uses it writes exactly one
audit row. Witnesses, events and evidence have no admin of their own: they appear only inside
their complaint, so identity cannot leak through a side door.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints import services
from complaints.admin_forms import AssignForm, NoteForm, ReplyForm, TransitionForm, stage_moves
from complaints.models import Complaint, Election
from humas_portal.audit import audit_record
from humas_portal.siteprofile.models import Region, RegionLevel
from humas_portal.siteprofile.selectors import office_profile_current

IDENTITY_PERMISSION = "complaints.view_identity"
EVIDENCE_PERMISSION = "complaints.view_evidence"
ACT_PERMISSION = "complaints.change_complaint"
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
HANDLING_FIELDS = ["number", "stage", "stage_changed_at", "assigned_to", "created_at"]
EVENT_FIELDS = [
    "election", "category", "title", "description", "occurred_on", "known_on", "place",
    "location_detail", "reported_party",
]  # fmt: skip
IDENTITY_FIELDS = [
    "reporter_shown", "reporter_phone", "reporter_email", "reporter_address", "witness_list",
    "consent",
]  # fmt: skip
IDENTITY_HIDDEN_FIELDS = ["reporter_hidden", "witnesses_hidden", "consent"]
OUTCOME_FIELDS = ["merged_into", "forwarded_to", "forwarded_agency"]


def action_ids(action: str) -> str:
    # Several forms share a page (and field names): ids stay unique per form.
    return "id_%s_%%s" % action


def may_see_identity(request) -> bool:
    return request.user.has_perm(IDENTITY_PERMISSION)


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


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = [
        "number", "title", "category", "stage", "election", "district", "assigned_to",
        "created_at",
    ]  # fmt: skip
    list_display_links = ["number", "title"]
    list_filter = ["stage", "category", "election", DistrictFilter, AssignedFilter]
    list_select_related = ["election", "location__parent", "assigned_to"]
    search_fields = ["number", "title"]
    search_help_text = gettext_lazy("Cari nomor atau judul pengaduan.")
    # Facet counts would run the search (and its audit) once per filter.
    show_facets = admin.ShowFacets.NEVER
    actions = None

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
            context["complaint_actions"] = self._action_forms(complaint)
        return context

    # --- Actions: stage, reply, internal note, assignment ------------------------------------

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
            *super().get_urls(),
        ]

    def _action_forms(self, complaint: Complaint) -> list[dict]:
        """The forms under a complaint; the stage form only while a move is possible."""
        forms = {
            "transition": TransitionForm(stage=complaint.stage, auto_id=action_ids("transition"))
            if stage_moves(complaint.stage)
            else None,
            "reply": ReplyForm(auto_id=action_ids("reply")),
            "note": NoteForm(auto_id=action_ids("note")),
            "assign": AssignForm(
                initial={"officer": complaint.assigned_to_id}, auto_id=action_ids("assign")
            ),
        }
        return [
            self._action_entry(complaint, name, form)
            for name, form in forms.items()
            if form is not None
        ]

    @staticmethod
    def _action_entry(complaint: Complaint, name: str, form) -> dict:
        return {
            "name": name,
            "title": ACTION_TITLES[name],
            "button": ACTION_BUTTONS[name],
            "form": form,
            "url": reverse("admin:complaints_complaint_%s" % name, args=[complaint.pk]),
        }

    def action_view(self, request, object_id: str, action: str):
        complaint = self.get_object(request, unquote(object_id))
        if complaint is None:
            raise Http404(_("Pengaduan tidak ditemukan."))
        if not self.may_act(request):
            raise PermissionDenied
        change_url = reverse("admin:complaints_complaint_change", args=[complaint.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        form = self._action_bind(action, complaint, request.POST)
        if form.is_valid():
            try:
                done = self._action_run(action, request, complaint, form.cleaned_data)
            except ValidationError as error:
                field = ERROR_FIELDS.get(getattr(error, "code", None))
                form.add_error(field if field in form.fields else None, error)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
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
            return TransitionForm(data, stage=complaint.stage, auto_id=action_ids(action))
        form_class = {"reply": ReplyForm, "note": NoteForm, "assign": AssignForm}[action]
        return form_class(data, auto_id=action_ids(action))

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


ACTION_TITLES = {
    "transition": gettext_lazy("Ubah tahap"),
    "reply": gettext_lazy("Balas pelapor"),
    "note": gettext_lazy("Tambah catatan internal"),
    "assign": gettext_lazy("Tugaskan"),
}
ACTION_BUTTONS = {
    "transition": gettext_lazy("Pindahkan tahap"),
    "reply": gettext_lazy("Kirim balasan"),
    "note": gettext_lazy("Simpan catatan"),
    "assign": gettext_lazy("Simpan penugasan"),
}


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "voting_day", "is_open"]
    list_filter = ["kind", "is_open"]
    search_fields = ["name"]
