from django.urls import path

from education import feeds, guide_views, stage_views, views
from humas_portal.page_cache import cache_public_page

app_name = "education"

# Every path word of /edukasi/ is reserved (education.models.RESERVED_SLUGS): no item slug may
# take one, or its page would hide behind the section's own page.
urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("untuk/<slug:slug>/", views.segment_detail, name="segment"),
    path("feed/", cache_public_page(feeds.EducationRssFeed()), name="feed_rss"),
    path("atom/", cache_public_page(feeds.EducationAtomFeed()), name="feed_atom"),
    # The section's other pages go here: before the item's <slug:slug>/, which would otherwise
    # answer for them.
    path("tahapan/", stage_views.stage_timeline, name="stages"),
    path("tanya-jawab/", guide_views.faq, name="faq"),
    path("glosarium/", guide_views.glossary, name="glossary"),
    path("kuis/", guide_views.quiz_list, name="quiz_list"),
    path("kuis/<slug:slug>/", guide_views.quiz, name="quiz"),
    path("kuis/<slug:slug>/hasil/", guide_views.quiz_result, name="quiz_result"),
    path("<slug:slug>/", views.item_detail, name="item_detail"),
]
