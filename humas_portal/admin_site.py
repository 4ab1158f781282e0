from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from humas_portal.cache_invalidation import cache_pages_invalidate


class CachedPagesAdminMixin:
    """For the admin of a model whose pages the page cache keeps (cache_invalidation_register):
    saving (its inlines and many-to-many fields included, which are saved after the object) and
    deleting make those pages stale once the admin's transaction commits."""

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        cache_pages_invalidate(instance=form.instance)

    def delete_model(self, request, obj) -> None:
        # Before the delete: the pages are computed from the row and its relations.
        cache_pages_invalidate(instance=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            cache_pages_invalidate(instance=obj)
        super().delete_queryset(request, queryset)


class ReadOnlyAdminMixin:
    """For records that services write and nobody edits (audit trail, regions, bulk sends,
    revisions): shown in the admin, never added, changed or deleted there. ``obj`` is optional
    in has_add_permission because inlines pass it and model admins do not."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Sections of the libraries' apps, which have no Indonesian names of their own. Who sees them
# is left to the permissions, as for every section: axes (lifting lockouts) for the
# Administrator, the second-factor devices for superusers only (no role holds their rights).
LIBRARY_TITLES = {
    "axes": (_("Penguncian masuk"), {}),
    "otp_static": (
        _("Verifikasi dua langkah: kode cadangan"),
        {"StaticDevice": _("Kode cadangan")},
    ),
    "otp_totp": (
        _("Verifikasi dua langkah: aplikasi autentikator"),
        {"TOTPDevice": _("Aplikasi autentikator")},
    ),
}


class PortalAdminSite(admin.AdminSite):
    """The admin, branded with the office's own name (data, not code).

    A staff member who must pass the second factor (humas_portal.accounts) gets no admin page
    until they have: ``has_permission`` says no, and every admin view sends them to enrolment
    or verification instead. Logging out ends all of the user's sessions.
    """

    index_title = _("Pengelolaan portal")
    # The admin's own index, with the registered dashboard panels above the app list.
    index_template = "admin/portal_index.html"

    def each_context(self, request):
        from humas_portal.siteprofile.selectors import office_profile_current

        context = super().each_context(request)
        # The office's name, as on the public pages: the browser tab and the page header.
        context["site_title"] = context["site_header"] = office_profile_current().name
        return context

    def index(self, request, extra_context=None):
        from humas_portal.dashboard import dashboard_panels_context

        extra_context = {**(extra_context or {}), "panels": dashboard_panels_context(request)}
        return super().index(request, extra_context)

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            title, model_titles = LIBRARY_TITLES.get(app["app_label"], (None, {}))
            if title is not None:
                app["name"] = title
                for model in app["models"]:
                    model["name"] = model_titles.get(model["object_name"], model["name"])
        # The new titles sort differently from the libraries' names.
        return sorted(app_list, key=lambda app: str(app["name"]).lower())

    def has_permission(self, request) -> bool:
        from humas_portal.accounts.access import second_factor_pending

        return super().has_permission(request) and not second_factor_pending(request)

    def admin_view(self, view, cacheable=False):
        from humas_portal.accounts.access import second_factor_pending, second_factor_redirect

        guarded = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            if second_factor_pending(request):
                return second_factor_redirect(request)
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, guarded)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        from humas_portal.accounts.access import second_factor_pending, second_factor_redirect

        if request.method == "GET" and second_factor_pending(request):
            return second_factor_redirect(request)
        return super().login(request, extra_context)

    def logout(self, request, extra_context=None):
        from humas_portal.accounts.services import user_sessions_end

        user = request.user if request.user.is_authenticated else None
        response = super().logout(request, extra_context)
        if user is not None and request.method == "POST":
            # Logging out anywhere logs out everywhere (a phone left signed in, too).
            user_sessions_end(user=user)
        return response

    def get_urls(self):
        from humas_portal.accounts import views

        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "logout"]
        return [
            # Outside admin_view: reachable before the second factor. LogoutView is
            # CSRF-protected and never cached by itself.
            path("logout/", self.logout, name="logout"),
            path("2fa/setup/", views.second_factor_setup, name="otp_setup"),
            path("2fa/verify/", views.second_factor_verify, name="otp_verify"),
            path("2fa/backup-codes/", views.backup_codes_regenerate, name="otp_backup_codes"),
            *urls,
        ]


class PortalAdminConfig(AdminConfig):
    default_site = "humas_portal.admin_site.PortalAdminSite"
