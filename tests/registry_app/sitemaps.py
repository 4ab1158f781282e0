from django.urls import reverse

from humas_portal.sitemaps import PortalSitemap


class RegistryAppSitemap(PortalSitemap):
    def items(self) -> list[str]:
        return ["registry_app:page"]

    def location(self, item: str) -> str:
        return reverse(item)
