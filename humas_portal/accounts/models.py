from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """Which sessions belong to which user, so all of one user's sessions can be ended at once.

    Written by StaffSessionMiddleware when it first sees a session key (at login, and again
    when Django cycles the key); read only by ``user_sessions_end``. Without it, ending one
    user's sessions would mean decoding every session in the store.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    session_key = models.CharField(_("kunci sesi"), max_length=40, unique=True)
    registered_at = models.DateTimeField(_("dicatat"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sesi staf")
        verbose_name_plural = _("sesi staf")

    def __str__(self) -> str:
        return "%s %s" % (self.user_id, self.registered_at)
