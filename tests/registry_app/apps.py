"""A test-only app that plugs into every registry from its ready(), with no edit to
humas_portal/. Installed only by the tests that need it (tests/test_registries.py)."""

from django.apps import AppConfig


class RegistryAppConfig(AppConfig):
    name = "tests.registry_app"
    label = "registry_app"

    def ready(self) -> None:
        from humas_portal.app_urls import url_mount_register
        from humas_portal.dashboard import dashboard_panel_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.home import home_section_register
        from humas_portal.periodic import periodic_task_register
        from humas_portal.sitemaps import sitemap_register
        from tests.registry_app import views
        from tests.registry_app.demo import seed_registry_app
        from tests.registry_app.sitemaps import RegistryAppSitemap

        url_mount_register(prefix="uji-registri/", urlconf="tests.registry_app.urls", order=90)
        home_section_register(
            name="registry_app",
            template="registry_app/home_section.html",
            selector=views.home_section,
            order=90,
        )
        sitemap_register(name="registry_app", sitemap=RegistryAppSitemap, order=90)
        periodic_task_register(
            name="registry-app-tick",
            task="registry_app.tick",
            schedule=30.0,
            options={"expires": 25},
        )
        dashboard_panel_register(
            name="registry_app",
            template="registry_app/dashboard_panel.html",
            selector=views.dashboard_panel,
            permission="auth.view_user",
            order=90,
        )
        demo_seeder_register(name="registry_app", seeder=seed_registry_app, order=90)
