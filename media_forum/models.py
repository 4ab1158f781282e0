from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from humas_portal.fields import language_check, language_field


class JournalistProfile(models.Model):
    """A journalist on the "siaran pers" list; verified ones form the press list (embargo)."""

    subscriber = models.OneToOneField(
        "notifications.Subscriber",
        verbose_name=_("pelanggan"),
        on_delete=models.CASCADE,
        related_name="journalist",
    )
    name = models.CharField(_("nama"), max_length=120)
    outlet = models.CharField(_("media"), max_length=120)
    beat = models.CharField(_("desk liputan"), max_length=120, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    # The site's language at registration; the press list's mail follows the subscriber's.
    language = language_field()
    verified = models.BooleanField(_("terverifikasi"), default=False)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("terdaftar"), auto_now_add=True)

    class Meta:
        # Moved from news with its rows: the table keeps the name it was created with.
        db_table = "news_journalistprofile"
        verbose_name = _("profil wartawan")
        verbose_name_plural = _("profil wartawan")
        ordering = ["outlet", "name"]
        permissions = [("verify_journalist", _("Dapat memverifikasi wartawan"))]
        constraints = [language_check("journalistprofile_language_valid")]

    def __str__(self) -> str:
        return "%s (%s)" % (self.name, self.outlet)
