from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from humas_portal.fields import HttpsURLField

# Read by selectors.office_profile_current; cleared whenever the profile is saved.
PROFILE_CACHE_KEY = "siteprofile:office:v1"

REGION_CODE_VALIDATOR = RegexValidator(
    r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", _("Kode wilayah tidak sah.")
)


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten")
    CITY = "city", _("Kota")
    DISTRICT = "district", _("Kecamatan")
    VILLAGE = "village", _("Desa")
    URBAN_VILLAGE = "urban_village", _("Kelurahan")


class Region(models.Model):
    """An official administrative region (Kepmendagri code), from province down to village."""

    Level = RegionLevel

    # The official code is stable across data releases and is what other systems use.
    code = models.CharField(
        _("kode"), max_length=13, primary_key=True, validators=[REGION_CODE_VALIDATOR]
    )
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=20, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=RegionLevel.values),
                name="region_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True)
                | (~Q(level="province") & Q(parent__isnull=False)),
                name="region_parent_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OfficeProfile(models.Model):
    """The one office this deployment serves: its name, region and contacts are data."""

    name = models.CharField(_("nama kantor"), max_length=150, default="Bawaslu")
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level__in": [RegionLevel.REGENCY, RegionLevel.CITY]},
        related_name="+",
    )
    tagline = models.CharField(_("slogan"), max_length=200, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    hotline = models.CharField(
        _("nomor pengaduan"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9+() -]{5,20}$", _("Isi nomor telepon, misalnya 0331 123456."))
        ],
    )
    whatsapp = models.CharField(
        _("nomor WhatsApp"),
        max_length=16,
        blank=True,
        help_text=_("Format internasional tanpa tanda +, misalnya 6281234567890."),
        validators=[
            RegexValidator(r"^62\d{8,13}$", _("Tulis dengan awalan 62, misalnya 6281234567890."))
        ],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = HttpsURLField(_("situs web"), blank=True)
    facebook_url = HttpsURLField(_("Facebook"), blank=True)
    instagram_url = HttpsURLField(_("Instagram"), blank=True)
    x_url = HttpsURLField(_("X (Twitter)"), blank=True)
    youtube_url = HttpsURLField(_("YouTube"), blank=True)
    tiktok_url = HttpsURLField(_("TikTok"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="office/", blank=True)
    # The press room (/forum-media/ruang-media/): whom journalists call.
    press_contact_name = models.CharField(_("nama kontak media"), max_length=120, blank=True)
    press_contact_role = models.CharField(
        _("jabatan kontak media"),
        max_length=120,
        blank=True,
        help_text=_("Misalnya Koordinator Divisi Humas."),
    )
    press_contact_phone = models.CharField(
        _("telepon kontak media"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9+() -]{5,20}$", _("Isi nomor telepon, misalnya 0331 123456."))
        ],
    )
    press_contact_email = models.EmailField(_("e-mail kontak media"), blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("profil kantor")
        verbose_name_plural = _("profil kantor")
        constraints = [
            # One office per deployment: the profile is a single row.
            models.CheckConstraint(condition=Q(id=1), name="officeprofile_single_row"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        # selectors imports this module: imported here, not at the top.
        from humas_portal.siteprofile.selectors import office_profile_forget

        transaction.on_commit(office_profile_forget, robust=True)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
            ("TikTok", self.tiktok_url),
        ]
        return [(label, url) for label, url in links if url]
