"""The officers' actions on a complaint in the admin, one small class each.

An action names its form, the permission it needs, the service it calls and what the officer is
told once it is done. What reaches the reporter (a stage move, a reply, an extension) is
previewed first, exactly as the e-mail will be sent: the posted form answers with a preview,
and only its "Kirim" calls the service. ``ACTIONS`` lists them in the order of the change page;
``ComplaintActionsMixin`` gives ComplaintAdmin the one view that serves them all by name.

The services check the permission again, whoever calls them; the view checks first so that a
refused officer sees a 403, not a form.
"""

from abc import ABC, abstractmethod

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints import retention, services
from complaints.admin_forms import (
    AssignForm,
    ExtendForm,
    LegalHoldForm,
    NoteForm,
    ReplyForm,
    TransitionForm,
    stage_moves,
)
from complaints.deadlines import HANDLING_STAGES
from complaints.models import ACT_PERMISSION, HOLD_PERMISSION, REASON_REQUIRED, Complaint, Stage
from humas_portal.tracking import case_number_normalise

# A service's refusal, shown at the field it concerns (by the error's code); the rest on top.
ERROR_FIELDS = {
    "reason_required": "public_note",
    "forward_target": "forwarded_to",
    "forward_agency": "forwarded_agency",
    "merge_target": "merged_into_number",
    "merge_chain": "merged_into_number",
}


class ComplaintAction(ABC):
    """One thing an officer does to a complaint through a form under it."""

    # In the URL and, as a prefix, in the ids of the form's fields (several forms share a page
    # and field names, so ids stay unique per form).
    name: str
    title: Promise
    form_class: type
    permission: str = ACT_PERMISSION
    button: Promise | str = ""
    intro: Promise | str = ""

    def allowed(self, user) -> bool:
        return user.has_perm(self.permission)

    def available(self, complaint: Complaint) -> bool:
        """Whether the complaint, as it stands, offers this action at all."""
        return True

    def form(self, complaint: Complaint, data=None):
        return self.form_class(data, auto_id="id_%s_%%s" % self.name, **self.form_kwargs(complaint))

    def form_kwargs(self, complaint: Complaint) -> dict:
        return {}

    def button_for(self, complaint: Complaint) -> Promise | str:
        return self.button

    def intro_for(self, complaint: Complaint) -> Promise | str:
        return self.intro

    @abstractmethod
    def run(self, *, complaint: Complaint, actor, data: dict) -> str:
        """Call the service behind the action; return what to tell the officer."""

    def entry(self, complaint: Complaint, form) -> dict:
        """What the templates (action_module.html) show of this action."""
        return {
            "name": self.name,
            "title": self.title,
            "button": self.button_for(complaint),
            "intro": self.intro_for(complaint),
            "form": form,
            "url": reverse("admin:complaints_complaint_action", args=[complaint.pk, self.name]),
        }


class ReporterAction(ComplaintAction):
    """An action whose public note and e-mail reach the reporter: previewed before it is sent;
    its button says so."""

    def check(self, complaint: Complaint, data: dict) -> None:
        """Refusals the officer can be told before the preview rather than after it (raise
        ValidationError); the service checks them again, under the row lock, on "Kirim"."""

    def preview(self, complaint: Complaint, data: dict) -> dict:
        """The facts shown on the preview: the note as the tracking page will show it, the
        move, the merge target and the e-mail around them."""
        note = data["public_note"].strip()
        return {
            "preview_note": note,
            "preview_email": services.complaint_update_preview(
                complaint, stage=complaint.stage, public_note=note
            ),
        }


class TransitionAction(ReporterAction):
    name = "transition"
    title = gettext_lazy("Ubah tahap")
    form_class = TransitionForm
    button = gettext_lazy("Pratinjau perpindahan tahap")
    # The target stages each field is for. complaints/admin.js shows a field only when its
    # stage is chosen; without JavaScript every field shows and the help texts say when.
    FIELD_STAGES = {
        "merged_into_number": [Stage.MERGED],
        "forwarded_to": [Stage.FORWARDED],
        "forwarded_agency": [Stage.FORWARDED],
    }

    def available(self, complaint: Complaint) -> bool:
        return bool(stage_moves(complaint.stage))

    def form(self, complaint: Complaint, data=None):
        form = super().form(complaint, data)
        for name, stages in self.FIELD_STAGES.items():
            form.fields[name].widget.attrs["data-complaint-stages"] = " ".join(stages)
        # The note is the reason these moves require: marked required when one is chosen.
        form.fields["public_note"].widget.attrs["data-complaint-required-for"] = " ".join(
            sorted(REASON_REQUIRED)
        )
        return form

    def form_kwargs(self, complaint: Complaint) -> dict:
        return {"stage": complaint.stage, "complaint": complaint}

    def check(self, complaint: Complaint, data: dict) -> None:
        services.complaint_transition_check(
            complaint,
            expected_stage=data["expected_stage"],
            to=data["to"],
            public_note=data["public_note"],
        )

    def preview(self, complaint: Complaint, data: dict) -> dict:
        note = data["public_note"].strip()
        merged_into = ""
        if data["to"] == Stage.MERGED:
            merged_into = case_number_normalise(data["merged_into_number"])
        return {
            "preview_note": note,
            "preview_internal_note": data["internal_note"],
            "preview_move": (complaint.get_stage_display(), Stage(data["to"]).label),
            "preview_merged_into": merged_into,
            "preview_email": services.complaint_update_preview(
                complaint, stage=data["to"], public_note=note, merged_into=merged_into
            ),
        }

    def run(self, *, complaint: Complaint, actor, data: dict) -> str:
        moved = services.complaint_transition(
            complaint_id=complaint.pk,
            expected_stage=data["expected_stage"],
            to=data["to"],
            actor=actor,
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


class ReplyAction(ReporterAction):
    name = "reply"
    title = gettext_lazy("Balas pelapor")
    form_class = ReplyForm
    button = gettext_lazy("Pratinjau balasan")

    def form_kwargs(self, complaint: Complaint) -> dict:
        return {"complaint": complaint}

    def run(self, *, complaint: Complaint, actor, data: dict) -> str:
        services.complaint_reply(
            complaint_id=complaint.pk, actor=actor, public_note=data["public_note"]
        )
        return _("Balasan dikirim ke pelapor.")


class ExtendAction(ReporterAction):
    name = "extend"
    title = gettext_lazy("Perpanjang batas waktu")
    form_class = ExtendForm
    button = gettext_lazy("Pratinjau perpanjangan")
    intro = gettext_lazy(
        "Sekali saja, bila penanganan memerlukan keterangan tambahan. Pelapor diberi tahu."
    )

    def available(self, complaint: Complaint) -> bool:
        # The handling clock runs and has not been extended yet (the one extension allowed).
        return complaint.stage in HANDLING_STAGES and not complaint.deadline_extended

    def preview(self, complaint: Complaint, data: dict) -> dict:
        note = services.complaint_extension_note(complaint, data["public_note"])
        return {
            "preview_note": note,
            "preview_email": services.complaint_update_preview(
                complaint, stage=complaint.stage, public_note=note
            ),
        }

    def run(self, *, complaint: Complaint, actor, data: dict) -> str:
        extended = services.complaint_deadline_extend(
            complaint_id=complaint.pk, actor=actor, public_note=data["public_note"]
        )
        return _("Batas waktu pengaduan %(number)s diperpanjang sampai %(due)s.") % {
            "number": extended.number,
            "due": date_format(timezone.localtime(extended.due_at), "DATETIME_FORMAT")
            if extended.due_at
            else "-",
        }


class NoteAction(ComplaintAction):
    name = "note"
    title = gettext_lazy("Tambah catatan internal")
    form_class = NoteForm
    button = gettext_lazy("Simpan catatan")

    def run(self, *, complaint: Complaint, actor, data: dict) -> str:
        services.complaint_note_add(
            complaint_id=complaint.pk, actor=actor, internal_note=data["internal_note"]
        )
        return _("Catatan internal ditambahkan.")


class AssignAction(ComplaintAction):
    name = "assign"
    title = gettext_lazy("Tugaskan")
    form_class = AssignForm
    button = gettext_lazy("Simpan penugasan")

    def form_kwargs(self, complaint: Complaint) -> dict:
        return {"initial": {"officer": complaint.assigned_to_id}}

    def run(self, *, complaint: Complaint, actor, data: dict) -> str:
        officer = data["officer"]
        services.complaint_assign(complaint_id=complaint.pk, officer=officer, actor=actor)
        if officer is None:
            return _("Penugasan pengaduan %(number)s dicabut.") % {"number": complaint.number}
        return _("Pengaduan %(number)s ditugaskan ke %(officer)s.") % {
            "number": complaint.number,
            "officer": officer.get_full_name() or officer.get_username(),
        }


class LegalHoldAction(ComplaintAction):
    name = "legal_hold"
    title = gettext_lazy("Tahan dari pemusnahan")
    form_class = LegalHoldForm
    # The coordinator's call.
    permission = HOLD_PERMISSION
    BUTTONS = {
        False: gettext_lazy("Tahan dari pemusnahan"),
        True: gettext_lazy("Cabut penahanan"),
    }
    INTROS = {
        False: gettext_lazy(
            "Identitas, kontak dan bukti dimusnahkan otomatis setelah masa simpan sejak "
            "Selesai. Tahan bila masih diperlukan, mis. untuk proses hukum."
        ),
        True: gettext_lazy(
            "Pengaduan ini ditahan: identitas, kontak dan bukti tidak dimusnahkan walau masa "
            "simpan habis."
        ),
    }

    def available(self, complaint: Complaint) -> bool:
        # A complaint already shredded has nothing left to hold (but a hold can be released).
        return complaint.legal_hold or complaint.shredded_at is None

    def form_kwargs(self, complaint: Complaint) -> dict:
        return {"initial": {"hold": "0" if complaint.legal_hold else "1"}}

    def button_for(self, complaint: Complaint) -> Promise | str:
        return self.BUTTONS[complaint.legal_hold]

    def intro_for(self, complaint: Complaint) -> Promise | str:
        return self.INTROS[complaint.legal_hold]

    def run(self, *, complaint: Complaint, actor, data: dict) -> str:
        held = retention.complaint_legal_hold_set(
            complaint_id=complaint.pk, hold=data["hold"], actor=actor
        )
        if held.legal_hold:
            return _("Pengaduan %(number)s ditahan dari pemusnahan.") % {"number": held.number}
        return _("Penahanan pengaduan %(number)s dari pemusnahan dicabut.") % {
            "number": held.number
        }


ACTIONS: dict[str, ComplaintAction] = {
    action.name: action
    for action in (
        TransitionAction(),
        ReplyAction(),
        ExtendAction(),
        NoteAction(),
        AssignAction(),
        LegalHoldAction(),
    )
}


def _refusal_show(form, error: ValidationError) -> None:
    field = ERROR_FIELDS.get(getattr(error, "code", None))
    form.add_error(field if field in form.fields else None, error)


class ComplaintActionsMixin:
    """ComplaintAdmin's action forms under a complaint, and the one view they post to; the
    admin names its actions in ``complaint_actions`` (name -> action)."""

    complaint_actions: dict[str, ComplaintAction]

    def may_act(self, request) -> bool:
        return request.user.has_perm(ACT_PERMISSION)

    def action_entries(self, request, complaint: Complaint) -> list[dict]:
        """The forms under a complaint, each only while its action is possible and allowed."""
        if not self.may_act(request):
            return []
        return [
            action.entry(complaint, action.form(complaint))
            for action in self.complaint_actions.values()
            if action.allowed(request.user) and action.available(complaint)
        ]

    def get_urls(self):
        action = path(
            "<path:object_id>/aksi/<slug:name>/",
            self.admin_site.admin_view(self.action_view),
            name="complaints_complaint_action",
        )
        # Before the admin's own: its "<path:object_id>/" would take the action's path too.
        return [action, *super().get_urls()]

    def action_view(self, request, object_id: str, name: str):
        action = self.complaint_actions.get(name)
        if action is None:
            raise Http404
        complaint = self.get_object(request, unquote(object_id))
        if complaint is None:
            raise Http404(_("Pengaduan tidak ditemukan."))
        if not (self.may_act(request) and action.allowed(request.user)):
            raise PermissionDenied
        change_url = reverse("admin:complaints_complaint_change", args=[complaint.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        form = action.form(complaint, request.POST)
        # A previewed action: first the preview, then its "Kirim" (_send) or "Ubah" (_edit).
        step = "send"
        if isinstance(action, ReporterAction):
            step = "send" if "_send" in request.POST else "edit" if "_edit" in request.POST else ""
        if form.is_valid() and step == "send":
            try:
                done = action.run(complaint=complaint, actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                _refusal_show(form, error)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        elif form.is_valid() and step != "edit":
            try:
                action.check(complaint, form.cleaned_data)
            except ValidationError as error:
                _refusal_show(form, error)
            else:
                return self._action_preview(request, action, complaint, form, change_url)
        # Shown again with the officer's text kept and the reason it was not done.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": complaint,
            "action": action.entry(complaint, form),
            "title": action.title,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/complaints/complaint/action_form.html", context)

    def _action_preview(self, request, action: ReporterAction, complaint, form, change_url):
        """The action as the reporter will meet it, with the confirmed values in hidden
        fields: "Kirim" sends exactly this, "Ubah" reopens the form."""
        data = form.cleaned_data
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
            "action": action.entry(complaint, form),
            "title": _("Pratinjau: %(action)s") % {"action": action.title},
            "change_url": change_url,
            "confirmed": confirmed,
            **action.preview(complaint, data),
        }
        return TemplateResponse(request, "admin/complaints/complaint/action_preview.html", context)
