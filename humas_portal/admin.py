from django.contrib import admin
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from humas_portal.accounts.services import user_deactivate
from humas_portal.admin_site import ReadOnlyAdminMixin
from humas_portal.audit import audit_record, audit_target_current, audit_target_types
from humas_portal.models import AuditEvent
from humas_portal.roles import groups_carrying_identity
from humas_portal.validators import EmailAddressField

User = get_user_model()


class AuditTargetTypeFilter(admin.SimpleListFilter):
    """The kinds of object, by today's label: a model that moved to another app is one choice,
    and it finds its audit rows under the old label too."""

    title = _("jenis objek")
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        stored = AuditEvent.objects.exclude(target_type="").values_list("target_type", flat=True)
        labels = {audit_target_current(label) for label in stored.distinct().order_by()}
        return [(label, label) for label in sorted(labels)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(target_type__in=audit_target_types(self.value()))
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the trail is written by audit_record and never edited."""

    list_display = ["created_at", "actor_username", "action", "target_type", "target_repr"]
    list_filter = ["action", AuditTargetTypeFilter, ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_username", "action", "target_repr", "target_id"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    list_select_related = False
    show_full_result_count = False


admin.site.unregister(User)


class IdentityRoleGuard:
    """The user form as a non-superuser gets it: adding or removing a role that opens reporters'
    identities is refused, for their own account as for any other, new or existing (an
    Administrator who may create accounts would otherwise grant it to a sock puppet)."""

    def clean_groups(self):
        groups = self.cleaned_data["groups"]
        before = (
            set(self.instance.groups.values_list("pk", flat=True)) if self.instance.pk else set()
        )
        if (before ^ {group.pk for group in groups}) & groups_carrying_identity():
            raise ValidationError(
                _(
                    "Hanya superuser yang dapat memberikan atau mencabut peran yang membuka "
                    "identitas pelapor."
                ),
                code="identity_role",
            )
        return groups


def _access_of(user) -> tuple[set[str], set[str]]:
    """The account's roles and loose permissions, by name (no personal data)."""
    groups = set(user.groups.values_list("name", flat=True))
    permissions = {
        "%s.%s" % pair
        for pair in user.user_permissions.values_list("content_type__app_label", "codename")
    }
    return groups, permissions


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """An Administrator manages staff accounts and roles, but cannot make anyone a superuser,
    grant loose permissions, or touch a superuser's account (its password included).
    Deactivating an account (the form or the action) ends all its sessions at once."""

    actions = ["deactivate_selected"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "email":
            # Officers' digests go to this address: read it as every form of the portal does.
            return EmailAddressField(label=db_field.verbose_name, required=not db_field.blank)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser or "groups" not in form.base_fields:
            return form
        return type(form)(form.__name__, (IdentityRoleGuard, form), {})

    def save_related(self, request, form, formsets, change) -> None:
        user = form.instance
        groups_before, permissions_before = _access_of(user)
        super().save_related(request, form, formsets, change)
        groups_after, permissions_after = _access_of(user)
        if (groups_before, permissions_before) != (groups_after, permissions_after):
            # Who may see what is the portal's most sensitive setting: the trail names every
            # change of it, beyond Django's own admin history.
            audit_record(
                request.user,
                "accounts.access_changed",
                user,
                added_groups=sorted(groups_after - groups_before),
                removed_groups=sorted(groups_before - groups_after),
                added_permissions=sorted(permissions_after - permissions_before),
                removed_permissions=sorted(permissions_before - permissions_after),
            )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # A deactivated account is signed out everywhere at once, not at its next request.
            user_deactivate(user=obj, actor=request.user)
            request.deactivated_self = obj.pk == request.user.pk

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if getattr(request, "deactivated_self", False):
            # Their own session is gone from the store: end it in this request too (after the
            # admin has logged the change under their name).
            logout(request)
        return response

    @admin.action(
        description=_("Nonaktifkan akun terpilih dan akhiri semua sesinya"), permissions=["change"]
    )
    def deactivate_selected(self, request, queryset) -> None:
        done = 0
        for user in queryset.filter(is_active=True):
            if user.pk == request.user.pk or not self.has_change_permission(request, user):
                continue
            user_deactivate(user=user, actor=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d akun dinonaktifkan.", "%(count)d akun dinonaktifkan.", done)
            % {"count": done},
        )
