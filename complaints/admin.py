"""The complaint desk in the admin: officers list, read and act; nobody edits a report.

A complaint is shown read-only. Officers act through forms under it (complaints.admin_actions:
stage, reply, extension, note, assignment, legal hold) that call complaints.services, the same
path as everywhere else; the list's filters are in complaints.admin_list. The
reporter's identity (name, contacts, address, witnesses) is rendered only for
``complaints.view_identity``, and each page or search that shows or uses it writes exactly one
audit row. Witnesses, events and evidence have no admin of their own: they appear only inside
their complaint, so identity cannot leak through a side door.
"""

import re

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.constants import LOOKUP_SEP
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.admin_actions import ACTIONS, ComplaintActionsMixin
from complaints.admin_forms import PLACEHOLDER
from complaints.admin_list import (
    DUE_LABEL,
    AssignedFilter,
    DistrictFilter,
    DueFilter,
    identity_search_audit,
    overdue_html,
)
from complaints.deadlines import complaints_due_recompute, days_late, due_soon_limit
from complaints.models import (
    EVIDENCE_PERMISSION,
    IDENTITY_PERMISSION,
    CannedReply,
    Complaint,
    EvidenceKind,
    StageDeadline,
)
from humas_portal.audit import audit_record
from humas_portal.elections.dates import local_date

BRACED = re.compile(r"\{[^{}\s]*\}")
HIDDEN = gettext_lazy("(disembunyikan)")
ANONYMOUS = gettext_lazy("Anonim")


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


def may_see_identity(request) -> bool:
    return request.user.has_perm(IDENTITY_PERMISSION)


def complaint_link(complaint_id: int, number: str):
    url = reverse("admin:complaints_complaint_change", args=[complaint_id])
    return format_html('<a href="{}">{}</a>', url, number)


@admin.register(Complaint)
class ComplaintAdmin(ComplaintActionsMixin, admin.ModelAdmin):
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
    # The officers' actions under a complaint, one class each (complaints.admin_actions).
    complaint_actions = ACTIONS

    class Media:
        # The overdue highlight: a class, since the admin's CSP forbids style attributes.
        css = {"all": ["complaints/admin.css"]}
        # Shows only the fields of the chosen target stage; without it all of them show.
        js = ["complaints/admin.js"]

    # --- Permissions ------------------------------------------------------------------------

    def has_add_permission(self, request) -> bool:
        # Complaints come from citizens, through the public form.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # change_complaint opens the action forms; the complaint's own form stays read-only.
        return super().has_change_permission(request, obj) and obj is None

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
            return overdue_html(shown, late)
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
            identity_search_audit(request, results, search_term)
        return results, may_have_duplicates

    # --- Detail -----------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        reporter = IDENTITY_FIELDS if may_see_identity(request) else IDENTITY_HIDDEN_FIELDS
        # Every section titled: the admin draws an empty bar above an untitled one.
        return [
            (gettext_lazy("Status"), {"fields": HANDLING_FIELDS}),
            (gettext_lazy("Kejadian"), {"fields": EVENT_FIELDS}),
            (gettext_lazy("Pelapor"), {"fields": reporter}),
            (gettext_lazy("Hasil penanganan"), {"fields": OUTCOME_FIELDS}),
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
            return overdue_html(shown, late)
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
        }
        if context["may_download_evidence"]:
            context["complaint_evidence"] = [
                {
                    "evidence": evidence,
                    "download_url": reverse(
                        "complaints:evidence_download", args=[evidence.public_id]
                    ),
                    "thumbnail_url": reverse(
                        "complaints:evidence_thumbnail", args=[evidence.public_id]
                    )
                    if evidence.kind == EvidenceKind.IMAGE
                    else "",
                }
                for evidence in complaint.evidence.all()
            ]
        # The officers' actions (complaints.admin_actions), each only where allowed.
        context["complaint_actions"] = self.action_entries(request, complaint)
        return context


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
