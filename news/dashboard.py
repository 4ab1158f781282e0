"""The newsroom's panel on the staff dashboard (humas_portal/dashboard.py): articles waiting
for review, articles scheduled, and, for who may see them, the latest bulk sends."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from humas_portal.notifications.dashboard import BULK_SEND_VIEW_PERMISSION, bulk_sends_latest
from news.models import Article, ArticleStatus


def news_dashboard_panel(request: HttpRequest) -> dict:
    """Counts in one query, each linking to the admin list of exactly those articles; the bulk
    sends in one more, only for those who may open them."""
    now = timezone.now()
    counts = Article.objects.aggregate(
        review=Count("pk", filter=Q(status=ArticleStatus.REVIEW)),
        scheduled=Count("pk", filter=Q(status=ArticleStatus.PUBLISHED, publish_at__gt=now)),
    )
    changelist = reverse("admin:news_article_changelist")
    counts["links"] = {
        "review": "%s?%s" % (changelist, urlencode({"status__exact": ArticleStatus.REVIEW})),
        "scheduled": "%s?%s"
        % (
            changelist,
            urlencode(
                {
                    "status__exact": ArticleStatus.PUBLISHED,
                    # With its offset, so the admin reads the same instant.
                    "publish_at__gt": now.replace(microsecond=0).isoformat(),
                }
            ),
        ),
    }
    counts["bulk_sends"] = (
        bulk_sends_latest() if request.user.has_perm(BULK_SEND_VIEW_PERMISSION) else None
    )
    return counts
