from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = _("Edukasi")

    def ready(self) -> None:
        from education.cache_pages import (
            item_cached_pages,
            item_publication_next,
            taxonomy_cached_pages,
        )
        from education.demo import seed_education
        from education.models import EducationItem, Segment, Theme
        from education.selectors import item_search_public, item_search_words
        from education.sitemaps import EducationItemSitemap
        from humas_portal.app_urls import url_mount_register
        from humas_portal.cache_invalidation import cache_invalidation_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.navigation import nav_register
        from humas_portal.notifications.registry import kind_register, topic_register
        from humas_portal.page_cache import cache_horizon_register
        from humas_portal.periodic import periodic_task_register
        from humas_portal.search import search_register, search_section_register
        from humas_portal.sitemaps import sitemap_page_register, sitemap_register

        topic_register(slug="edukasi", label=_("Edukasi Pemilu"), order=30)
        url_mount_register(prefix="edukasi/", urlconf="education.urls", order=30)
        # Published items are mailed once to the topic (education.distribution).
        kind_register(name="education_item", template="notifications/emails/education_item")
        periodic_task_register(
            name="education-distribute-due",
            task="education.distribute_due",
            schedule=60.0,
            options={"expires": 55},
        )
        nav_register(label=_("Edukasi"), url_name="education:item_list", order=20)
        search_register("education", item_search_public, words=item_search_words)
        search_section_register(
            name="education",
            title=_("Edukasi Kepemiluan: materi untuk setiap pemilih"),
            url_name="education:item_list",
            summary=_(
                "Artikel, infografis, video dan dokumen tentang hak pilih, tahapan, politik uang, "
                "netralitas dan hoaks, untuk pemilih pemula, pelajar, perempuan, penyandang "
                "disabilitas, lansia dan masyarakat desa."
            ),
            keywords=(
                "edukasi",
                "kepemiluan",
                "sosialisasi",
                "materi",
                "belajar",
                "panduan",
                "hak",
                "pilih",
                "pemilih",
                "pemula",
                "tahapan",
                "infografis",
                "netralitas",
                "education",
                "voter",
                "learn",
            ),
            order=30,
        )
        sitemap_page_register(url_name="education:item_list", order=20)
        sitemap_register(name="education", sitemap=EducationItemSitemap, order=20)
        cache_invalidation_register(model=EducationItem, pages=item_cached_pages)
        cache_invalidation_register(model=Segment, pages=taxonomy_cached_pages)
        cache_invalidation_register(model=Theme, pages=taxonomy_cached_pages)
        # Nothing runs when a scheduled item's time comes: cached pages end then.
        cache_horizon_register(item_publication_next)
        # After the elections (items link to stages) and the news.
        demo_seeder_register(name="education", seeder=seed_education, order=40)
