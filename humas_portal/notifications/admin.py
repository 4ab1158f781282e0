from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from humas_portal.admin_site import ReadOnlyAdminMixin
from humas_portal.audit import audit_record
from humas_portal.notifications.models import BulkSend, Message, Status
from humas_portal.notifications.services import notification_retry

SENSITIVE_PERMISSION = "notifications.view_sensitive_recipient"
HIDDEN = _("(disembunyikan)")


def _may_see_sensitive(request) -> bool:
    return request.user.has_perm(SENSITIVE_PERMISSION)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The delivery log. Read-only; the one action is "send again" for dead rows."""

    list_display = ["created_at", "kind", "shown_recipient", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "channel", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["recipient", "subject", "message_id", "kind"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    list_select_related = False
    show_full_result_count = False

    # Not sortable: the position of a hidden row among known addresses would tell its address.
    @admin.display(description=_("penerima"))
    def shown_recipient(self, obj: Message) -> str:
        return obj.recipient if self._recipient_visible(obj) else HIDDEN

    def _recipient_visible(self, obj: Message) -> bool:
        return not obj.sensitive or _may_see_sensitive(self._request)

    def get_queryset(self, request):
        # Kept for shown_recipient, which the changelist calls without the request.
        self._request = request
        return super().get_queryset(request).defer("body_text", "body_html")

    def lookup_allowed(self, lookup, value, request) -> bool:
        # An allowlist: any other URL filter (?recipient__startswith=..., ?body_text__contains=...,
        # a path through bulk) would confirm a hidden address or a receipt's secret one request
        # at a time. The changelist answers a refused lookup with a 400.
        return lookup in self._filter_parameters(request)

    def _filter_parameters(self, request) -> set[str]:
        """The query parameters that the page's own filters and date drill-down produce."""
        parameters = set()
        for item in self.get_list_filter(request):
            if isinstance(item, (list, tuple)):
                path, filter_class = item
            else:
                path, filter_class = item, admin.FieldListFilter.create
            field = get_fields_from_path(self.model, path)[-1]
            spec = filter_class(field, request, {}, self.model, self, field_path=path)
            parameters.update(spec.expected_parameters())
        parameters.update(
            "%s__%s" % (self.date_hierarchy, part) for part in ("year", "month", "day")
        )
        return parameters

    def get_search_results(self, request, queryset, search_term):
        if _may_see_sensitive(request) or not search_term:
            return super().get_search_results(request, queryset, search_term)
        # Searching by address must not confirm who received a sensitive message.
        by_other_fields = Q()
        for field in ("subject", "message_id", "kind"):
            by_other_fields |= Q(**{"%s__icontains" % field: search_term})
        matches = Q(sensitive=False, recipient__icontains=search_term) | by_other_fields
        return queryset.filter(matches), False

    def get_fields(self, request, obj=None):
        fields = [
            "kind", "channel", "shown_recipient", "language", "subject", "status", "attempts",
            "last_error", "created_at", "next_attempt_at", "sending_started_at", "sent_at",
            "expires_at", "message_id", "bulk",
        ]  # fmt: skip
        if obj is not None and not obj.sensitive and obj.bulk_id is None:
            fields.append("body_text")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Change permission is what "send again" needs; the form itself stays read-only.
        return super().has_change_permission(request, obj) and obj is None

    @admin.action(description=_("Kirim ulang pesan yang gagal"), permissions=["change"])
    def send_again(self, request, queryset) -> None:
        count = notification_retry(
            message_ids=list(queryset.filter(status=Status.DEAD).values_list("pk", flat=True)),
            actor=request.user,
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d pesan diantrikan untuk dikirim ulang.",
                "%(count)d pesan diantrikan untuk dikirim ulang.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def changelist_view(self, request, extra_context=None):
        counts = dict(Message.objects.order_by().values_list("status").annotate(total=Count("id")))
        status_counts = [(label, counts.get(value, 0)) for value, label in Status.choices]
        response = super().changelist_view(
            request, {**(extra_context or {}), "status_counts": status_counts}
        )
        context = getattr(response, "context_data", None) or {}
        if "cl" in context and _may_see_sensitive(request):
            # The page's rows, already fetched for the table (the queryset keeps them).
            _sensitive_view_audit(request, [m for m in context["cl"].result_list if m.sensitive])
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.sensitive and _may_see_sensitive(request):
            _sensitive_view_audit(request, [obj])
        return super().render_change_form(request, context, add, change, form_url, obj)


def _sensitive_view_audit(request, shown: list[Message]) -> None:
    """A page that shows who received sensitive messages (a reporter's address, say) is a
    view of personal data: one audit row per page, naming the messages, not the addresses."""
    if shown:
        audit_record(
            request.user,
            "notification.sensitive_recipient_viewed",
            shown[0] if len(shown) == 1 else None,
            message_ids=[message.pk for message in shown],
        )


@admin.register(BulkSend)
class BulkSendAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "subject", "topic", "audience", "created_at", "total", "sent", "failed", "progress"
    ]  # fmt: skip
    list_filter = ["topic", "kind", "audience"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    fields = [
        "subject", "kind", "topic", "audience", "excluded_send", "reference", "created_at",
        "created_by", "enqueued_at", "total", "sent", "failed", "progress",
    ]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("created_by")
            .annotate(
                sent_count=Count("messages", filter=Q(messages__status=Status.SENT)),
                failed_count=Count("messages", filter=Q(messages__status=Status.DEAD)),
            )
        )

    @admin.display(description=_("terkirim"))
    def sent(self, obj: BulkSend) -> int:
        return obj.sent_count

    @admin.display(description=_("gagal"))
    def failed(self, obj: BulkSend) -> int:
        return obj.failed_count

    @admin.display(description=_("kemajuan"))
    def progress(self, obj: BulkSend) -> str:
        done = obj.sent_count + obj.failed_count
        percent = round(100 * done / obj.total) if obj.total else 0
        return format_html(
            '<progress class="bulk-progress" value="{}" max="{}">{}%</progress> {}%',
            done,
            max(obj.total, 1),
            percent,
            percent,
        )
