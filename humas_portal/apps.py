from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class HumasPortalConfig(AppConfig):
    name = "humas_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from humas_portal import checks  # noqa: F401  (registers the checks)
        from humas_portal.dashboard import dashboard_panel_register
        from humas_portal.health import worker_panel
        from humas_portal.navigation import nav_register
        from humas_portal.periodic import periodic_task_register
        from humas_portal.search import SEARCH_WORDS_REFRESH_INTERVAL
        from humas_portal.sitemaps import (
            StaticPagesSitemap,
            sitemap_page_register,
            sitemap_register,
        )

        nav_register(label=_("Beranda"), url_name="home", order=0)
        sitemap_register(name="pages", sitemap=StaticPagesSitemap, order=0)
        sitemap_page_register(url_name="home", order=0)
        periodic_task_register(
            name="worker-heartbeat",
            task="humas_portal.tasks.worker_heartbeat",
            schedule=float(settings.WORKER_HEARTBEAT_INTERVAL),
            # A heartbeat that waited longer than its interval in the queue says nothing new.
            options={"expires": settings.WORKER_HEARTBEAT_INTERVAL},
        )
        # The search's typo word list: also rebuilt after each publication; this run catches
        # scheduled publication times passing and any rebuild a broker outage lost.
        periodic_task_register(
            name="search-words-refresh",
            task="humas_portal.tasks.search_words_refresh",
            schedule=SEARCH_WORDS_REFRESH_INTERVAL,
            options={"expires": SEARCH_WORDS_REFRESH_INTERVAL},
        )
        # Whether the worker runs (e-mail, scheduled work): the Administrator's to watch.
        dashboard_panel_register(
            name="worker",
            template="admin/portal/worker_panel.html",
            selector=worker_panel,
            permission="humas_portal.view_workerheartbeat",
            order=92,
        )
