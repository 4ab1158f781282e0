from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, OuterRef, Q
from django.db.models.functions import Now
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from humas_portal.admin_site import CachedPagesAdminMixin
from humas_portal.audit import audit_record
from humas_portal.exports import EXPORT_FORMATS, export_response
from humas_portal.notifications.subscriptions import subscription_exists
from humas_portal.uploads import image_reencode, pdf_sanitize
from media_forum import events
from media_forum.event_exports import attendance_rows
from media_forum.forms import JournalistProfileForm
from media_forum.models import (
    Event,
    EventMaterial,
    EventSpeaker,
    JournalistProfile,
    MaterialKind,
    Registration,
    RegistrationStatus,
)
from media_forum.registrations import registration_approve, registration_reject
from media_forum.services import (
    PRESS_TOPIC,
    VERIFY_PERMISSION,
    journalist_unverify,
    journalist_verify,
)


@admin.register(JournalistProfile)
class JournalistProfileAdmin(admin.ModelAdmin):
    """Verification happens only through the actions (a service, with an audit event)."""

    form = JournalistProfileForm
    list_display = [
        "name", "outlet", "beat", "email", "confirmed", "press_subscriber", "verified",
        "verified_at", "verified_by",
    ]  # fmt: skip
    list_filter = ["verified", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["name", "outlet", "beat", "subscriber__email"]
    list_select_related = ["subscriber", "verified_by"]
    readonly_fields = ["email", "confirmed", "verified", "verified_at", "verified_by", "created_at"]
    fields = ["name", "outlet", "beat", "phone", *readonly_fields]
    actions = ["verify", "revoke"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                on_press_topic=subscription_exists(
                    topic=PRESS_TOPIC, subscriber_id=OuterRef("subscriber_id")
                )
            )
        )

    @admin.display(description=_("e-mail"), ordering="subscriber__email")
    def email(self, obj: JournalistProfile) -> str:
        return obj.subscriber.email

    @admin.display(description=_("e-mail dikonfirmasi"), boolean=True)
    def confirmed(self, obj: JournalistProfile) -> bool:
        return obj.subscriber.confirmed_at is not None

    @admin.display(description=_("berlangganan siaran pers"), boolean=True)
    def press_subscriber(self, obj: JournalistProfile) -> bool:
        return obj.on_press_topic

    def has_add_permission(self, request) -> bool:
        # Journalists register themselves (/langganan/wartawan/): that confirms the mailbox.
        return False

    def has_verify_journalist_permission(self, request) -> bool:
        return request.user.has_perm(VERIFY_PERMISSION)

    def _decide(self, request, queryset, service, done_message) -> None:
        done = 0
        for profile in queryset:
            try:
                service(profile_id=profile.pk, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(
        description=_("Verifikasi wartawan terpilih (masuk daftar pers)"),
        permissions=["verify_journalist"],
    )
    def verify(self, request, queryset) -> None:
        self._decide(
            request,
            queryset.filter(verified=False),
            journalist_verify,
            lambda count: ngettext(
                "%(count)d wartawan diverifikasi.", "%(count)d wartawan diverifikasi.", count
            ),
        )

    @admin.action(
        description=_("Cabut verifikasi wartawan terpilih"), permissions=["verify_journalist"]
    )
    def revoke(self, request, queryset) -> None:
        self._decide(
            request,
            queryset.filter(verified=True),
            journalist_unverify,
            lambda count: ngettext(
                "Verifikasi %(count)d wartawan dicabut.",
                "Verifikasi %(count)d wartawan dicabut.",
                count,
            ),
        )


# --- Events (issue 16) -----------------------------------------------------------------------


class EventSpeakerInline(admin.TabularInline):
    model = EventSpeaker
    fields = ["name", "role", "order"]
    extra = 0


class EventMaterialForm(forms.ModelForm):
    """A press kit file goes through the upload hygiene: a PDF is checked and stripped of its
    metadata (pdf_sanitize), an image decoded and encoded again (image_reencode); both under a
    random name, and the size is measured from the clean copy. An image needs its alt text."""

    class Meta:
        model = EventMaterial
        fields = ["title", "kind", "file", "image_alt", "publish_at", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clean_copy = None
        self.fields["file"].widget.attrs.setdefault(
            "accept", "application/pdf,.pdf,image/jpeg,image/png,image/webp"
        )

    def clean(self):
        cleaned = super().clean()
        kind, upload = cleaned.get("kind"), cleaned.get("file")
        if isinstance(upload, UploadedFile):
            try:
                if kind == MaterialKind.PDF:
                    self._clean_copy = pdf_sanitize(upload)
                elif kind == MaterialKind.IMAGE:
                    self._clean_copy = image_reencode(upload, max_side=MATERIAL_IMAGE_MAX_SIDE)
            except ValidationError as error:
                self.add_error("file", error)
            else:
                cleaned["file"] = self._clean_copy
        elif self.instance.pk and "kind" in self.changed_data:
            # The stored file was checked as the other kind.
            self.add_error("file", _("Jenis materi diubah: unggah berkasnya lagi."))
        if kind == MaterialKind.IMAGE and not cleaned.get("image_alt", "").strip():
            self.add_error("image_alt", _("Gambar perlu teks alternatif."))
        return cleaned

    def _post_clean(self):
        if self._clean_copy is not None:
            self.instance.file = self._clean_copy
            self.instance.size = self._clean_copy.size
        super()._post_clean()


# A press photo is printed by newspapers: larger than the site's own images.
MATERIAL_IMAGE_MAX_SIDE = 3000


class EventMaterialInline(admin.StackedInline):
    model = EventMaterial
    form = EventMaterialForm
    fields = ["title", "kind", "file", "image_alt", "publish_at", "order", "size"]
    readonly_fields = ["size"]
    extra = 0


def _registration_counts(queryset):
    """The counts of each event, annotated in the one query of the list or change page."""
    holding = Q(registrations__status=RegistrationStatus.CONFIRMED)
    return queryset.annotate(
        count_registered=Count(
            "registrations",
            filter=~Q(registrations__status=RegistrationStatus.REGISTERED),
        ),
        count_confirmed=Count("registrations", filter=holding),
        count_waitlisted=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
        count_attended=Count("registrations", filter=Q(registrations__attended_at__isnull=False)),
        count_no_show=Count(
            "registrations",
            filter=holding & Q(registrations__attended_at__isnull=True) & Q(ends_at__lt=Now()),
        ),
    )


@admin.register(Event)
class EventAdmin(CachedPagesAdminMixin, admin.ModelAdmin):
    """Events change only through media_forum.events: saving a published event tells its
    registrants of a change of time or place once; the status moves are the actions."""

    list_display = [
        "title", "kind", "starts_at", "status", "registered", "confirmed", "waitlisted",
        "attended", "no_show",
    ]  # fmt: skip
    list_filter = ["status", "kind", "audience", ("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "venue"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventSpeakerInline, EventMaterialInline]
    readonly_fields = [
        "status", "published_at", "cancelled_at", "materials_sent_at", "contacts_erased_at",
        "created_by", "registered", "confirmed", "waitlisted", "attended", "no_show",
        "attendance_export",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "audience", "description"]}),
        (_("Waktu dan tempat"), {
            "fields": ["starts_at", "ends_at", "venue", "address", "map_url", "online_url"],
        }),
        (_("Pendaftaran"), {
            "fields": [
                "capacity", "registration_opens_at", "registration_closes_at",
                "approval_required",
            ],
        }),
        (_("Status dan peserta"), {
            "fields": [
                "status", "published_at", "cancelled_at", "materials_sent_at",
                "contacts_erased_at", "created_by", ("registered", "confirmed", "waitlisted"),
                ("attended", "no_show"), "attendance_export",
            ],
        }),
    ]  # fmt: skip
    actions = ["publish", "cancel", "finish", "send_materials", "send_materials_press"]

    def get_queryset(self, request):
        return _registration_counts(super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        # A new event has no status or registrants yet.
        return self.fieldsets if obj is not None else self.fieldsets[:-1]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            saved = events.event_update(event=obj, actor=request.user)
            obj.schedule_version = saved.schedule_version
        else:
            events.event_create(event=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Registrations refer to events (PROTECT); the record of who came stays.
        return False

    def has_publish_event_permission(self, request) -> bool:
        return request.user.has_perm(events.PUBLISH_PERMISSION)

    # --- Counts ---

    @admin.display(description=_("pendaftar"), ordering="count_registered")
    def registered(self, obj: Event) -> int:
        return obj.count_registered

    @admin.display(description=_("terkonfirmasi"), ordering="count_confirmed")
    def confirmed(self, obj: Event) -> int:
        return obj.count_confirmed

    @admin.display(description=_("daftar tunggu"), ordering="count_waitlisted")
    def waitlisted(self, obj: Event) -> int:
        return obj.count_waitlisted

    @admin.display(description=_("hadir"), ordering="count_attended")
    def attended(self, obj: Event) -> int:
        return obj.count_attended

    @admin.display(description=_("tidak hadir"), ordering="count_no_show")
    def no_show(self, obj: Event) -> str | int:
        # Before the end nobody has failed to come yet.
        return obj.count_no_show if obj.ends_at < timezone.now() else "-"

    @admin.display(description=_("daftar hadir"))
    def attendance_export(self, obj: Event) -> str:
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:media_forum_event_attendance", args=[obj.pk, fmt]), label)
                for fmt, label in (("csv", _("Unduh CSV")), ("xlsx", _("Unduh XLSX")))
            ),
        )

    # --- Attendance export ---

    def get_urls(self):
        return [
            path(
                "<int:event_id>/kehadiran.<str:fmt>",
                self.admin_site.admin_view(self.attendance_export_view),
                name="media_forum_event_attendance",
            ),
            *super().get_urls(),
        ]

    def attendance_export_view(self, request, event_id: int, fmt: str):
        if not request.user.has_perm("media_forum.view_registration"):
            raise PermissionDenied
        if fmt not in EXPORT_FORMATS:
            raise Http404
        event = get_object_or_404(Event, pk=event_id)
        header, rows = attendance_rows(event)
        audit_record(request.user, "event.attendance_exported", event, count=len(rows), format=fmt)
        return export_response(
            rows=rows,
            header=header,
            filename="kehadiran-acara-%d" % event.pk,
            fmt=fmt,
            sheet_name=gettext("Daftar hadir"),
        )

    # --- Status actions ---

    def _each(self, request, queryset, service, done_message, **kwargs) -> None:
        done = 0
        for event in queryset:
            try:
                service(event_id=event.pk, actor=request.user, **kwargs)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Terbitkan acara terpilih"), permissions=["publish_event"])
    def publish(self, request, queryset) -> None:
        self._each(
            request,
            queryset,
            events.event_publish,
            lambda count: ngettext(
                "%(count)d acara diterbitkan.", "%(count)d acara diterbitkan.", count
            ),
        )

    @admin.action(
        description=_("Batalkan acara terpilih (pendaftar diberi tahu)"),
        permissions=["publish_event"],
    )
    def cancel(self, request, queryset) -> None:
        self._each(
            request,
            queryset,
            events.event_cancel,
            lambda count: ngettext(
                "%(count)d acara dibatalkan; pendaftarnya diberi tahu.",
                "%(count)d acara dibatalkan; pendaftarnya diberi tahu.",
                count,
            ),
        )

    @admin.action(description=_("Tandai acara terpilih selesai"), permissions=["publish_event"])
    def finish(self, request, queryset) -> None:
        self._each(
            request,
            queryset,
            events.event_finish,
            lambda count: ngettext(
                "%(count)d acara ditandai selesai.", "%(count)d acara ditandai selesai.", count
            ),
        )

    @admin.action(
        description=_("Kirim materi kepada peserta yang hadir"), permissions=["publish_event"]
    )
    def send_materials(self, request, queryset) -> None:
        self._each(
            request,
            queryset,
            events.materials_send,
            lambda count: ngettext(
                "Materi %(count)d acara dikirim kepada pesertanya yang hadir.",
                "Materi %(count)d acara dikirim kepada pesertanya yang hadir.",
                count,
            ),
        )

    @admin.action(
        description=_("Kirim materi kepada peserta yang hadir dan daftar pers terverifikasi"),
        permissions=["publish_event"],
    )
    def send_materials_press(self, request, queryset) -> None:
        self._each(
            request,
            queryset,
            events.materials_send,
            lambda count: ngettext(
                "Materi %(count)d acara dikirim kepada pesertanya yang hadir dan daftar pers.",
                "Materi %(count)d acara dikirim kepada pesertanya yang hadir dan daftar pers.",
                count,
            ),
            press=True,
        )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Registrations are read here; they change only through the services (approval and
    rejection are the actions). After the retention period the contact data is gone and the
    row keeps only its status and attendance."""

    list_display = [
        "registrant", "outlet", "event", "status", "email_confirmed_at", "attended_at",
    ]  # fmt: skip
    list_filter = ["status", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "outlet"]
    list_select_related = ["event"]
    actions = ["approve", "reject"]
    fields = [
        "event", "registrant", "email", "phone", "outlet", "position", "press_card",
        "adhoc_body", "area", "journalist", "language", "status", "created_at",
        "email_confirmed_at", "decided_at", "approved_by", "cancelled_at", "attended_at",
        "attended_by", "erased_at",
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_fields(self, request, obj=None):
        if obj is not None and obj.erased_at is not None:
            # Nothing left to show but the record that someone registered.
            return ["event", "registrant", "status", "attended_at", "erased_at"]
        return self.fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_approve_registration_permission(self, request) -> bool:
        return request.user.has_perm("media_forum.approve_registration")

    @admin.display(description=_("nama"), ordering="name")
    def registrant(self, obj: Registration) -> str:
        return obj.name if obj.erased_at is None else _("(data kontak dihapus)")

    def _decide(self, request, queryset, service, done_message) -> None:
        done = 0
        for registration in queryset.filter(status=RegistrationStatus.PENDING_APPROVAL):
            try:
                service(registration_id=registration.pk, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)
        else:
            self.message_user(
                request,
                _("Tidak ada pendaftaran terpilih yang menunggu persetujuan."),
                messages.WARNING,
            )

    @admin.action(
        description=_("Setujui pendaftaran terpilih"), permissions=["approve_registration"]
    )
    def approve(self, request, queryset) -> None:
        # The service gives the seat, or the waitlist, under the event's lock.
        self._decide(
            request,
            queryset,
            registration_approve,
            lambda count: ngettext(
                "%(count)d pendaftaran disetujui.", "%(count)d pendaftaran disetujui.", count
            ),
        )

    @admin.action(description=_("Tolak pendaftaran terpilih"), permissions=["approve_registration"])
    def reject(self, request, queryset) -> None:
        self._decide(
            request,
            queryset,
            registration_reject,
            lambda count: ngettext(
                "%(count)d pendaftaran ditolak.", "%(count)d pendaftaran ditolak.", count
            ),
        )
