"""Education in the admin: writing items, review, publication, revisions; segments and themes.

As news/admin.py: every write goes through education.services. The form saves with
``item_save`` (which never changes the status), and status moves only through the actions and
the buttons under the form, which call the same transition services. ``status`` is read-only
in the form, so a POSTed ``status=published`` changes nothing. Publishing queues the e-mail to
the "edukasi" topic at once (education.distribution); the form then shows that send's progress,
linking to its page in the outbox's admin.
"""

import logging

from csp.decorators import csp_update
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from education import (
    admin_guide,  # noqa: F401  (the FAQ, glossary and quiz admins)
    services,
)
from education.distribution import (
    education_distribute_item,
    item_recipients_forecast,
    item_reference,
)
from education.forms import EducationItemAdminForm
from education.models import EducationItem, EducationItemRevision, ItemStatus, Segment, Theme
from education.selectors import YOUTUBE_EMBED_ORIGIN, item_detail_context
from humas_portal.admin_site import CachedPagesAdminMixin, ReadOnlyAdminMixin
from humas_portal.csp import EditorCSPAdminMixin
from humas_portal.notifications.dashboard import bulk_send_progress
from humas_portal.uploads import StorageWriteError, stored_files_removed_on_error

logger = logging.getLogger(__name__)

MOVE_SERVICES = {
    "submit": services.item_submit,
    "publish": services.item_publish,
    "schedule": services.item_schedule,
    "archive": services.item_archive,
}
MOVE_BUTTON_LABELS = {
    "submit": gettext_lazy("Simpan lalu ajukan untuk ditinjau"),
    "publish": gettext_lazy("Simpan lalu terbitkan"),
    "schedule": gettext_lazy("Simpan lalu jadwalkan"),
    "archive": gettext_lazy("Simpan lalu arsipkan"),
}


class EducationItemWorkflowForm(EducationItemAdminForm):
    def clean(self):
        super().clean()
        # status is not a form field, so Django skips the database constraint tying a published
        # item to its time; say it here rather than fail in the service with a 500.
        if (
            self.instance.status == ItemStatus.PUBLISHED
            and "publish_at" in self.fields
            and not self.cleaned_data.get("publish_at")
            and "publish_at" not in self.errors
        ):
            self.add_error("publish_at", _("Materi yang sudah terbit perlu waktu terbit."))
        return self.cleaned_data


class StorageRefusedFormMixin:
    """The form of a save the disk refused: invalid, saying why, shown again as posted."""

    def clean(self):
        super().clean()
        raise ValidationError(
            _(
                "Berkas tidak dapat disimpan: penyimpanan di server penuh atau tidak dapat "
                "ditulisi. Materi belum disimpan; isiannya masih ada di formulir ini. Pilih lagi "
                "berkasnya lalu simpan setelah ruang penyimpanan tersedia."
            ),
            code="storage",
        )


class EducationItemRevisionInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Kept by the services: shown, never edited here."""

    model = EducationItemRevision
    template = "admin/news/article/readonly_inline.html"
    extra = 0
    can_delete = False
    verbose_name_plural = gettext_lazy("Riwayat revisi")
    fields = readonly_fields = ["created_at", "actor_name", "action_label", "status", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor").defer("body", "easy_read")

    @admin.display(description=gettext_lazy("oleh"))
    def actor_name(self, revision: EducationItemRevision) -> str:
        if revision.actor is None:
            return "-"
        return revision.actor.get_full_name() or revision.actor.get_username()

    @admin.display(description=gettext_lazy("tindakan"))
    def action_label(self, revision: EducationItemRevision) -> str:
        return services.REVISION_ACTION_LABELS.get(revision.action, revision.action)


@admin.register(EducationItem)
class EducationItemAdmin(CachedPagesAdminMixin, EditorCSPAdminMixin, admin.ModelAdmin):
    form = EducationItemWorkflowForm
    list_display = ["title", "format", "language", "status", "publish_at", "author"]
    list_filter = [
        "status",
        "format",
        "segments",
        "themes",
        "language",
        "reading_level",
        ("publish_at", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "lead"]
    list_select_related = ["author"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["version_of"]
    filter_horizontal = ["segments", "themes"]
    readonly_fields = [
        "status",
        "author",
        "created_at",
        "updated_at",
        "document_size",
        "document_pages",
        "distribution",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "format",
                    "segments",
                    "themes",
                    "lead",
                    "easy_read",
                    "body",
                    "stage",
                ]
            },
        ),
        (
            gettext_lazy("Gambar"),
            {
                "fields": ["image", "image_alt", "image_description"],
                "description": gettext_lazy(
                    "Infografis: gambarnya dan uraian lengkapnya. Video: gambar mini yang tampil "
                    "sebelum video diputar. Format lain: gambar kartu, boleh kosong."
                ),
            },
        ),
        (
            gettext_lazy("Video"),
            {
                "fields": ["youtube_id", "video", "captions", "transcript"],
                "description": gettext_lazy(
                    "Hanya untuk format video: alamat YouTube atau berkas video dengan teks "
                    "terjemahan WebVTT. Transkrip wajib sebelum terbit."
                ),
            },
        ),
        (
            gettext_lazy("Dokumen"),
            {
                "fields": ["document", "document_size", "document_pages"],
                "description": gettext_lazy(
                    "Hanya untuk format dokumen: PDF tanpa konten aktif; ukuran dan jumlah "
                    "halaman dihitung saat diunggah."
                ),
            },
        ),
        (
            gettext_lazy("Bahasa dan versi"),
            {
                "fields": ["language", "reading_level", "version_of"],
                "description": gettext_lazy(
                    "Versi Basa Jawa, Basa Madura atau mudah dibaca: pilih materi aslinya di "
                    "Versi dari."
                ),
            },
        ),
        (
            gettext_lazy("Penerbitan"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "distribution",
                    "author",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [EducationItemRevisionInline]
    actions = ["submit_for_review", "publish", "schedule", "archive"]

    class Media:
        # The editor's height: a stylesheet, since the admin's CSP forbids style attributes.
        css = {"all": ["news/admin.css"]}

    # --- Permissions ------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.item_editable_by(obj, request.user))

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    # --- The e-mail to subscribers ----------------------------------------------------------

    @admin.display(description=gettext_lazy("kiriman e-mail"))
    def distribution(self, item: EducationItem) -> str:
        """The progress of this item's send to the "edukasi" topic, linking to that send in
        the outbox's admin (as the dashboard's latest sends do); or what will happen."""
        if item.pk is None:
            return "-"
        send = bulk_send_progress(reference=item_reference(item.pk))
        if send is None:
            if item.version_of_id is not None:
                return _("Versi tidak dikirim lewat e-mail; materi aslinya sudah.")
            if item.distributed_at is not None:
                return _("Tidak dikirim: waktu terbitnya sudah lama lewat.")
            return _("Dikirim ke pelanggan topik Edukasi saat terbit.")
        done = send["sent"] + send["failed"]
        percent = round(100 * done / send["total"]) if send["total"] else 0
        return format_html(
            '<progress class="bulk-progress" value="{}" max="{}">{}%</progress> '
            '<a href="{}">{}</a>',
            done,
            max(send["total"], 1),
            percent,
            send["url"],
            _("%(sent)d dari %(total)d terkirim, %(failed)d gagal")
            % {"sent": send["sent"], "total": send["total"], "failed": send["failed"]},
        )

    # --- Saving -----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change) -> None:
        services.item_save(item=obj, actor=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # The admin's transaction rolls the rows back; the files stored before the disk
            # refused one go with them.
            with stored_files_removed_on_error():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StorageWriteError:
            request.education_storage_refused = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "education_storage_refused", False):
            return type(form.__name__, (StorageRefusedFormMixin, form), {})
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        item = obj or EducationItem(status=ItemStatus.DRAFT)
        available = services.item_moves_available(item, request.user)
        editable = (
            self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        )
        context["workflow_moves"] = [
            (move, MOVE_BUTTON_LABELS[move]) for move in available if editable
        ]
        moves = {move for move, _label in context["workflow_moves"]}
        if obj is not None and moves & {"publish", "schedule"}:
            count = item_recipients_forecast(obj)
            if count is not None:
                context["distribution_forecast"] = [
                    ngettext(
                        "Saat terbit, materi ini dikirim lewat e-mail ke %(count)d pelanggan "
                        "topik Edukasi.",
                        "Saat terbit, materi ini dikirim lewat e-mail ke %(count)d pelanggan "
                        "topik Edukasi.",
                        count,
                    )
                    % {"count": count}
                ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _after_save(self, request, obj, response):
        move = request.POST.get("_workflow")
        if move not in MOVE_SERVICES:
            return response
        self._move(request, [obj], move)
        return HttpResponseRedirect(reverse("admin:education_educationitem_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._after_save(request, obj, super().response_change(request, obj))

    # --- Moves ------------------------------------------------------------------------------

    def _move(self, request, items, move: str) -> None:
        """Run one transition on each item and say what became of each."""
        outcomes = {"review": 0, "public": 0, "scheduled": 0, "archived": 0}
        for item in items:
            try:
                moved = MOVE_SERVICES[move](item_id=item.pk, actor=request.user)
            except ValidationError as error:
                reason = " ".join(error.messages)
            except PermissionDenied as error:
                reason = str(error)
            else:
                if moved.status == ItemStatus.REVIEW:
                    outcomes["review"] += 1
                elif moved.status == ItemStatus.ARCHIVED:
                    outcomes["archived"] += 1
                elif moved.is_public():
                    outcomes["public"] += 1
                    self._distribute_now(request, moved)
                else:
                    outcomes["scheduled"] += 1
                continue
            self.message_user(
                request,
                _("“%(title)s” tidak diproses: %(reason)s") % {"title": item, "reason": reason},
                messages.ERROR,
            )
        done = {
            "review": lambda n: ngettext(
                "%(count)d materi diajukan untuk ditinjau.",
                "%(count)d materi diajukan untuk ditinjau.",
                n,
            ),
            "public": lambda n: ngettext(
                "%(count)d materi diterbitkan.", "%(count)d materi diterbitkan.", n
            ),
            "scheduled": lambda n: ngettext(
                "%(count)d materi dijadwalkan; tampil untuk umum pada waktu terbitnya.",
                "%(count)d materi dijadwalkan; tampil untuk umum pada waktu terbitnya.",
                n,
            ),
            "archived": lambda n: ngettext(
                "%(count)d materi diarsipkan.", "%(count)d materi diarsipkan.", n
            ),
        }
        for outcome, count in outcomes.items():
            if count:
                self.message_user(
                    request, done[outcome](count) % {"count": count}, messages.SUCCESS
                )

    def _distribute_now(self, request, item: EducationItem) -> None:
        """Queue the e-mail at once (the beat task would, within a minute) and link to the
        send's progress and to the public page."""
        try:
            bulk = education_distribute_item(item_id=item.pk)
        except Exception:
            # Published all the same; the beat task tries again at its next run.
            logger.exception("education item %s could not be distributed at once", item.pk)
            bulk = None
        if bulk is not None:
            self.message_user(
                request,
                format_html(
                    '“{}”: <a href="{}">{}</a> · <a href="{}">{}</a>',
                    item.title,
                    reverse("admin:notifications_bulksend_change", args=[bulk.pk]),
                    _("e-mail untuk pelanggan topik Edukasi masuk antrean"),
                    item.get_absolute_url(),
                    _("Lihat di situs"),
                ),
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("Ajukan untuk ditinjau"), permissions=["change"])
    def submit_for_review(self, request, queryset) -> None:
        self._move(request, queryset, "submit")

    @admin.action(description=gettext_lazy("Terbitkan"), permissions=["publish"])
    def publish(self, request, queryset) -> None:
        self._move(request, queryset, "publish")

    @admin.action(
        description=gettext_lazy("Jadwalkan (pada waktu terbit yang diisi)"),
        permissions=["publish"],
    )
    def schedule(self, request, queryset) -> None:
        self._move(request, queryset, "schedule")

    @admin.action(description=gettext_lazy("Arsipkan"), permissions=["publish"])
    def archive(self, request, queryset) -> None:
        self._move(request, queryset, "archive")

    # --- Preview ----------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/pratinjau/",
                self.admin_site.admin_view(self.preview_view),
                name="education_educationitem_preview",
            ),
            *super().get_urls(),
        ]

    @method_decorator(csp_update({"frame-src": [YOUTUBE_EMBED_ORIGIN]}))
    def preview_view(self, request, object_id: str):
        """The public item page, for staff, whatever the item's status (its video plays as on
        the public page, hence the same frame source)."""
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404(_("Materi edukasi tidak ditemukan."))
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        item = (
            EducationItem.objects.select_related("stage__election")
            .prefetch_related("segments", "themes")
            .get(pk=item.pk)
        )
        response = render(
            request,
            "education/item_detail.html",
            {**item_detail_context(item), "preview": True},
        )
        # A draft must never be kept by a cache or indexed, even if its link leaks.
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


@admin.register(Segment)
class SegmentAdmin(CachedPagesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(CachedPagesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
