"""Education items (artikel, infografis, video, dokumen), the audiences (segments) and themes
(tema) they are written for, their regional-language and easy-read versions, and revisions.

Every write goes through education.services (``full_clean`` first); the files (image, video,
captions, PDF) are cleaned by education.forms before they reach a model. What each format
needs is checked in ``EducationItem.clean()`` with a message on the field, and what a published
item must have is also a database constraint.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from humas_portal.richtext import rich_text_field

# Path words of /edukasi/ that an item slug must not take.
RESERVED_SLUGS = frozenset({"tahapan", "untuk", "kuis", "glosarium", "tanya-jawab", "feed", "atom"})

EASY_READ_MAX_CHARS = 1500
IMAGE_DESCRIPTION_MAX_CHARS = 5000
TRANSCRIPT_MAX_CHARS = 60000
LEAD_MAX_CHARS = 300


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("Slug %(slug)s dipakai oleh alamat lain; pilih yang berbeda."),
            params={"slug": value},
            code="reserved",
        )


validate_youtube_id = RegexValidator(
    r"^[A-Za-z0-9_-]{11}\Z",
    _("ID video YouTube terdiri atas 11 huruf, angka, tanda - atau _."),
    code="youtube_id",
)


class Segment(models.Model):
    """An audience the office writes for (pemilih pemula, penyandang disabilitas...)."""

    name = models.CharField(_("nama"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=90, unique=True, help_text=_("Bagian alamat /edukasi/untuk/…/.")
    )
    description = models.TextField(
        _("keterangan"),
        max_length=600,
        validators=[MaxLengthValidator(600)],
        help_text=_(
            "Sapaan singkat untuk kelompok ini, ditulis untuk mereka; tampil di halamannya."
        ),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("segmen")
        verbose_name_plural = _("segmen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("education:segment", kwargs={"slug": self.slug})


class Theme(models.Model):
    """A theme (tema) of election education; "topic" already means a subscription topic."""

    name = models.CharField(_("nama"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("tema")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ItemFormat(models.TextChoices):
    ARTICLE = "article", _("Artikel")
    INFOGRAPHIC = "infographic", _("Infografis")
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Dokumen")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    REVIEW = "review", _("Ditinjau")
    PUBLISHED = "published", _("Terbit")
    ARCHIVED = "archived", _("Diarsipkan")


class ContentLanguage(models.TextChoices):
    """The language an item is written in; the values are BCP 47 tags, used as ``lang``."""

    INDONESIAN = "id", _("Bahasa Indonesia")
    JAVANESE = "jv", _("Basa Jawa")
    MADURESE = "mad", _("Basa Madura")


class ReadingLevel(models.TextChoices):
    GENERAL = "general", _("Umum")
    EASY = "easy", _("Mudah dibaca")


class EducationItemQuerySet(models.QuerySet):
    def public(self, now=None):
        """What anyone may read: published and its time has come. No job has to run first."""
        return self.filter(status=ItemStatus.PUBLISHED, publish_at__lte=now or timezone.now())


class EducationItem(models.Model):
    """One piece of election education. Which fields a format uses:

    - artikel: ``body`` (required);
    - infografis: ``image`` (the infographic), ``image_alt`` and ``image_description`` (the
      whole content as text, shown under the image);
    - video: ``image`` (the thumbnail of the facade) and either ``youtube_id`` or an uploaded
      ``video`` with its WebVTT ``captions``; ``transcript`` before publishing;
    - dokumen: ``document`` (a cleaned PDF), its ``document_size`` and ``document_pages``.

    Every format has the easy-read summary (shown first), the card ``lead`` and, optionally,
    ``body`` and a card image. A version (another language or reading level) points at its
    original through ``version_of``; originals have none.
    """

    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Bagian alamat halaman; dibuat dari judul, boleh diubah."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=ItemFormat.choices, default=ItemFormat.ARTICLE
    )
    segments = models.ManyToManyField(
        Segment, verbose_name=_("segmen"), related_name="items", help_text=_("Untuk siapa.")
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("tema"), related_name="items")
    lead = models.TextField(
        _("ringkasan kartu"),
        max_length=LEAD_MAX_CHARS,
        validators=[MaxLengthValidator(LEAD_MAX_CHARS)],
        help_text=_("Satu atau dua kalimat untuk daftar, umpan dan pratinjau tautan."),
    )
    easy_read = models.TextField(
        _("ringkasan mudah dibaca"),
        max_length=EASY_READ_MAX_CHARS,
        validators=[MaxLengthValidator(EASY_READ_MAX_CHARS)],
        help_text=_(
            "Tampil paling atas. Kalimat pendek, satu gagasan per kalimat, kata sehari-hari. "
            "Teks biasa; satu poin per baris."
        ),
    )
    body = rich_text_field(_("isi"), blank=True, help_text=_("Wajib untuk artikel."))
    stage = models.ForeignKey(
        "elections.ElectionStage",
        verbose_name=_("tahapan pemilihan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="education_items",
    )
    # Image: the infographic itself, the video's thumbnail, or a card image for the others;
    # stored re-encoded in two widths (humas_portal.uploads), used through srcset.
    image = models.ImageField(_("gambar"), upload_to="education/images/", blank=True)
    image_small = models.ImageField(upload_to="education/images/", blank=True, editable=False)
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("teks alternatif gambar"),
        max_length=200,
        blank=True,
        help_text=_("Apa yang tampak pada gambar, singkat, untuk pembaca layar."),
    )
    image_description = models.TextField(
        _("uraian infografis"),
        max_length=IMAGE_DESCRIPTION_MAX_CHARS,
        blank=True,
        validators=[MaxLengthValidator(IMAGE_DESCRIPTION_MAX_CHARS)],
        help_text=_(
            "Wajib untuk infografis: seluruh isi infografis sebagai teks, tampil di bawahnya."
        ),
    )
    youtube_id = models.CharField(
        _("video YouTube"),
        max_length=11,
        blank=True,
        validators=[validate_youtube_id],
        help_text=_("Tempel alamat video YouTube atau ID-nya (11 karakter)."),
    )
    video = models.FileField(_("berkas video"), upload_to="education/videos/", blank=True)
    captions = models.FileField(
        _("teks terjemahan (WebVTT)"),
        upload_to="education/captions/",
        blank=True,
        help_text=_("Wajib untuk berkas video: berkas .vtt yang diawali WEBVTT."),
    )
    transcript = models.TextField(
        _("transkrip"),
        max_length=TRANSCRIPT_MAX_CHARS,
        blank=True,
        validators=[MaxLengthValidator(TRANSCRIPT_MAX_CHARS)],
        help_text=_("Wajib sebelum video terbit: semua yang diucapkan dan ditampilkan."),
    )
    document = models.FileField(_("berkas PDF"), upload_to="education/documents/", blank=True)
    # Measured from the cleaned PDF when it is uploaded, never typed.
    document_size = models.PositiveIntegerField(
        _("ukuran (bita)"), null=True, blank=True, editable=False
    )
    document_pages = models.PositiveIntegerField(
        _("jumlah halaman"), null=True, blank=True, editable=False
    )
    language = models.CharField(
        _("bahasa"),
        max_length=8,
        choices=ContentLanguage.choices,
        default=ContentLanguage.INDONESIAN,
    )
    reading_level = models.CharField(
        _("tingkat bacaan"),
        max_length=10,
        choices=ReadingLevel.choices,
        default=ReadingLevel.GENERAL,
    )
    version_of = models.ForeignKey(
        "self",
        verbose_name=_("versi dari"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        help_text=_("Isi bila ini terjemahan atau versi mudah dibaca dari materi lain."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penulis"),
        on_delete=models.PROTECT,
        related_name="education_items",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("terbit pada"), null=True, blank=True)
    # Set once the "edukasi" topic's bulk send is queued, so publishing again sends nothing.
    distributed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = EducationItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("materi edukasi")
        verbose_name_plural = _("materi edukasi")
        ordering = ["-publish_at", "-id"]
        permissions = [
            (
                "publish_educationitem",
                _("Dapat menerbitkan, menjadwalkan dan mengarsipkan materi edukasi"),
            ),
        ]
        indexes = [
            # The public list, feeds and sitemap: the newest public items, in order.
            models.Index(fields=["status", "publish_at"], name="education_item_public"),
            # The same within one format (?format=), read in order instead of filtered.
            models.Index(
                fields=["format", "status", "publish_at"], name="education_item_format_recent"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=ItemFormat.values), name="educationitem_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="educationitem_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=ContentLanguage.values),
                name="educationitem_language_valid",
            ),
            models.CheckConstraint(
                condition=Q(reading_level__in=ReadingLevel.values),
                name="educationitem_reading_level_valid",
            ),
            models.CheckConstraint(condition=~Q(easy_read=""), name="educationitem_has_easy_read"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="educationitem_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(format="video", status="published") | ~Q(transcript=""),
                name="educationitem_published_video_has_transcript",
            ),
            models.CheckConstraint(
                condition=Q(video="") | ~Q(captions=""), name="educationitem_video_has_captions"
            ),
            models.CheckConstraint(
                condition=~Q(format="infographic", status="published")
                | (~Q(image="") & ~Q(image_description="")),
                name="educationitem_published_infographic_described",
            ),
            models.CheckConstraint(
                condition=~Q(format="document", status="published") | ~Q(document=""),
                name="educationitem_published_document_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(version_of=F("id")), name="educationitem_not_own_version"
            ),
            # One Javanese easy-read version of an item, not two competing ones.
            models.UniqueConstraint(
                fields=["version_of", "language", "reading_level"],
                name="educationitem_one_version_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:item_detail", kwargs={"slug": self.slug})

    def is_public(self, now=None) -> bool:
        return (
            self.status == ItemStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
        )

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        self._clean_format(errors)
        self._clean_version(errors)
        if self.image and not self.image_alt.strip():
            errors.setdefault("image_alt", _("Tulis teks alternatif untuk gambar."))
        if errors:
            raise ValidationError(errors)

    def _clean_format(self, errors: dict) -> None:
        """What each format needs, and no file of another format left behind unseen."""
        fmt = self.format
        if fmt == ItemFormat.ARTICLE and not self.body.strip():
            errors["body"] = _("Artikel perlu isi.")
        if fmt == ItemFormat.INFOGRAPHIC:
            if not self.image:
                errors["image"] = _("Unggah gambar infografisnya.")
            if not self.image_description.strip():
                errors["image_description"] = _(
                    "Tulis uraian infografis: seluruh isinya sebagai teks, untuk yang tidak "
                    "dapat melihat gambar."
                )
        if fmt == ItemFormat.VIDEO:
            if not self.image:
                errors["image"] = _(
                    "Unggah gambar mini video: halaman menampilkannya sebelum video diputar."
                )
            if self.youtube_id and self.video:
                errors["video"] = _("Pilih salah satu: video YouTube atau berkas video.")
            elif not self.youtube_id and not self.video:
                errors["youtube_id"] = _("Isi alamat video YouTube atau unggah berkas video.")
            if self.status == ItemStatus.PUBLISHED and not self.transcript.strip():
                errors["transcript"] = _("Video perlu transkrip sebelum terbit.")
        else:
            only_video = _("Hanya untuk format video.")
            for name in ("youtube_id", "video", "captions"):
                if getattr(self, name):
                    errors.setdefault(name, only_video)
        if self.video and not self.captions:
            errors["captions"] = _(
                "Berkas video perlu teks terjemahan WebVTT (.vtt) agar dapat diikuti tanpa suara."
            )
        if fmt == ItemFormat.DOCUMENT:
            if not self.document:
                errors["document"] = _("Unggah berkas PDF-nya.")
        elif self.document:
            errors["document"] = _("Hanya untuk format dokumen.")

    def _clean_version(self, errors: dict) -> None:
        original = self.version_of
        if original is None:
            return
        if self.pk is not None and original.pk == self.pk:
            errors["version_of"] = _("Materi tidak dapat menjadi versi dirinya sendiri.")
        elif original.version_of_id is not None:
            errors["version_of"] = _(
                "Pilih materi aslinya, bukan versi lain: semua versi menunjuk ke materi asli."
            )
        elif (original.language, original.reading_level) == (self.language, self.reading_level):
            errors["language"] = _(
                "Versi harus berbeda bahasa atau tingkat bacaan dari materi aslinya."
            )


class EducationItemRevision(models.Model):
    """Who did what to an item, and when (with the text as it was then)."""

    item = models.ForeignKey(EducationItem, on_delete=models.CASCADE, related_name="revisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("tindakan"), max_length=30)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices)
    title = models.CharField(_("judul"), max_length=200)
    easy_read = models.TextField(_("ringkasan mudah dibaca"))
    body = models.TextField(_("isi"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat revisi")
        verbose_name_plural = _("riwayat revisi")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return "%s %s" % (self.action, self.created_at)
