"""Sending published articles to subscribers, once each, by a beat task.

Visibility never waits for this: an article is public when it is published and its
``publish_at`` has passed (ArticleQuerySet.public). This module only mails it, after the fact:

- a press release with a ``distribute_at`` before ``publish_at`` goes, at ``distribute_at``, to
  the verified press list only (the "verified_press" audience that media_forum registers:
  the "siaran-pers" subscribers whose JournalistProfile is verified), marked "EMBARGO hingga
  <publish_at>";
- at ``publish_at`` every published article goes to its topic ("siaran-pers" for press releases,
  "berita" for the other kinds), leaving out whoever already had the embargoed copy.

Each copy is claimed with a conditional UPDATE (``..._distributed_at`` still empty) in the same
transaction that creates its BulkSend: two beat runs at once cannot both claim it, and a crash
before commit undoes the claim with the send, so the next run tries again. The BulkSend's unique
``reference`` says the same thing a second time, in the database.
"""

import html
import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import format_lazy

from humas_portal.notifications.bulk import (
    BulkSend,
    bulk_recipients_count,
    bulk_send_create,
    bulk_send_find,
)
from news.models import Article, ArticleKind, ArticleStatus

logger = logging.getLogger(__name__)

KIND = "news_article"
PRESS_TOPIC = "siaran-pers"
NEWS_TOPIC = "berita"
PRESS_AUDIENCE = "verified_press"
# An article whose time passed longer ago than this is not news any more (a backdated item, a
# beat that was down for days, the first run over existing content): it is marked as
# distributed without mailing anyone.
MAX_AGE = timedelta(days=3)

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|tr|table|ul|ol)>|<br\s*/?>|<hr\s*/?>", re.I)


def article_topic(kind: str) -> str:
    return PRESS_TOPIC if kind == ArticleKind.PRESS_RELEASE else NEWS_TOPIC


def article_url(article: Article) -> str:
    return settings.PORTAL_BASE_URL + reverse("news:article_detail", args=[article.slug])


def _reference(article_id: int, copy: str) -> str:
    return "news.article:%d:%s" % (article_id, copy)


def _body_as_text(body: str) -> str:
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n\n", body)))
    text = "\n".join(line.strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _context(article: Article, *, embargoed: bool) -> dict:
    # Lazy: the send is rendered once per reader's language (notifications.bulk).
    label = ArticleKind(article.kind).label
    with translation.override(settings.LANGUAGE_CODE):  # titles are written in Indonesian
        titled = article.title.casefold().startswith(str(label).casefold())
    # "Siaran Pers: <title>", unless the title already says what it is.
    subject = article.title if titled else format_lazy("{}: {}", label, article.title)
    context = {
        "title": article.title,
        "subject": subject,
        "kind_label": label,
        "lead": article.lead,
        "url": article_url(article),
        "publish_at": article.publish_at,
        "embargo_until": article.publish_at if embargoed else None,
    }
    if embargoed:
        # The press list gets the release itself: its link opens only at publish_at.
        # Sanitised again on the way out, whatever path stored it.
        body = Article._meta.get_field("body").sanitize(article.body)
        context.update(body_html=body, body_text=_body_as_text(body))
    return context


def _press_due(now: datetime):
    return Article.objects.filter(
        status=ArticleStatus.PUBLISHED,
        kind=ArticleKind.PRESS_RELEASE,
        distribute_at__lte=now,
        publish_at__gt=now,
        press_distributed_at__isnull=True,
    )


def _public_due(now: datetime):
    return Article.objects.public(now).filter(public_distributed_at__isnull=True)


def _press_copy_send(article_id: int, now: datetime) -> BulkSend | None:
    """Claim and send the embargoed copy of one release; None when it was not ours to send."""
    with transaction.atomic():
        # The conditions again, in the UPDATE: the article may have changed since it was listed.
        if not _press_due(now).filter(pk=article_id).update(press_distributed_at=now):
            return None
        article = Article.objects.get(pk=article_id)
        bulk = bulk_send_create(
            topic=PRESS_TOPIC,
            kind=KIND,
            context=_context(article, embargoed=True),
            audience=PRESS_AUDIENCE,
            reference=_reference(article.pk, "press"),
        )
    logger.info("news article %s: embargoed copy sent to the press list", article_id)
    return bulk


def _public_copy_send(article_id: int, now: datetime) -> BulkSend | None:
    """Claim and send the public copy of one article; None when nothing was sent."""
    with transaction.atomic():
        if not _public_due(now).filter(pk=article_id).update(public_distributed_at=now):
            return None
        article = Article.objects.get(pk=article_id)
        if article.publish_at < now - MAX_AGE:
            logger.warning(
                "news article %s: published at %s, too long ago to mail; marked as distributed",
                article_id,
                article.publish_at.isoformat(),
            )
            return None
        press_copy = None
        if article.kind == ArticleKind.PRESS_RELEASE:
            press_copy = bulk_send_find(reference=_reference(article.pk, "press"))
        bulk = bulk_send_create(
            topic=article_topic(article.kind),
            kind=KIND,
            context=_context(article, embargoed=False),
            excluded_send=press_copy,
            reference=_reference(article.pk, "public"),
        )
    logger.info("news article %s: sent to the %s topic", article_id, article_topic(article.kind))
    return bulk


def _embargoed(article: Article) -> bool:
    return (
        article.kind == ArticleKind.PRESS_RELEASE
        and article.distribute_at is not None
        and article.publish_at is not None
        and article.distribute_at < article.publish_at
    )


def article_recipients_forecast(article: Article) -> dict[str, int]:
    """How many subscribers ``article`` will be mailed to when it goes out as it stands: its
    topic's ("public") and, for an embargoed press release, the verified press who get the
    embargoed copy first ("press", counted among "public"). Copies already sent are left out."""
    forecast = {}
    if _embargoed(article) and article.press_distributed_at is None:
        forecast["press"] = bulk_recipients_count(topic=PRESS_TOPIC, audience=PRESS_AUDIENCE)
    if article.public_distributed_at is None:
        forecast["public"] = bulk_recipients_count(topic=article_topic(article.kind))
    return forecast


def news_distribute_article(*, article_id: int, now: datetime | None = None) -> dict[str, int]:
    """Send the copies of one article that are due now: what the beat task would do at its
    next run, done at once when an editor has just published. Per copy sent ("press",
    "public"), how many subscribers it was queued for."""
    now = now or timezone.now()
    queued = {}
    for copy, send in (("press", _press_copy_send), ("public", _public_copy_send)):
        bulk = send(article_id, now)
        if bulk is not None:
            queued[copy] = bulk_recipients_count(
                topic=bulk.topic, audience=bulk.audience, excluded_send=bulk.excluded_send
            )
    return queued


def news_distribute_due(*, now: datetime | None = None) -> int:
    """Send every copy whose time has come and that nobody sent yet; returns how many sends."""
    now = now or timezone.now()
    sent = 0
    for send, due in ((_press_copy_send, _press_due), (_public_copy_send, _public_due)):
        for article_id in list(due(now).order_by("publish_at", "pk").values_list("pk", flat=True)):
            try:
                sent += send(article_id, now) is not None
            except Exception:
                # One broken article (a template error, say) must not hold back the others;
                # its claim rolled back, so the next run tries it again.
                logger.exception("news article %s could not be distributed", article_id)
    return sent
