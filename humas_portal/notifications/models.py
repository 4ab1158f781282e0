from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from humas_portal.fields import language_check, language_field


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")


class Status(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    RETRYING = "retrying", _("Dicoba ulang")
    DEAD = "dead", _("Gagal")


class BulkSend(models.Model):
    """One message to many subscribers: its body is stored once per language (BulkSendBody)."""

    kind = models.CharField(_("jenis"), max_length=50)
    topic = models.CharField(_("topik"), max_length=50)
    # In the site's default language: what staff see and search in the admin.
    subject = models.CharField(_("subjek"), max_length=200)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    total = models.PositiveIntegerField(_("jumlah penerima"), default=0)
    enqueued_at = models.DateTimeField(_("selesai diantrikan"), null=True, blank=True)
    # Which of the topic's confirmed subscribers receive it: "" for all of them, else an
    # audience an app registered (bulk.bulk_audience_register), e.g. the verified press list.
    audience = models.CharField(_("sasaran"), max_length=50, blank=True, default="")
    # Whoever received this other send is left out (an embargoed copy reached them first).
    excluded_send = models.ForeignKey(
        "self",
        verbose_name=_("kecuali penerima"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the send is about ("news.article:12:press"); unique, so one thing is sent once.
    reference = models.CharField(_("rujukan"), max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("kiriman massal")
        verbose_name_plural = _("kiriman massal")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="bulksend_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class BulkSendBody(models.Model):
    """A bulk send's message in one language, rendered once for all its readers of that
    language; the per-recipient links are filled in at send time (see email.py)."""

    bulk = models.ForeignKey(
        BulkSend, verbose_name=_("kiriman massal"), on_delete=models.CASCADE, related_name="bodies"
    )
    language = language_field()
    subject = models.CharField(_("subjek"), max_length=200)
    body_text = models.TextField(_("isi teks"))
    body_html = models.TextField(_("isi HTML"), blank=True)

    class Meta:
        verbose_name = _("isi kiriman massal")
        verbose_name_plural = _("isi kiriman massal")
        constraints = [
            models.UniqueConstraint(
                fields=["bulk", "language"], name="bulksendbody_one_per_language"
            ),
            language_check("bulksendbody_language_valid"),
        ]

    def __str__(self) -> str:
        return "%s (%s)" % (self.subject, self.language)


class Message(models.Model):
    """One message to one recipient: the outbox row and, once sent, the delivery log."""

    channel = models.CharField(
        _("kanal"), max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    recipient = models.CharField(_("penerima"), max_length=254)
    kind = models.CharField(_("jenis"), max_length=50, db_index=True)
    sensitive = models.BooleanField(_("sensitif"), default=False)
    subject = models.CharField(_("subjek"), max_length=200)
    body_text = models.TextField(_("isi teks"), blank=True)
    body_html = models.TextField(_("isi HTML"), blank=True)
    # Set: the two bodies are Fernet tokens (humas_portal.crypto, the portal's keys), not text.
    # A sensitive kind's body holds a secret, which must not reach the database's write-ahead
    # log, archives and backups in clear. Read the bodies with email.message_bodies.
    encrypted = models.BooleanField(_("terenkripsi"), default=False)
    # The language it is written in: a bulk row takes its send's body in this language.
    language = language_field()
    bulk = models.ForeignKey(
        BulkSend,
        verbose_name=_("kiriman massal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    # Links that differ per recipient of a bulk send (unsubscribe, preferences).
    links = models.JSONField(_("tautan"), default=dict, blank=True)
    # The primary key of the object the message is about (notification_enqueue's ``about``).
    # A kind with attachments builds them from it at send time (registry.MessageKind): the
    # attachment itself (a ticket, a calendar file) is never stored in the outbox.
    about_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    # Enqueueing the same key twice creates one row: callers derive it from what they send.
    idempotency_key = models.CharField(_("kunci idempoten"), max_length=200, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"))
    sending_started_at = models.DateTimeField(_("mulai dikirim"), null=True, blank=True)
    # Past this time the message is given up (dead) instead of retried.
    expires_at = models.DateTimeField(_("batas waktu"))
    last_error = models.CharField(_("galat terakhir"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("log pengiriman")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("view_sensitive_recipient", _("Dapat melihat penerima pesan sensitif")),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="message_due_idx",
                condition=Q(status__in=["pending", "retrying", "sending"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["bulk", "recipient"],
                condition=Q(bulk__isnull=False),
                name="message_once_per_bulk_recipient",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in Status]),
                name="message_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="message_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(encrypted=False) | Q(sensitive=True),
                name="message_encrypted_only_sensitive",
            ),
            language_check("message_language_valid"),
        ]

    def __str__(self) -> str:
        return "%s #%s" % (self.kind, self.pk)


class Subscriber(models.Model):
    """An e-mail address that asked for news; it receives nothing until it confirms."""

    # Stored as subscriptions.subscriber_email_key makes it: ASCII, lower-case, IDNA domain.
    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    # The site's language when the address last asked (or saved its preferences).
    language = language_field()
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pelanggan")
        verbose_name_plural = _("pelanggan")
        ordering = ["email"]
        indexes = [
            # The purge looks for addresses that never confirmed.
            models.Index(
                fields=["created_at"],
                name="subscriber_pending_idx",
                condition=Q(confirmed_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="subscriber_email_lowercase"
            ),
            language_check("subscriber_language_valid"),
        ]

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    """One subscriber's interest in one topic (topics are registered by the apps)."""

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("pelanggan"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    topic = models.CharField(_("topik"), max_length=50)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("langganan")
        verbose_name_plural = _("langganan")
        ordering = ["subscriber_id", "topic"]
        indexes = [
            # A bulk send walks one topic's subscribers in subscriber order.
            models.Index(fields=["topic", "subscriber"], name="subscription_topic_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "topic"], name="subscription_once_per_topic"
            ),
            models.CheckConstraint(condition=~Q(topic=""), name="subscription_topic_not_empty"),
        ]

    def __str__(self) -> str:
        return self.topic


class TokenPurpose(models.TextChoices):
    CONFIRM = "confirm", _("Konfirmasi langganan")
    PREFERENCES = "preferences", _("Atur langganan")
    UNSUBSCRIBE = "unsubscribe", _("Berhenti berlangganan")


class SubscriberToken(models.Model):
    """A secret link for one subscriber and one purpose; only its SHA-256 is stored."""

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("pelanggan"),
        on_delete=models.CASCADE,
        related_name="tokens",
    )
    purpose = models.CharField(_("keperluan"), max_length=20, choices=TokenPurpose.choices)
    token_hash = models.CharField(_("hash token"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), db_index=True)
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("token pelanggan")
        verbose_name_plural = _("token pelanggan")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=[choice.value for choice in TokenPurpose]),
                name="subscribertoken_purpose_valid",
            ),
        ]

    def __str__(self) -> str:
        return "%s #%s" % (self.purpose, self.pk)


class RecipientDailyCount(models.Model):
    """How many e-mails the public forms sent to one mailbox on one day (the office's date).

    A public form lets anyone name the recipient, so each mailbox gets only so many a day
    (notification_enqueue with ``public_form``). The mailbox is kept as a SHA-256 digest of
    validators.email_recipient_key, never as an address: this table holds no personal data.
    """

    key = models.CharField(max_length=64, editable=False)
    day = models.DateField(editable=False)
    count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("hitungan e-mail per penerima")
        verbose_name_plural = _("hitungan e-mail per penerima")
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="recipientdailycount_once"),
        ]

    def __str__(self) -> str:
        return "%s: %s" % (self.day, self.count)
