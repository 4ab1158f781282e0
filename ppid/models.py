"""Layanan Informasi Publik (PPID): the register of public information (Daftar Informasi
Publik) and the request desk, under UU 14/2008 on Keterbukaan Informasi Publik and the Komisi
Informasi's standard for public-information service (Perki 1/2021).

A request is followed without an account, like a complaint: a sequential number and a tracking
secret of which only the hash is kept (humas_portal.tracking). Deadlines are dates in the
office's time zone counted in working days with the shared holidays (humas_portal.elections):
an answer within 10 working days, one extension of up to 7; an objection (keberatan) within 30
working days of the decision or of the missed deadline, answered by the PPID's superior within
30 working days. Every move is a row-locked service with a RequestEvent (ppid.services).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from humas_portal.fields import language_check, language_field

ANSWER_WORKING_DAYS = 10
EXTENSION_MAX_WORKING_DAYS = 7
OBJECTION_WINDOW_WORKING_DAYS = 30
OBJECTION_ANSWER_WORKING_DAYS = 30

# The years a register entry may name.
YEAR_MIN = 1945
YEAR_MAX = 2100

# Path words of /informasi-publik/ that an entry slug must not take.
RESERVED_SLUGS = frozenset({"permohonan", "laporan", "unduh", "lacak", "keberatan"})

# A portal page (a path) or an address elsewhere.
validate_link = RegexValidator(
    r"^(/[^\s]*|https://[^\s]+)\Z",
    _("Isi alamat halaman portal (diawali /) atau alamat lengkap yang diawali https://."),
    code="link",
)


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("Slug %(slug)s dipakai oleh alamat lain; pilih yang berbeda."),
            params={"slug": value},
            code="reserved",
        )


# --- The register ---------------------------------------------------------------------------


class InformationCategory(models.TextChoices):
    # UU 14/2008 Pasal 9, 10, 11 and 17.
    PERIODIC = "berkala", _("Informasi berkala")
    IMMEDIATE = "serta_merta", _("Informasi serta-merta")
    ANY_TIME = "setiap_saat", _("Informasi tersedia setiap saat")
    EXEMPT = "dikecualikan", _("Informasi yang dikecualikan")


class ExemptGround(models.TextChoices):
    """The grounds of UU 14/2008 Pasal 17 on which information is exempt (and a request for it
    refused)."""

    LAW_ENFORCEMENT = "17a", _("Pasal 17 huruf a: menghambat proses penegakan hukum")
    INTELLECTUAL_PROPERTY = (
        "17b",
        _(
            "Pasal 17 huruf b: mengganggu perlindungan hak atas kekayaan intelektual dan "
            "persaingan usaha tidak sehat"
        ),
    )
    DEFENCE = "17c", _("Pasal 17 huruf c: membahayakan pertahanan dan keamanan negara")
    NATURAL_WEALTH = "17d", _("Pasal 17 huruf d: mengungkapkan kekayaan alam Indonesia")
    ECONOMY = "17e", _("Pasal 17 huruf e: merugikan ketahanan ekonomi nasional")
    FOREIGN_RELATIONS = "17f", _("Pasal 17 huruf f: merugikan kepentingan hubungan luar negeri")
    PRIVATE_WILL = "17g", _("Pasal 17 huruf g: mengungkapkan isi akta otentik atau wasiat")
    PRIVACY = "17h", _("Pasal 17 huruf h: mengungkap rahasia pribadi")
    INTERNAL_MEMO = (
        "17i",
        _("Pasal 17 huruf i: memorandum atau surat antar/intern badan publik yang dirahasiakan"),
    )
    LAW = (
        "17j",
        _("Pasal 17 huruf j: informasi yang tidak boleh diungkapkan berdasarkan undang-undang"),
    )


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")


class InformationEntryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=EntryStatus.PUBLISHED)


class InformationEntry(models.Model):
    """One entry of the Daftar Informasi Publik. An exempt entry names its legal ground and the
    date of the consequence test (uji konsekuensi) and never holds or links the content."""

    title = models.CharField(_("judul"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=260,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Bagian alamat /informasi-publik/…/; dibuat dari judul, boleh diubah."),
    )
    summary = models.TextField(
        _("ringkasan"), max_length=1000, validators=[MaxLengthValidator(1000)]
    )
    category = models.CharField(_("kategori"), max_length=20, choices=InformationCategory.choices)
    responsible_unit = models.CharField(
        _("penanggung jawab"), max_length=150, help_text=_("Unit atau pejabat yang menguasai.")
    )
    format = models.CharField(
        _("bentuk informasi"), max_length=100, help_text=_("Misalnya PDF, cetak, laman portal.")
    )
    period = models.CharField(
        _("jangka waktu penyimpanan"),
        max_length=100,
        help_text=_("Misalnya 5 tahun, atau selama berlaku."),
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"),
        # Beyond any database's own range check (SQLite has none): a year an office could mean.
        validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)],
    )
    # Cleaned by the admin form (humas_portal.uploads.pdf_sanitize); its size measured then.
    document = models.FileField(_("dokumen PDF"), upload_to="ppid/documents/", blank=True)
    document_size = models.PositiveIntegerField(
        _("ukuran (bita)"), null=True, blank=True, editable=False
    )
    link = models.CharField(
        _("tautan"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_("Halaman portal yang memuatnya (berita, edukasi, statistik), bila ada."),
    )
    exempt_ground = models.CharField(
        _("dasar pengecualian"), max_length=5, choices=ExemptGround.choices, blank=True
    )
    consequence_test_on = models.DateField(_("tanggal uji konsekuensi"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = InformationEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("informasi publik")
        verbose_name_plural = _("daftar informasi publik")
        ordering = ["category", "-year", "title"]
        indexes = [
            models.Index(fields=["status", "category", "year"], name="ppid_entry_public"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=InformationCategory.values), name="ppid_entry_category"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EntryStatus.values), name="ppid_entry_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="ppid_entry_year_range"
            ),
            models.CheckConstraint(
                condition=Q(exempt_ground="") | Q(exempt_ground__in=ExemptGround.values),
                name="ppid_entry_exempt_ground_valid",
            ),
            # Exempt: the ground and the consequence test, never the content. Otherwise neither.
            models.CheckConstraint(
                condition=(
                    Q(category="dikecualikan")
                    & ~Q(exempt_ground="")
                    & Q(consequence_test_on__isnull=False)
                    & Q(document="")
                    & Q(link="")
                )
                | (
                    ~Q(category="dikecualikan")
                    & Q(exempt_ground="")
                    & Q(consequence_test_on__isnull=True)
                ),
                name="ppid_entry_exempt_has_ground_not_content",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ppid:entry", kwargs={"slug": self.slug})

    @property
    def is_exempt(self) -> bool:
        return self.category == InformationCategory.EXEMPT

    def clean(self) -> None:
        if self.is_exempt:
            errors = {}
            if not self.exempt_ground:
                errors["exempt_ground"] = _("Informasi yang dikecualikan wajib menyebut dasarnya.")
            if self.consequence_test_on is None:
                errors["consequence_test_on"] = _(
                    "Informasi yang dikecualikan wajib menyebut tanggal uji konsekuensi."
                )
            if self.document:
                errors["document"] = _("Isi informasi yang dikecualikan tidak boleh diunggah.")
            if self.link:
                errors["link"] = _("Informasi yang dikecualikan tidak boleh ditautkan.")
        else:
            errors = {}
            if self.exempt_ground:
                errors["exempt_ground"] = _(
                    "Dasar pengecualian hanya untuk informasi dikecualikan."
                )
            if self.consequence_test_on is not None:
                errors["consequence_test_on"] = _(
                    "Uji konsekuensi hanya untuk informasi yang dikecualikan."
                )
        if errors:
            raise ValidationError(errors)


# --- Requests -------------------------------------------------------------------------------


class DeliveryMethod(models.TextChoices):
    """How the requester wants the information (Perki 1/2021's request form)."""

    VIEW = "view", _("Melihat atau membaca di kantor")
    COPY = "copy", _("Salinan cetak")
    EMAIL = "email", _("Salinan elektronik lewat e-mail")
    PICKUP = "pickup", _("Diambil langsung di kantor")


class RequestStage(models.TextChoices):
    RECEIVED = "received", _("Diterima, sedang diproses")
    GRANTED = "granted", _("Dikabulkan seluruhnya")
    PARTLY_GRANTED = "partly_granted", _("Dikabulkan sebagian")
    REFUSED = "refused", _("Ditolak")
    NOT_HELD = "not_held", _("Informasi tidak dikuasai")
    WITHDRAWN = "withdrawn", _("Dicabut oleh pemohon")


# A decision answers the request; withdrawn ends it without one.
DECISIONS = (
    RequestStage.GRANTED,
    RequestStage.PARTLY_GRANTED,
    RequestStage.REFUSED,
    RequestStage.NOT_HELD,
)


class RequestCounter(models.Model):
    """The last request number issued in a year; its row is locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor permohonan")
        verbose_name_plural = _("penghitung nomor permohonan")

    def __str__(self) -> str:
        return "%s: %s" % (self.year, self.last)


class InformationRequest(models.Model):
    """A request for public information (permohonan informasi publik).

    The requester's contact data (name, address, e-mail, phone) is erased a set number of
    months after the request is closed (``erased_at``; PPID_RETENTION_MONTHS, UU 27/2022); the
    row stays, without it, for the annual report.
    """

    number = models.CharField(_("nomor"), max_length=40, unique=True, editable=False)
    # SHA-256 of the normalised tracking secret (humas_portal.tracking); the secret is shown
    # once on the receipt and mailed, never stored.
    tracking_hash = models.CharField(max_length=64, unique=True, editable=False)
    requester_name = models.CharField(_("nama pemohon"), max_length=150)
    requester_address = models.TextField(_("alamat pemohon"), max_length=500)
    requester_email = models.EmailField(_("e-mail"), blank=True)
    requester_phone = models.CharField(_("telepon"), max_length=20, blank=True)
    information = models.TextField(
        _("informasi yang diminta"), max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    purpose = models.TextField(
        _("tujuan penggunaan informasi"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    delivery = models.CharField(
        _("cara memperoleh informasi"), max_length=10, choices=DeliveryMethod.choices
    )
    language = language_field()
    stage = models.CharField(
        _("tahap"), max_length=20, choices=RequestStage.choices, default=RequestStage.RECEIVED
    )
    received_at = models.DateTimeField(_("diterima"), editable=False)
    # The office's date by which the answer is due: 10 working days after the day received.
    due_on = models.DateField(_("batas jawaban"), editable=False)
    # One extension of up to 7 working days, with the reason written to the requester.
    extended_due_on = models.DateField(
        _("batas jawaban setelah diperpanjang"), null=True, blank=True, editable=False
    )
    extension_reason = models.TextField(_("alasan perpanjangan"), blank=True, editable=False)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Written to the requester with the decision: where or how to get the information (granted),
    # what is withheld and why (partly), where to ask (not held).
    decision_note = models.TextField(_("keterangan keputusan"), blank=True, editable=False)
    refusal_ground = models.CharField(
        _("dasar penolakan"), max_length=5, choices=ExemptGround.choices, blank=True, editable=False
    )
    # The document given with a grant (a cleaned PDF), kept with the request.
    decision_document = models.FileField(
        _("dokumen jawaban"), upload_to="ppid/answers/", blank=True, editable=False
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    erased_at = models.DateTimeField(
        _("data pemohon dihapus"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("permohonan informasi")
        verbose_name_plural = _("permohonan informasi")
        ordering = ["-received_at", "-id"]
        permissions = [
            ("decide_request", _("Dapat memproses dan memutus permohonan informasi")),
            ("view_requester", _("Dapat melihat identitas pemohon informasi")),
            ("view_report", _("Dapat melihat laporan layanan informasi publik")),
        ]
        indexes = [
            models.Index(fields=["stage", "due_on"], name="ppid_request_due"),
            models.Index(fields=["received_at"], name="ppid_request_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=RequestStage.values), name="ppid_request_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=DeliveryMethod.values),
                name="ppid_request_delivery_valid",
            ),
            # Someone to answer: an e-mail address or a phone number (unless erased).
            models.CheckConstraint(
                condition=~Q(requester_email="")
                | ~Q(requester_phone="")
                | Q(erased_at__isnull=False),
                name="ppid_request_has_contact",
            ),
            models.CheckConstraint(
                condition=Q(extended_due_on__isnull=True)
                | Q(extended_due_on__gt=models.F("due_on")),
                name="ppid_request_extension_later",
            ),
            models.CheckConstraint(
                condition=Q(stage="received") | Q(decided_at__isnull=False),
                name="ppid_request_closed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(stage="refused") | ~Q(refusal_ground=""),
                name="ppid_request_refusal_has_ground",
            ),
            language_check("ppid_request_language_valid"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def answer_due_on(self):
        """The date the answer is due: the extended one, once extended."""
        return self.extended_due_on or self.due_on


class RequestEventKind(models.TextChoices):
    RECEIVED = "received", _("Permohonan diterima")
    EXTENDED = "extended", _("Jangka waktu diperpanjang")
    DECIDED = "decided", _("Keputusan")
    WITHDRAWN = "withdrawn", _("Permohonan dicabut")
    OBJECTION_FILED = "objection_filed", _("Keberatan diajukan")
    OBJECTION_ANSWERED = "objection_answered", _("Keberatan dijawab")
    NOTE = "note", _("Catatan internal")


class RequestEvent(models.Model):
    """What happened to a request, in order: the requester sees all but internal notes."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("jenis"), max_length=20, choices=RequestEventKind.choices)
    from_stage = models.CharField(
        _("dari tahap"), max_length=20, choices=RequestStage.choices, blank=True
    )
    to_stage = models.CharField(
        _("ke tahap"), max_length=20, choices=RequestStage.choices, blank=True
    )
    public_note = models.TextField(_("catatan untuk pemohon"), blank=True)
    internal_note = models.TextField(_("catatan internal"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RequestEventKind.values), name="ppid_event_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="decided") | ~Q(to_stage=""), name="ppid_event_decision_stage"
            ),
        ]

    def __str__(self) -> str:
        return "%s: %s" % (self.request_id, self.get_kind_display())


class ObjectionReason(models.TextChoices):
    """UU 14/2008 Pasal 35 ayat (1)."""

    REFUSED = "35a", _("Permohonan ditolak berdasarkan alasan pengecualian Pasal 17")
    PERIODIC_NOT_PUBLISHED = "35b", _("Informasi berkala tidak disediakan")
    NOT_ANSWERED = "35c", _("Permohonan tidak ditanggapi")
    NOT_AS_ASKED = "35d", _("Permohonan ditanggapi tidak sebagaimana yang diminta")
    NOT_FULFILLED = "35e", _("Permohonan tidak dipenuhi")
    UNREASONABLE_FEE = "35f", _("Pengenaan biaya yang tidak wajar")
    LATE = "35g", _("Penyampaian informasi melebihi jangka waktu yang diatur")


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("Keberatan diterima")
    REJECTED = "rejected", _("Keberatan ditolak")


class Objection(models.Model):
    """An objection (keberatan) to the PPID's superior (Atasan PPID), who answers within 30
    working days; after that, the route is the Komisi Informasi. One per request."""

    request = models.OneToOneField(
        InformationRequest, on_delete=models.CASCADE, related_name="objection"
    )
    reason = models.CharField(_("alasan keberatan"), max_length=5, choices=ObjectionReason.choices)
    statement = models.TextField(
        _("uraian keberatan"), max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    filed_at = models.DateTimeField(_("diajukan"), editable=False)
    due_on = models.DateField(_("batas jawaban atasan"), editable=False)
    outcome = models.CharField(
        _("hasil"), max_length=10, choices=ObjectionOutcome.choices, blank=True, editable=False
    )
    answer = models.TextField(_("tanggapan atasan PPID"), blank=True, editable=False)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dijawab oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-filed_at", "-id"]
        permissions = [("answer_objection", _("Dapat menjawab keberatan (Atasan PPID)"))]
        indexes = [models.Index(fields=["answered_at", "due_on"], name="ppid_objection_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=ObjectionReason.values), name="ppid_objection_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=ObjectionOutcome.values),
                name="ppid_objection_outcome_valid",
            ),
            # Answered: an outcome, a written answer and a time, all or none.
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(answer="") & Q(answered_at__isnull=True))
                | (~Q(outcome="") & ~Q(answer="") & Q(answered_at__isnull=False)),
                name="ppid_objection_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return "%s (%s)" % (self.request, self.get_reason_display())
