from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Berita")

    def ready(self) -> None:
        from humas_portal.navigation import nav_register
        from humas_portal.notifications.registry import kind_register, topic_register
        from humas_portal.search import search_register
        from news.selectors import article_search_public

        topic_register(slug="berita", label=_("Berita"), order=10)
        topic_register(slug="siaran-pers", label=_("Siaran Pers"), order=20)
        nav_register(label=_("Berita"), url_name="news:article_list", order=10)
        search_register("news", article_search_public)
        # Distribution of published articles (news.distribution): one bulk kind. The audience
        # of embargoed press releases, the verified press list, is media_forum's to register.
        kind_register(name="news_article", template="notifications/emails/news_article")
