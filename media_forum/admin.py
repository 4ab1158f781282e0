from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from humas_portal.notifications.subscriptions import subscription_exists
from media_forum.forms import JournalistProfileForm
from media_forum.models import JournalistProfile
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
