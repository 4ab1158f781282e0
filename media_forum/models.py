import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from humas_portal.fields import HttpsURLField, language_check, language_field
from humas_portal.richtext import rich_text_field


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


# --- Events (issue 16) -----------------------------------------------------------------------

# Path words of /forum-media/ that an event slug must not take.
RESERVED_SLUGS = frozenset({"ruang-media", "hadir", "pendaftaran", "kalender"})


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("Slug %(slug)s dipakai oleh alamat lain; pilih yang berbeda."),
            params={"slug": value},
            code="reserved",
        )


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum media")
    PRESS_CONFERENCE = "press_conference", _("Konferensi pers")
    OUTREACH = "outreach", _("Sosialisasi")
    ADHOC_TRAINING = "adhoc_training", _("Bimtek jajaran ad hoc")
    MEDIA_VISIT = "media_visit", _("Kunjungan media")


class EventAudience(models.TextChoices):
    """Who may register; it decides the registration form's extra fields."""

    JOURNALISTS = "journalists", _("Wartawan")
    PUBLIC = "public", _("Umum")
    ADHOC = "adhoc", _("Jajaran ad hoc")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")
    CANCELLED = "cancelled", _("Dibatalkan")
    FINISHED = "finished", _("Selesai")


class RegistrationState(models.TextChoices):
    """Whether an event takes registrations now, and if not, why (shown on its page)."""

    OPEN = "open", _("Pendaftaran dibuka")
    NOT_YET = "not_yet", _("Pendaftaran belum dibuka")
    CLOSED = "closed", _("Pendaftaran sudah ditutup")
    CANCELLED = "cancelled", _("Acara dibatalkan")
    FINISHED = "finished", _("Acara sudah selesai")
    DRAFT = "draft", _("Acara belum terbit")


class EventQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: published, cancelled (said so on its page) and finished events.
        A draft is the office's own."""
        return self.exclude(status=EventStatus.DRAFT)


class Event(models.Model):
    """A media forum, press conference, outreach, ad hoc training or media visit.

    Times are stored in UTC and shown in the office's time zone (settings.TIME_ZONE). Seats are
    ``capacity`` minus the registrations holding one (``Registration.objects.holding_seat()``),
    counted under this row's lock whenever a seat is given or freed.
    """

    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Bagian alamat /forum-media/…/; dibuat dari judul, boleh diubah."),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=EventKind.choices)
    description = rich_text_field(_("uraian"))
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(
        _("tempat"), max_length=200, blank=True, help_text=_("Kosongkan untuk acara daring.")
    )
    address = models.TextField(_("alamat tempat"), max_length=500, blank=True)
    map_url = HttpsURLField(_("tautan peta"), blank=True)
    online_url = HttpsURLField(
        _("tautan acara daring"),
        blank=True,
        help_text=_("Hanya ditunjukkan kepada pendaftar yang sudah terkonfirmasi."),
    )
    capacity = models.PositiveIntegerField(_("kapasitas (kursi)"))
    registration_opens_at = models.DateTimeField(
        _("pendaftaran dibuka"), null=True, blank=True, help_text=_("Kosong: sejak terbit.")
    )
    registration_closes_at = models.DateTimeField(
        _("pendaftaran ditutup"), null=True, blank=True, help_text=_("Kosong: saat acara mulai.")
    )
    audience = models.CharField(
        _("peserta"), max_length=20, choices=EventAudience.choices, default=EventAudience.PUBLIC
    )
    approval_required = models.BooleanField(
        _("perlu persetujuan petugas"),
        default=False,
        help_text=_(
            "Pendaftar disetujui petugas setelah mengonfirmasi e-mail; wartawan terverifikasi "
            "langsung mendapat kursi."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # Raised by every change of time or place: registrants are told once per value.
    schedule_version = models.PositiveIntegerField(default=1, editable=False)
    published_at = models.DateTimeField(_("terbit pada"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True, editable=False)
    # Set once the materials went to the attendees, so sending again sends nothing.
    materials_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set once the registrants' contact data was erased (UU 27/2022); the counts stay.
    contacts_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("acara")
        verbose_name_plural = _("acara")
        ordering = ["-starts_at", "-id"]
        permissions = [
            ("publish_event", _("Dapat menerbitkan, membatalkan dan menyelesaikan acara")),
            ("checkin_event", _("Dapat mencatat kehadiran peserta acara")),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="media_forum_event_public")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_has_seats"),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(audience__in=EventAudience.values), name="event_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="event_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="event_public_has_publish_time",
            ),
            # A place to go: a venue, an online link, or both.
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_url=""), name="event_has_a_place"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum_media:event", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Waktu selesai harus setelah waktu mulai.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Pendaftaran harus ditutup setelah dibuka.")
        if not self.venue and not self.online_url:
            errors["venue"] = _("Isi tempat acara, tautan acara daring, atau keduanya.")
        if errors:
            raise ValidationError(errors)

    @property
    def registration_closes(self):
        """When registration closes: the set time, or the start of the event."""
        return self.registration_closes_at or self.starts_at

    def registration_state(self, now: datetime) -> RegistrationState:
        """The one rule for whether a registration is taken at ``now`` (a full event still
        takes them, for the waitlist)."""
        if self.status == EventStatus.DRAFT:
            return RegistrationState.DRAFT
        if self.status == EventStatus.CANCELLED:
            return RegistrationState.CANCELLED
        if self.status == EventStatus.FINISHED or now >= self.ends_at:
            return RegistrationState.FINISHED
        if now < (self.registration_opens_at or self.published_at):
            return RegistrationState.NOT_YET
        if now >= self.registration_closes:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN


class EventSpeaker(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("acara"), on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("nama"), max_length=120)
    role = models.CharField(
        _("jabatan atau lembaga"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya Ketua Bawaslu."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class MaterialKind(models.TextChoices):
    PDF = "pdf", _("Dokumen PDF")
    IMAGE = "image", _("Gambar")


class EventMaterial(models.Model):
    """A press kit file of an event: a cleaned PDF or a re-encoded image (humas_portal.uploads),
    public from ``publish_at``, or once the event has ended when that is empty."""

    event = models.ForeignKey(
        Event, verbose_name=_("acara"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=MaterialKind.choices)
    file = models.FileField(_("berkas"), upload_to="media_forum/materials/")
    # Measured from the cleaned file when it is uploaded, never typed.
    size = models.PositiveIntegerField(_("ukuran (bita)"), default=0, editable=False)
    image_alt = models.CharField(
        _("teks alternatif gambar"),
        max_length=200,
        blank=True,
        help_text=_("Wajib untuk gambar: apa yang tampak, singkat, untuk pembaca layar."),
    )
    publish_at = models.DateTimeField(
        _("terbit pada"), null=True, blank=True, help_text=_("Kosong: setelah acara selesai.")
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("materi acara")
        verbose_name_plural = _("materi acara")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MaterialKind.values), name="eventmaterial_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="image") | ~Q(image_alt=""), name="eventmaterial_image_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    # Waiting for the registrant to confirm the e-mail address; expires if they never do.
    REGISTERED = "registered", _("Menunggu konfirmasi e-mail")
    # E-mail confirmed, waiting for an officer (events with approval_required).
    PENDING_APPROVAL = "pending_approval", _("Menunggu persetujuan")
    CONFIRMED = "confirmed", _("Terkonfirmasi")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    CANCELLED = "cancelled", _("Dibatalkan")
    REJECTED = "rejected", _("Tidak disetujui")


class AdhocBody(models.TextChoices):
    PANWASCAM = "panwascam", _("Panwaslu Kecamatan")
    PKD = "pkd", _("Pengawas Kelurahan/Desa (PKD)")
    PTPS = "ptps", _("Pengawas TPS (PTPS)")


class RegistrationQuerySet(models.QuerySet):
    def holding_seat(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        """The waitlist in its order: who confirmed their e-mail first comes first."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by(
            "email_confirmed_at", "id"
        )


class Registration(models.Model):
    """One person's registration for one event, without an account.

    State: registered → (e-mail confirmed) → [pending_approval →] confirmed or waitlisted →
    cancelled; attended is ``attended_at`` on a confirmed one. A seat is given at the moment of
    confirmation (or approval) under the event's row lock, in that order; a cancellation frees
    it for the first of the waitlist under the same lock. The ticket code is an HMAC of
    ``public_id`` (media_forum.tickets): nothing secret is stored.

    Contact data (name, e-mail, phone and the audience's fields) is erased a set number of
    months after the event (``erased_at``); the row stays, so the counts stay.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("acara"), on_delete=models.PROTECT, related_name="registrations"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nama"), max_length=120)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    # Journalists.
    outlet = models.CharField(_("media"), max_length=120, blank=True)
    position = models.CharField(_("jabatan"), max_length=120, blank=True)
    press_card = models.CharField(
        _("nomor kartu pers atau sertifikat kompetensi"), max_length=60, blank=True
    )
    # Linked by e-mail once the address is confirmed: the press list's own profile.
    journalist = models.ForeignKey(
        JournalistProfile,
        verbose_name=_("profil wartawan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    # Ad hoc staff.
    adhoc_body = models.CharField(
        _("lembaga"), max_length=20, choices=AdhocBody.choices, blank=True
    )
    area = models.CharField(_("wilayah tugas"), max_length=120, blank=True)
    language = language_field()
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    created_at = models.DateTimeField(_("mendaftar"), auto_now_add=True)
    email_confirmed_at = models.DateTimeField(
        _("e-mail dikonfirmasi"), null=True, blank=True, editable=False
    )
    decided_at = models.DateTimeField(_("kursi diputuskan"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    cancelled_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True, editable=False)
    attended_at = models.DateTimeField(_("hadir"), null=True, blank=True, editable=False)
    attended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    erased_at = models.DateTimeField(
        _("data kontak dihapus"), null=True, blank=True, editable=False
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("pendaftaran acara")
        verbose_name_plural = _("pendaftaran acara")
        ordering = ["created_at", "id"]
        permissions = [("approve_registration", _("Dapat menyetujui pendaftaran acara"))]
        indexes = [
            # Seat counts and the waitlist of one event.
            models.Index(
                fields=["event", "status", "email_confirmed_at"],
                name="media_forum_registration_seat",
            ),
            # Unconfirmed registrations that expire.
            models.Index(fields=["status", "created_at"], name="media_forum_registration_age"),
        ]
        constraints = [
            # One registration per event and address; erased rows keep no address.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email=""),
                name="registration_one_per_event_and_email",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(adhoc_body="") | Q(adhoc_body__in=AdhocBody.values),
                name="registration_adhoc_body_valid",
            ),
            # Only someone holding a seat can have come.
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True) | Q(status="confirmed"),
                name="registration_attended_holds_seat",
            ),
            # Past the first step, the address was proven.
            models.CheckConstraint(
                condition=Q(status="registered") | Q(email_confirmed_at__isnull=False),
                name="registration_decided_after_confirmation",
            ),
            language_check("registration_language_valid"),
        ]

    def __str__(self) -> str:
        return "%s — %s" % (self.name or _("(dihapus)"), self.event)


class RegistrationTokenPurpose(models.TextChoices):
    CONFIRM = "confirm", _("konfirmasi e-mail")
    MANAGE = "manage", _("kelola pendaftaran")


class RegistrationToken(models.Model):
    """Links in registrants' e-mails (humas_portal.tokens): only the hash is stored."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(
        _("keperluan"), max_length=20, choices=RegistrationTokenPurpose.choices
    )
    token_hash = models.CharField(_("hash token"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), db_index=True)
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("token pendaftaran")
        verbose_name_plural = _("token pendaftaran")
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=RegistrationTokenPurpose.values),
                name="registrationtoken_purpose_valid",
            )
        ]

    def __str__(self) -> str:
        return "%s #%s" % (self.get_purpose_display(), self.registration_id)
