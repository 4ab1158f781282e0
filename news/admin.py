"""The newsroom in the admin: writing, review, publication, Ralat and revision history.

Every write goes through news.services: the form saves with ``article_save`` (which never
changes the status), and status moves only through the actions and the buttons under the form,
which call the same transition services. ``status`` is read-only in the form, so a POSTed
``status=published`` changes nothing.
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from humas_portal.admin_site import CachedPagesAdminMixin, ReadOnlyAdminMixin
from humas_portal.csp import EditorCSPAdminMixin
from humas_portal.notifications.subscriptions import topic_labels
from humas_portal.uploads import StorageWriteError, stored_files_removed_on_error
from news import services
from news.distribution import (
    article_recipients_forecast,
    article_topic,
    news_distribute_article,
)
from news.forms import ArticleAdminForm, ArticleAttachmentInlineForm, ArticleImageInlineForm
from news.models import (
    Article,
    ArticleAttachment,
    ArticleImage,
    ArticleRevision,
    ArticleStatus,
    Category,
    Correction,
    Tag,
)
from news.selectors import article_detail_context

logger = logging.getLogger(__name__)

# The transition behind each action and each button under the form.
MOVE_SERVICES = {
    "submit": services.article_submit,
    "publish": services.article_publish,
    "schedule": services.article_schedule,
    "archive": services.article_archive,
}
MOVE_BUTTON_LABELS = {
    "submit": gettext_lazy("Simpan lalu ajukan untuk ditinjau"),
    "publish": gettext_lazy("Simpan lalu terbitkan"),
    "schedule": gettext_lazy("Simpan lalu jadwalkan"),
    "archive": gettext_lazy("Simpan lalu arsipkan"),
}


class ArticleWorkflowForm(ArticleAdminForm):
    def clean(self):
        super().clean()
        # status is not a form field, so Django skips the database constraint tying a published
        # article to its time; say it here rather than fail in the service with a 500.
        if (
            self.instance.status == ArticleStatus.PUBLISHED
            and "publish_at" in self.fields
            and not self.cleaned_data.get("publish_at")
            and "publish_at" not in self.errors
        ):
            self.add_error("publish_at", _("Artikel yang sudah terbit perlu waktu terbit."))
        return self.cleaned_data


class StorageRefusedFormMixin:
    """The article form of a save the disk refused: invalid, saying why, so that the admin
    shows it again as it was posted instead of a 500."""

    def clean(self):
        super().clean()
        raise ValidationError(
            _(
                "Berkas tidak dapat disimpan: penyimpanan di server penuh atau tidak dapat "
                "ditulisi. Artikel belum disimpan; isiannya masih ada di formulir ini. Pilih lagi "
                "gambar dan lampirannya lalu simpan setelah ruang penyimpanan tersedia, atau "
                "simpan dulu tanpa berkas."
            ),
            code="storage",
        )


class CorrectionNoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Ralat"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Apa yang keliru dan apa yang benar. Tampil di halaman artikel dengan waktunya."
        ),
    )


class ArticleImageInline(admin.StackedInline):
    model = ArticleImage
    form = ArticleImageInlineForm
    fields = ["image", "alt", "caption", "position"]
    extra = 0


class ArticleAttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    form = ArticleAttachmentInlineForm
    fields = ["file", "title", "size"]
    readonly_fields = ["size"]
    extra = 0


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A record kept by the services: shown, never edited here."""

    template = "admin/news/article/readonly_inline.html"
    extra = 0
    can_delete = False


class CorrectionInline(ReadOnlyInline):
    """Ralat notes are added with "Tambah ralat" (article_correction_add), one path for all."""

    model = Correction
    fields = readonly_fields = ["created_at", "note"]


class ArticleRevisionInline(ReadOnlyInline):
    model = ArticleRevision
    verbose_name_plural = gettext_lazy("Riwayat revisi")
    fields = readonly_fields = ["created_at", "actor_name", "action_label", "status", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor").defer("body")

    # The column is titled here: the model field's own name ("actor") would show in English.
    @admin.display(description=gettext_lazy("oleh"))
    def actor_name(self, revision: ArticleRevision) -> str:
        if revision.actor is None:
            return "-"
        return revision.actor.get_full_name() or revision.actor.get_username()

    @admin.display(description=gettext_lazy("tindakan"))
    def action_label(self, revision: ArticleRevision) -> str:
        return services.REVISION_ACTION_LABELS.get(revision.action, revision.action)


@admin.register(Article)
class ArticleAdmin(CachedPagesAdminMixin, EditorCSPAdminMixin, admin.ModelAdmin):
    form = ArticleWorkflowForm
    list_display = ["title", "kind", "category", "status", "publish_at", "author"]
    list_filter = [
        "status",
        "kind",
        "category",
        ("author", admin.RelatedOnlyFieldListFilter),
        ("publish_at", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "lead"]
    list_select_related = ["category", "author"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags"]
    readonly_fields = ["status", "author", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "category", "tags", "lead", "body"]}),
        (gettext_lazy("Gambar sampul"), {"fields": ["cover", "cover_alt", "cover_credit"]}),
        (
            gettext_lazy("Penerbitan"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "distribute_at",
                    "author",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (
            gettext_lazy("Klarifikasi hoaks"),
            {
                "fields": ["claim", "verdict", "evidence", "sources"],
                "description": gettext_lazy("Diisi hanya untuk jenis Klarifikasi Hoaks."),
            },
        ),
    ]
    inlines = [ArticleImageInline, ArticleAttachmentInline, CorrectionInline, ArticleRevisionInline]
    actions = ["submit_for_review", "publish", "schedule", "archive"]

    class Media:
        # The editor's height: a stylesheet, since the admin's CSP forbids style attributes.
        css = {"all": ["news/admin.css"]}

    # --- Permissions ------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.article_editable_by(obj, request.user))

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    # --- Saving -----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change) -> None:
        services.article_save(article=obj, actor=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # The admin's transaction rolls the rows back; the files stored before the disk
            # refused one go with them.
            with stored_files_removed_on_error():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StorageWriteError:
            # Nothing was saved: the same POST again, its form made invalid by the reason
            # (get_form), so nothing is written and what was typed is shown back.
            request.news_storage_refused = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "news_storage_refused", False):
            return type(form.__name__, (StorageRefusedFormMixin, form), {})
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or Article(status=ArticleStatus.DRAFT)
        available = services.article_moves_available(article, request.user)
        editable = (
            self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        )
        context["workflow_moves"] = [
            (move, MOVE_BUTTON_LABELS[move])
            for move in available
            if editable and move in MOVE_SERVICES
        ]
        context["can_add_correction"] = obj is not None and "correct" in available
        moves = {move for move, _label in context["workflow_moves"]}
        if obj is not None and moves & {"publish", "schedule"}:
            context["distribution_forecast"] = self._forecast_lines(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _forecast_lines(self, article: Article) -> list[str]:
        """Before publishing: who will be e-mailed, counted now."""
        forecast = article_recipients_forecast(article)
        lines = []
        if "public" in forecast:
            count = forecast["public"]
            lines.append(
                ngettext(
                    "Saat terbit, artikel ini dikirim lewat e-mail ke %(count)d pelanggan "
                    "topik %(topic)s.",
                    "Saat terbit, artikel ini dikirim lewat e-mail ke %(count)d pelanggan "
                    "topik %(topic)s.",
                    count,
                )
                % {"count": count, "topic": topic_labels([article_topic(article.kind)])[0]}
            )
        if "press" in forecast:
            count = forecast["press"]
            lines.append(
                ngettext(
                    "%(count)d wartawan terverifikasi menerima salinan berembargo lebih dulu, "
                    "pada %(time)s.",
                    "%(count)d wartawan terverifikasi menerima salinan berembargo lebih dulu, "
                    "pada %(time)s.",
                    count,
                )
                % {
                    "count": count,
                    "time": date_format(localtime(article.distribute_at), "DATETIME_FORMAT"),
                }
            )
        return lines

    def _after_save(self, request, obj, response):
        move = request.POST.get("_workflow")
        if move not in MOVE_SERVICES:
            return response
        self._move(request, [obj], move)
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._after_save(request, obj, super().response_change(request, obj))

    # --- Moves ------------------------------------------------------------------------------

    def _move(self, request, articles, move: str) -> None:
        """Run one transition on each article and say what became of each."""
        outcomes = {"review": 0, "public": 0, "scheduled": 0, "archived": 0}
        for article in articles:
            try:
                moved = MOVE_SERVICES[move](article_id=article.pk, actor=request.user)
            except ValidationError as error:
                reason = " ".join(error.messages)
            except PermissionDenied as error:
                reason = str(error)
            else:
                if moved.status == ArticleStatus.REVIEW:
                    outcomes["review"] += 1
                elif moved.status == ArticleStatus.ARCHIVED:
                    outcomes["archived"] += 1
                elif moved.is_public():
                    outcomes["public"] += 1
                else:
                    outcomes["scheduled"] += 1
                if moved.status == ArticleStatus.PUBLISHED:
                    self._distribute_now(request, moved)
                continue
            self.message_user(
                request,
                _("“%(title)s” tidak diproses: %(reason)s") % {"title": article, "reason": reason},
                messages.ERROR,
            )
        done = {
            "review": lambda n: ngettext(
                "%(count)d artikel diajukan untuk ditinjau.",
                "%(count)d artikel diajukan untuk ditinjau.",
                n,
            ),
            "public": lambda n: ngettext(
                "%(count)d artikel diterbitkan.", "%(count)d artikel diterbitkan.", n
            ),
            "scheduled": lambda n: ngettext(
                "%(count)d artikel dijadwalkan; tampil untuk umum pada waktu terbitnya.",
                "%(count)d artikel dijadwalkan; tampil untuk umum pada waktu terbitnya.",
                n,
            ),
            "archived": lambda n: ngettext(
                "%(count)d artikel diarsipkan.", "%(count)d artikel diarsipkan.", n
            ),
        }
        for outcome, count in outcomes.items():
            if count:
                self.message_user(
                    request, done[outcome](count) % {"count": count}, messages.SUCCESS
                )

    def _distribute_now(self, request, article: Article) -> None:
        """Queue the e-mails that are due at once (the beat task would, within a minute) and
        say how many went into the queue, with a link to the public page."""
        try:
            queued = news_distribute_article(article_id=article.pk)
        except Exception:
            # Published all the same; the beat task tries again at its next run.
            logger.exception("news article %s could not be distributed at once", article.pk)
            queued = {}
        parts = []
        if "press" in queued:
            parts.append(
                ngettext(
                    "Salinan berembargo masuk antrean e-mail untuk %(count)d wartawan "
                    "terverifikasi.",
                    "Salinan berembargo masuk antrean e-mail untuk %(count)d wartawan "
                    "terverifikasi.",
                    queued["press"],
                )
                % {"count": queued["press"]}
            )
        if "public" in queued:
            parts.append(
                ngettext(
                    "E-mail masuk antrean untuk %(count)d pelanggan.",
                    "E-mail masuk antrean untuk %(count)d pelanggan.",
                    queued["public"],
                )
                % {"count": queued["public"]}
            )
        if article.is_public():
            self.message_user(
                request,
                format_html(
                    '“{}”: {} <a href="{}">{}</a>',
                    article.title,
                    " ".join(parts),
                    reverse("news:article_detail", args=[article.slug]),
                    _("Lihat di situs"),
                ),
                messages.SUCCESS,
            )
        elif parts:
            self.message_user(
                request,
                _("“%(title)s”: %(queued)s") % {"title": article.title, "queued": " ".join(parts)},
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

    # --- Preview and Ralat ------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/pratinjau/",
                self.admin_site.admin_view(self.preview_view),
                name="news_article_preview",
            ),
            path(
                "<path:object_id>/ralat/",
                self.admin_site.admin_view(self.correction_view),
                name="news_article_correction",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id: str) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("Artikel tidak ditemukan."))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request, object_id: str):
        """The public article page, for staff, whatever the article's status."""
        article = self._article_or_404(request, object_id)
        article = (
            Article.objects.select_related("category", "author")
            .prefetch_related("tags", "images", "attachments", "corrections")
            .get(pk=article.pk)
        )
        response = render(
            request,
            "news/article_detail.html",
            {**article_detail_context(article), "preview": True},
        )
        # A draft must never be kept by a cache or indexed, even if its link leaks.
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def correction_view(self, request, object_id: str):
        article = self._article_or_404(request, object_id)
        if "correct" not in services.article_moves_available(article, request.user):
            raise PermissionDenied
        form = CorrectionNoteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.article_correction_add(
                    article_id=article.pk, note=form.cleaned_data["note"], actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request, _("Ralat ditambahkan dan tampil di halaman artikel."), messages.SUCCESS
                )
                return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "form": form,
            "title": _("Tambah ralat: %(title)s") % {"title": article.title},
        }
        return TemplateResponse(request, "admin/news/article/correction_form.html", context)


@admin.register(Category)
class CategoryAdmin(CachedPagesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(CachedPagesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
