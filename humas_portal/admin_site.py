from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """The admin, branded with the office's own name (data, not code)."""

    site_title = _("Admin Portal Humas")
    index_title = _("Pengelolaan portal")

    def each_context(self, request):
        from humas_portal.siteprofile.selectors import office_profile_current

        context = super().each_context(request)
        context["site_header"] = _("Portal Humas %(office)s") % {
            "office": office_profile_current().name
        }
        return context


class PortalAdminConfig(AdminConfig):
    default_site = "humas_portal.admin_site.PortalAdminSite"
