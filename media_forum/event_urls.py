"""Included at /forum-media/ by humas_portal/urls.py (media_forum/apps.py).

Every path word of /forum-media/ is reserved (media_forum.models.RESERVED_SLUGS): no event slug
may take one. The public pages come last, for their ``<slug:slug>/`` answers any one word.
"""

from media_forum import checkin_urls, public_urls, registration_urls

app_name = "forum_media"

urlpatterns = [*checkin_urls.urlpatterns, *registration_urls.urlpatterns, *public_urls.urlpatterns]
