from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Who did what to which object, and when. Written by ``audit_record`` only; never changed."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept apart from the foreign key so the record survives the account's deletion.
    actor_username = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=100, db_index=True)
    target_type = models.CharField(_("jenis objek"), max_length=100, blank=True)
    target_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    target_repr = models.CharField(_("objek"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return "%s %s %s" % (self.created_at, self.actor_username or "-", self.action)

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the beat's heartbeat task; read by /healthz."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("detak pekerja")
        verbose_name_plural = _("detak pekerja")

    def __str__(self) -> str:
        return "%s %s" % (self.name, self.beat_at)


class SearchWord(models.Model):
    """A word of the public content, for the search's typo suggestions (humas_portal.search):
    rebuilt whole by ``search_words_refresh``, with a trigram index on PostgreSQL (migration
    0003); never edited by hand."""

    word = models.CharField(max_length=50, unique=True)
    # In how many public items the word appears: the likelier of two equally close words wins.
    documents = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("kata pencarian")
        verbose_name_plural = _("kata pencarian")

    def __str__(self) -> str:
        return self.word
