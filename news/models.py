import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from humas_portal.richtext import rich_text_field

# "Foto:" (or "Photo:") typed before a cover credit, which the article page adds itself.
CREDIT_PREFIX = re.compile(r"^\s*(?:foto|photo)\s*:\s*", re.IGNORECASE)

# Path words of /berita/ that an article slug must not take.
RESERVED_SLUGS = frozenset({"feed", "atom", "kategori", "tag"})


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("Slug %(slug)s dipakai oleh alamat lain; pilih yang berbeda."),
            params={"slug": value},
            code="reserved",
        )


class Category(models.Model):
    name = models.CharField(_("nama"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=90, unique=True)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("nama"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=70, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tag")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleKind(models.TextChoices):
    NEWS = "news", _("Berita")
    PRESS_RELEASE = "press_release", _("Siaran Pers")
    ANNOUNCEMENT = "announcement", _("Pengumuman")
    HOAX_CLARIFICATION = "hoax_clarification", _("Klarifikasi Hoaks")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    REVIEW = "review", _("Ditinjau")
    PUBLISHED = "published", _("Terbit")
    ARCHIVED = "archived", _("Diarsipkan")


class Verdict(models.TextChoices):
    HOAX = "hoax", _("HOAKS")
    DISINFORMATION = "disinformation", _("DISINFORMASI")
    MISINFORMATION = "misinformation", _("MISINFORMASI")
    MISLEADING = "misleading", _("MENYESATKAN")
    FACT = "fact", _("FAKTA")


class ArticleQuerySet(models.QuerySet):
    def public(self, now=None):
        """What anyone may read: published and its time has come. No job has to run first."""
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now or timezone.now())


class Article(models.Model):
    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Bagian alamat halaman; dibuat dari judul, boleh diubah."),
    )
    kind = models.CharField(
        _("jenis"), max_length=30, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("kategori"),
        on_delete=models.PROTECT,
        related_name="articles",
        # The index on (category, status, publish_at) below serves lookups by category too.
        db_index=False,
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tag"), blank=True, related_name="articles")
    lead = models.TextField(_("ringkasan"), max_length=500)
    body = rich_text_field(_("isi"))
    # Cover: stored re-encoded in two widths (humas_portal.uploads), used through srcset.
    cover = models.ImageField(_("gambar sampul"), upload_to="news/covers/", blank=True)
    cover_small = models.ImageField(upload_to="news/covers/", blank=True, editable=False)
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        _("teks alternatif sampul"),
        max_length=200,
        blank=True,
        help_text=_("Apa yang tampak pada gambar, untuk pembaca layar. Wajib bila ada sampul."),
    )
    cover_credit = models.CharField(
        _("kredit sampul"),
        max_length=120,
        blank=True,
        help_text=_(
            "Nama fotografer atau sumber saja, misalnya Humas Bawaslu Jember: halaman menambahkan "
            "kata Foto di depannya."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penulis"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    # Indexed only after status (and category or kind), in Meta.indexes: an index on the time
    # alone let PostgreSQL walk every article by time and filter out other categories, a walk
    # with no end for a category that has not published for a while.
    publish_at = models.DateTimeField(_("terbit pada"), null=True, blank=True)
    distribute_at = models.DateTimeField(
        _("dikirim ke wartawan pada"),
        null=True,
        blank=True,
        help_text=_(
            "Khusus siaran pers: waktu daftar wartawan terverifikasi menerimanya dengan tanda "
            "EMBARGO, sebelum terbit untuk umum."
        ),
    )
    # Set once each distribution is enqueued, so a second beat run sends nothing again.
    press_distributed_at = models.DateTimeField(null=True, blank=True, editable=False)
    public_distributed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Klarifikasi Hoaks.
    claim = models.TextField(_("klaim yang beredar"), blank=True)
    verdict = models.CharField(_("putusan"), max_length=20, choices=Verdict.choices, blank=True)
    evidence = models.TextField(_("bukti"), blank=True)
    sources = models.TextField(
        _("sumber"), blank=True, help_text=_("Satu alamat (URL) atau rujukan per baris.")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")
        ordering = ["-publish_at", "-id"]
        permissions = [
            ("publish_article", _("Dapat menerbitkan, menjadwalkan dan mengarsipkan artikel")),
        ]
        indexes = [
            # The public lists, feeds and home page: the newest public articles, in order.
            models.Index(fields=["status", "publish_at"]),
            # The same, within one category (its list, related articles) or one kind (?jenis=,
            # the feed of one kind): read in order and stopped at the page's end, and counted
            # by an index-only scan, instead of reading every public article.
            models.Index(
                fields=["category", "status", "publish_at"], name="news_article_category_recent"
            ),
            models.Index(fields=["kind", "status", "publish_at"], name="news_article_kind_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(distribute_at__isnull=True)
                | (Q(kind="press_release") & Q(distribute_at__lte=models.F("publish_at"))),
                name="article_embargo_before_publication",
            ),
            models.CheckConstraint(
                condition=~Q(kind="hoax_clarification", status="published") | ~Q(verdict=""),
                name="article_clarification_has_verdict",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        # The page prefixes the credit with "Foto:"; one typed by habit would show twice.
        self.cover_credit = CREDIT_PREFIX.sub("", self.cover_credit)
        errors = {}
        if self.cover and not self.cover_alt.strip():
            errors["cover_alt"] = _("Tulis teks alternatif untuk gambar sampul.")
        if self.distribute_at and self.kind != ArticleKind.PRESS_RELEASE:
            errors["distribute_at"] = _("Hanya siaran pers yang dikirim lebih dulu ke wartawan.")
        if self.distribute_at and self.publish_at and self.distribute_at > self.publish_at:
            errors["distribute_at"] = _("Waktu kirim ke wartawan harus sebelum waktu terbit.")
        if self.distribute_at and not self.publish_at:
            errors["publish_at"] = _("Siaran pers berembargo perlu waktu terbit.")
        if self.kind == ArticleKind.HOAX_CLARIFICATION and not self.verdict:
            errors["verdict"] = _("Klarifikasi hoaks perlu putusan.")
        if errors:
            raise ValidationError(errors)

    def is_public(self, now=None) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
        )


class ArticleImage(models.Model):
    """A gallery image: re-encoded in two widths like the cover."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("gambar"), upload_to="news/gallery/")
    image_small = models.ImageField(upload_to="news/gallery/", blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt = models.CharField(_("teks alternatif"), max_length=200)
    caption = models.CharField(_("keterangan"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("gambar galeri")
        verbose_name_plural = _("galeri")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt


class ArticleAttachment(models.Model):
    """A PDF attached to an article, checked for active content and stripped of metadata."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas PDF"), upload_to="news/attachments/")
    title = models.CharField(_("judul berkas"), max_length=200)
    size = models.PositiveIntegerField(_("ukuran (bita)"), default=0, editable=False)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Correction(models.Model):
    """A visible "Ralat" note: what was corrected, when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(_("ralat"))
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("ralat")
        verbose_name_plural = _("ralat")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.note[:60]


class ArticleRevision(models.Model):
    """Who did what to an article, and when (with the text as it was then)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("tindakan"), max_length=30)
    status = models.CharField(_("status"), max_length=20, choices=ArticleStatus.choices)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat revisi")
        verbose_name_plural = _("riwayat revisi")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return "%s %s" % (self.action, self.created_at)
