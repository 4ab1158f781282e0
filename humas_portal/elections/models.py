"""Elections, their stages (tahapan) and the holiday calendar: office-wide data that the
complaint desk, education and the media forum all read.

Election and Holiday began in the complaint desk; they keep their original tables
(``complaints_election``, ``complaints_holiday``) so that moving them here moved no row.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ElectionKind(models.TextChoices):
    PEMILU = "pemilu", _("Pemilu")
    PILKADA = "pilkada", _("Pilkada")


class Election(models.Model):
    """An election the office supervises; the office keeps the list in the admin."""

    name = models.CharField(_("nama"), max_length=120, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=ElectionKind.choices)
    voting_day = models.DateField(_("hari pemungutan suara"), null=True, blank=True)
    is_open = models.BooleanField(
        _("dapat dipilih di formulir"),
        default=True,
        help_text=_("Matikan setelah masa pengaduan pemilihan ini berakhir."),
    )
    # Empty (None) means "follow the stages"; an office that wants an election shown as current
    # before its stages are entered, or no longer shown early, says so here.
    is_current = models.BooleanField(
        _("sedang berlangsung"),
        null=True,
        blank=True,
        default=None,
        choices=[
            (None, _("Otomatis, menurut tahapan")),
            (True, _("Ya, ditetapkan")),
            (False, _("Tidak, ditetapkan")),
        ],
        help_text=_(
            "Otomatis: berlangsung sejak tahapan pertama dimulai sampai tahapan terakhir "
            "selesai. Pilih Ya atau Tidak untuk menetapkannya sendiri."
        ),
    )

    class Meta:
        db_table = "complaints_election"
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")
        ordering = ["-voting_day", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ElectionKind.values), name="election_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ElectionStage(models.Model):
    """One stage (tahapan) of an election, e.g. the campaign; stages of one election overlap."""

    election = models.ForeignKey(
        Election, verbose_name=_("pemilihan"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(_("nama tahapan"), max_length=200)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    description = models.TextField(_("keterangan"), blank=True, max_length=2000)
    # The KPU sets each stage by regulation; the public timeline (education) cites it.
    legal_basis = models.CharField(
        _("dasar hukum"),
        max_length=300,
        blank=True,
        help_text=_("Peraturan yang menetapkan tahapan ini, mis. PKPU Nomor 2 Tahun 2024."),
    )
    watch_points = models.TextField(
        _("yang diawasi Bawaslu"),
        blank=True,
        max_length=2000,
        help_text=_("Apa yang diawasi pada tahapan ini, dalam kalimat pendek."),
    )
    report_hint = models.TextField(
        _("cara melaporkan pelanggaran"),
        blank=True,
        max_length=2000,
        help_text=_("Pelanggaran apa yang dapat dilaporkan pada tahapan ini, dan bagaimana."),
    )

    class Meta:
        verbose_name = _("tahapan pemilihan")
        verbose_name_plural = _("tahapan pemilihan")
        ordering = ["election", "order", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="electionstage_ends_on_or_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self) -> str:
        return self.name


class Holiday(models.Model):
    """A public holiday or collective leave day: not a working day."""

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=120)

    class Meta:
        db_table = "complaints_holiday"
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["date"]

    def __str__(self) -> str:
        return "%s (%s)" % (self.name, self.date.isoformat())
