"""The complaint desk (posko aduan): online tips about suspected election violations.

An online complaint is a *pengaduan / informasi awal* (docs/TERMS.md): it may be anonymous,
and officers may turn it into a formal report (*laporan*) or into the office's own finding
(*temuan*). The reporter's identity (name, contacts, address) and the witnesses are readable
only with ``complaints.view_identity``; every such read is audited. A complaint is guarded by
its tracking secret, of which only a hash is kept; its number is sequential on purpose, to be
read over the phone.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from humas_portal.elections.models import Election, ElectionKind
from humas_portal.fields import language_check, language_field
from humas_portal.uploads import WholeFileStorage

# The permissions the code checks, named once (humas_portal/roles.py grants them).
VIEW_PERMISSION = "complaints.view_complaint"
ACT_PERMISSION = "complaints.change_complaint"
IDENTITY_PERMISSION = "complaints.view_identity"
EVIDENCE_PERMISSION = "complaints.view_evidence"
HOLD_PERMISSION = "complaints.hold_complaint"
ALERT_PERMISSION = "complaints.receive_new_alerts"


class Category(models.TextChoices):
    MONEY_POLITICS = "money_politics", _("Politik uang")
    NEUTRALITY = "neutrality", _("Netralitas ASN, TNI, Polri atau kepala desa")
    CAMPAIGN_TIME_PLACE = (
        "campaign_time_place",
        _("Kampanye di luar jadwal atau di tempat terlarang"),
    )
    CAMPAIGN_PROPS = "campaign_props", _("Alat peraga kampanye")
    INTIMIDATION = "intimidation", _("Intimidasi atau kekerasan")
    HOAX_HATE = "hoax_hate", _("Hoaks, ujaran kebencian atau SARA")
    VOTER_LIST = "voter_list", _("Daftar pemilih")
    ORGANISER = "organiser", _("Pelanggaran oleh penyelenggara")
    OTHER = "other", _("Lainnya")


class Stage(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    ASSESSMENT = "assessment", _("Kajian Awal")
    REGISTERED = "registered", _("Diregistrasi")
    NOT_REGISTERED = "not_registered", _("Tidak Diregistrasi")
    FINDING = "finding", _("Dijadikan Temuan")
    CLARIFICATION = "clarification", _("Klarifikasi")
    DELIBERATION = "deliberation", _("Kajian dan Pleno")
    FORWARDED = "forwarded", _("Diteruskan")
    STOPPED = "stopped", _("Dihentikan")
    CLOSED = "closed", _("Selesai")
    MERGED = "merged", _("Digabung")


class ForwardedTo(models.TextChoices):
    KPU = "kpu", _("KPU (pelanggaran administrasi)")
    DKPP = "dkpp", _("DKPP (pelanggaran kode etik)")
    GAKKUMDU = "gakkumdu", _("Sentra Gakkumdu (tindak pidana pemilihan)")
    OTHER = "other", _("Instansi lain")


class EventKind(models.TextChoices):
    STAGE = "stage", _("Perubahan tahap")
    REPLY = "reply", _("Balasan untuk pelapor")
    NOTE = "note", _("Catatan internal")
    REPORTER_INFO = "reporter_info", _("Informasi tambahan dari pelapor")
    EVIDENCE = "evidence", _("Bukti ditambahkan")
    ASSIGNED = "assigned", _("Penugasan")
    EXTENDED = "extended", _("Batas waktu diperpanjang")
    SHREDDED = "shredded", _("Identitas dan bukti dimusnahkan")


# Events the reporter never sees on the timeline.
PRIVATE_EVENT_KINDS = frozenset({EventKind.NOTE, EventKind.ASSIGNED, EventKind.SHREDDED})


class DeadlineClock(models.TextChoices):
    # Which legal clock a deadline runs on, and from when it starts.
    ASSESSMENT = "assessment", _("Kajian awal, sejak pengaduan diterima")
    HANDLING = "handling", _("Penanganan, sejak diregistrasi atau dijadikan temuan")
    EXTENSION = "extension", _("Perpanjangan penanganan, bila perlu keterangan tambahan")


class DayUnit(models.TextChoices):
    CALENDAR = "calendar", _("hari kalender")
    WORKING = "working", _("hari kerja")


class StageDeadline(models.Model):
    """How long a stage may take, per election type; editable by the coordinator."""

    election_kind = models.CharField(
        _("jenis pemilihan"), max_length=10, choices=ElectionKind.choices
    )
    clock = models.CharField(_("tahap"), max_length=12, choices=DeadlineClock.choices)
    days = models.PositiveSmallIntegerField(_("jumlah hari"))
    unit = models.CharField(_("satuan"), max_length=10, choices=DayUnit.choices)

    class Meta:
        verbose_name = _("batas waktu tahap")
        verbose_name_plural = _("batas waktu tahap")
        ordering = ["election_kind", "clock"]
        constraints = [
            models.UniqueConstraint(
                fields=["election_kind", "clock"], name="stagedeadline_one_per_kind_and_clock"
            ),
            models.CheckConstraint(
                condition=Q(election_kind__in=ElectionKind.values)
                & Q(clock__in=DeadlineClock.values)
                & Q(unit__in=DayUnit.values)
                & Q(days__gte=1),
                name="stagedeadline_values_valid",
            ),
        ]

    def __str__(self) -> str:
        return "%s · %s: %s %s" % (
            self.get_election_kind_display(),
            self.get_clock_display(),
            self.days,
            self.get_unit_display(),
        )


class CannedReply(models.Model):
    """A ready public reply an officer can pick when moving a stage or answering a reporter.

    Placeholders: {nomor} (complaint number), {tahap} (its new stage), {kantor} (the office).
    """

    title = models.CharField(_("judul"), max_length=120, unique=True)
    body = models.TextField(_("isi"), max_length=5000)
    stage = models.CharField(
        _("untuk tahap"),
        max_length=20,
        choices=Stage.choices,
        blank=True,
        help_text=_("Kosongkan bila cocok untuk tahap apa pun."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("templat balasan")
        verbose_name_plural = _("templat balasan")
        ordering = ["stage", "title"]

    def __str__(self) -> str:
        return self.title


class ComplaintCounter(models.Model):
    """The last complaint number issued in a year; its row is locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor pengaduan")
        verbose_name_plural = _("penghitung nomor pengaduan")

    def __str__(self) -> str:
        return "%s: %s" % (self.year, self.last)


class Complaint(models.Model):
    election = models.ForeignKey(
        Election, verbose_name=_("pemilihan"), on_delete=models.PROTECT, related_name="complaints"
    )
    number = models.CharField(_("nomor"), max_length=32, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("tahun"), editable=False)
    sequence = models.PositiveIntegerField(_("urutan"), editable=False)
    # The form's one-time token: a repeated or doubled submit hits this constraint and finds
    # the complaint it already made.
    form_token = models.UUIDField(unique=True, editable=False)
    # SHA-256 of the normalised tracking secret; the secret itself is shown once and mailed.
    tracking_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A new secret asked for by e-mail (complaint_secret_reset): the current one keeps working
    # until this one is first used, so a stranger who knows number and address cannot lock
    # the reporter out. Empty when none is pending.
    tracking_pending_hash = models.CharField(max_length=64, blank=True, editable=False)
    tracking_pending_at = models.DateTimeField(null=True, blank=True, editable=False)
    # New-secret requests on the office's date ``secret_requests_on``: a few a day at most.
    secret_requests_on = models.DateField(null=True, blank=True, editable=False)
    secret_requests = models.PositiveSmallIntegerField(default=0, editable=False)

    # --- Reporter (identity: complaints.view_identity) ---
    anonymous = models.BooleanField(_("anonim"), default=False)
    reporter_name = models.CharField(_("nama pelapor"), max_length=120, blank=True)
    reporter_phone = models.CharField(_("telepon pelapor"), max_length=16, blank=True)
    reporter_email = models.EmailField(_("e-mail pelapor"), blank=True)
    reporter_address = models.CharField(_("alamat pelapor"), max_length=300, blank=True)
    consent = models.BooleanField(_("persetujuan pemrosesan data"), default=False)
    # The site's language when the complaint was filed: every e-mail to the reporter uses it.
    language = language_field()

    # --- The event ---
    category = models.CharField(_("kategori"), max_length=32, choices=Category.choices)
    title = models.CharField(_("judul"), max_length=150)
    description = models.TextField(_("uraian kejadian"), max_length=10_000)
    occurred_on = models.DateField(_("tanggal kejadian"))
    known_on = models.DateField(_("tanggal diketahui"))
    location = models.ForeignKey(
        "siteprofile.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    location_detail = models.CharField(_("tempat kejadian"), max_length=200, blank=True)
    reported_party = models.CharField(_("pihak terlapor"), max_length=300, blank=True)

    # --- Handling ---
    stage = models.CharField(
        _("tahap"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED, editable=False
    )
    stage_changed_at = models.DateTimeField(_("tahap berubah"), editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_complaints",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        editable=False,
    )
    forwarded_to = models.CharField(
        _("diteruskan ke"), max_length=10, choices=ForwardedTo.choices, blank=True, editable=False
    )
    forwarded_agency = models.CharField(
        _("nama instansi"), max_length=150, blank=True, editable=False
    )
    # Set by complaint_submit, which also starts the assessment clock from it.
    created_at = models.DateTimeField(_("diterima"), default=timezone.now, editable=False)

    # --- Deadlines (complaints.deadlines keeps them current on every move) ---
    handling_started_at = models.DateTimeField(
        _("mulai penanganan"), null=True, blank=True, editable=False
    )
    deadline_extended = models.BooleanField(
        _("batas waktu diperpanjang"), default=False, editable=False
    )
    due_at = models.DateTimeField(
        pgettext_lazy("complaint deadline", "batas waktu"), null=True, blank=True, editable=False
    )

    # --- Retention ---
    legal_hold = models.BooleanField(
        _("tahan dari pemusnahan"),
        default=False,
        help_text=_(
            "Selama dicentang, identitas dan bukti tidak dimusnahkan walau masa simpan habis."
        ),
    )
    shredded_at = models.DateTimeField(
        _("identitas dimusnahkan"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-created_at"]
        permissions = [
            ("view_identity", _("Dapat melihat identitas pelapor dan saksi")),
            ("hold_complaint", _("Dapat menahan pengaduan dari pemusnahan")),
            ("receive_new_alerts", _("Menerima pemberitahuan pengaduan baru")),
        ]
        indexes = [
            models.Index(fields=["stage", "created_at"]),
            models.Index(fields=["due_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="complaint_year_sequence"),
            models.CheckConstraint(condition=Q(consent=True), name="complaint_consent_given"),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="complaint_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="complaint_stage_valid"
            ),
            # Who is not anonymous gives what UU 7/2017 Pasal 454 asks of a reporter.
            models.CheckConstraint(
                condition=Q(anonymous=True)
                | Q(shredded_at__isnull=False)
                | (~Q(reporter_name="") & ~Q(reporter_phone="") & ~Q(reporter_address="")),
                name="complaint_named_reporter_complete",
            ),
            models.CheckConstraint(
                condition=Q(occurred_on__lte=models.F("known_on")),
                name="complaint_known_after_occurred",
            ),
            models.CheckConstraint(
                condition=(Q(stage=Stage.MERGED) & Q(merged_into__isnull=False))
                | (~Q(stage=Stage.MERGED) & Q(merged_into__isnull=True)),
                name="complaint_merged_has_target",
            ),
            models.CheckConstraint(
                condition=Q(forwarded_to="") | Q(forwarded_to__in=ForwardedTo.values),
                name="complaint_forwarded_to_valid",
            ),
            language_check("complaint_language_valid"),
            models.UniqueConstraint(
                fields=["tracking_pending_hash"],
                condition=~Q(tracking_pending_hash=""),
                name="complaint_tracking_pending_unique",
            ),
            models.CheckConstraint(
                condition=Q(tracking_pending_hash="") | Q(tracking_pending_at__isnull=False),
                name="complaint_tracking_pending_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def accepts_additions(self) -> bool:
        """Whether the reporter may still add information or evidence."""
        return self.stage in ADDITIONS_OPEN


# The moves an officer can make: the stage table of the complaint desk. Any open stage may
# also be merged into another complaint (a duplicate), see complaint_transition.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.RECEIVED: frozenset({Stage.ASSESSMENT}),
    Stage.ASSESSMENT: frozenset({Stage.REGISTERED, Stage.NOT_REGISTERED, Stage.FINDING}),
    Stage.REGISTERED: frozenset({Stage.CLARIFICATION}),
    Stage.FINDING: frozenset({Stage.CLARIFICATION}),
    Stage.CLARIFICATION: frozenset({Stage.DELIBERATION}),
    Stage.DELIBERATION: frozenset({Stage.FORWARDED, Stage.STOPPED}),
    Stage.NOT_REGISTERED: frozenset({Stage.CLOSED}),
    Stage.FORWARDED: frozenset({Stage.CLOSED}),
    Stage.STOPPED: frozenset({Stage.CLOSED}),
}
FINAL_STAGES = frozenset({Stage.CLOSED, Stage.MERGED})
OPEN_STAGES = frozenset(Stage.values) - FINAL_STAGES
# A reason is owed to the reporter when the office does not go on.
REASON_REQUIRED = frozenset({Stage.NOT_REGISTERED, Stage.STOPPED})
ADDITIONS_OPEN = frozenset({Stage.RECEIVED, Stage.ASSESSMENT, Stage.CLARIFICATION})


class Witness(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="witnesses")
    name = models.CharField(_("nama saksi"), max_length=120)
    contact = models.CharField(_("kontak saksi"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("saksi")
        verbose_name_plural = _("saksi")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ComplaintEvent(models.Model):
    """One thing that happened to a complaint. Public events make the reporter's timeline."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("jenis"), max_length=20, choices=EventKind.choices)
    from_stage = models.CharField(_("dari tahap"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("ke tahap"), max_length=20, choices=Stage.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public_note = models.TextField(_("catatan untuk pelapor"), blank=True, max_length=5000)
    internal_note = models.TextField(_("catatan internal"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="complaintevent_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=EventKind.STAGE) | ~Q(to_stage=""),
                name="complaintevent_stage_has_target",
            ),
        ]

    def __str__(self) -> str:
        return "%s · %s" % (self.complaint_id, self.get_kind_display())

    @property
    def is_public(self) -> bool:
        """Shown on the reporter's timeline: stage changes, replies, their own additions."""
        return self.kind not in PRIVATE_EVENT_KINDS


class EvidenceStorage(LazyObject):
    """Private storage for evidence, outside MEDIA_ROOT and without a URL: files leave only
    through the permission-checked download view. Lazy, so tests can move its folder."""

    def _setup(self) -> None:
        self._wrapped = WholeFileStorage(
            location=settings.COMPLAINT_EVIDENCE_ROOT,
            base_url=None,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
        )


evidence_storage = EvidenceStorage()


def evidence_storage_select() -> EvidenceStorage:
    # A callable, so migrations name this function instead of freezing the folder of the
    # machine that generated them.
    return evidence_storage


def _evidence_path(instance: "Evidence", filename: str) -> str:
    # filename is already random (humas_portal.uploads); group by year and month.
    return "%s/%s" % (instance.created_at.strftime("%Y/%m"), filename)


class EvidenceKind(models.TextChoices):
    IMAGE = "image", _("Foto")
    VIDEO = "video", _("Video")
    PDF = "pdf", _("PDF")


class Evidence(models.Model):
    # The download view's address: never the sequential id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("jenis"), max_length=10, choices=EvidenceKind.choices)
    file = models.FileField(_("berkas"), storage=evidence_storage_select, upload_to=_evidence_path)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    # Chain of custody: what the reporter sent, and what the portal keeps after cleaning.
    sha256_received = models.CharField(_("SHA-256 berkas diterima"), max_length=64)
    sha256_stored = models.CharField(_("SHA-256 berkas disimpan"), max_length=64)
    added_by_reporter = models.BooleanField(_("dari pelapor"), default=True)
    created_at = models.DateTimeField(_("diunggah"))

    class Meta:
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")
        ordering = ["created_at", "pk"]
        # Only evidence_add writes evidence, and retention removes it: no add, change or delete
        # permission exists. The one permission says what it allows: downloading the files.
        default_permissions = ()
        permissions = [("view_evidence", _("Dapat mengunduh bukti pengaduan"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EvidenceKind.values), name="evidence_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return "%s · %s" % (self.get_kind_display(), self.sha256_stored[:12])


class NewComplaintAlert(models.Model):
    """The ledger of new-complaint alerts (complaints.alerts): one row per complaint and
    recipient, written when the complaint is filed; ``sent_at`` is set in the transaction that
    puts the e-mail listing it into the outbox. The unique pair is what makes an alert go out
    once per complaint per person, whether at once or in a batch."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "recipient"], name="new_complaint_alert_once"
            ),
        ]
        indexes = [
            # The beat task's question: who has alerts waiting?
            models.Index(
                fields=["recipient"],
                condition=Q(sent_at__isnull=True),
                name="new_complaint_alert_waiting",
            ),
            # And when did each last get one?
            models.Index(fields=["recipient", "sent_at"], name="new_complaint_alert_sent"),
        ]

    def __str__(self) -> str:
        return "%s → %s" % (self.complaint_id, self.recipient_id)
