from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Berita")

    def ready(self) -> None:
        from humas_portal.app_urls import url_mount_register
        from humas_portal.cache_invalidation import cache_invalidation_register
        from humas_portal.dashboard import dashboard_panel_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.elections.related import stage_related_register
        from humas_portal.home import home_section_register
        from humas_portal.navigation import nav_register
        from humas_portal.notifications.registry import kind_register, topic_register
        from humas_portal.page_cache import cache_horizon_register
        from humas_portal.periodic import periodic_task_register
        from humas_portal.press_room import press_release_provider_register
        from humas_portal.search import search_register
        from humas_portal.sitemaps import sitemap_page_register, sitemap_register
        from news.cache_pages import (
            article_cached_pages,
            article_publication_next,
            taxonomy_cached_pages,
        )
        from news.dashboard import news_dashboard_panel
        from news.demo import seed_news
        from news.models import Article, Category, Tag
        from news.selectors import (
            article_search_public,
            article_search_words,
            home_news_sections,
            press_releases_public,
        )
        from news.sitemaps import ArticleSitemap
        from news.stage_related import article_links_for_stages

        topic_register(slug="berita", label=_("Berita"), order=10)
        topic_register(slug="siaran-pers", label=_("Siaran Pers"), order=20)
        nav_register(label=_("Berita"), url_name="news:article_list", order=10)
        search_register("news", article_search_public, words=article_search_words)
        # The press room (media_forum) lists the latest press releases without importing news.
        press_release_provider_register(press_releases_public)
        # Distribution of published articles (news.distribution): one bulk kind. The audience
        # of embargoed press releases, the verified press list, is media_forum's to register.
        kind_register(name="news_article", template="notifications/emails/news_article")
        url_mount_register(prefix="", urlconf="news.urls", order=20)
        home_section_register(
            name="news", template="news/home_section.html", selector=home_news_sections, order=10
        )
        # The election-stages timeline lists the news published during each stage.
        stage_related_register(
            name="news", label=_("Berita terkait"), provider=article_links_for_stages, order=20
        )
        sitemap_page_register(url_name="news:article_list", order=10)
        sitemap_register(name="articles", sitemap=ArticleSitemap, order=10)
        cache_invalidation_register(model=Article, pages=article_cached_pages)
        cache_invalidation_register(model=Category, pages=taxonomy_cached_pages)
        cache_invalidation_register(model=Tag, pages=taxonomy_cached_pages)
        # Nothing runs when a scheduled article's time comes: cached pages end then.
        cache_horizon_register(article_publication_next)
        # Waiting for review, scheduled, the latest bulk sends: for everyone who writes news.
        dashboard_panel_register(
            name="news",
            template="admin/news/dashboard_panel.html",
            selector=news_dashboard_panel,
            permission="news.view_article",
            order=20,
        )
        # After the subscribers: the demo's press releases have an audience.
        demo_seeder_register(name="news", seeder=seed_news, order=30)
        # Published articles are mailed once their time has passed (news.distribution).
        periodic_task_register(
            name="news-distribute-due",
            task="news.distribute_due",
            schedule=60.0,
            options={"expires": 55},
        )
