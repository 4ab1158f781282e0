"""Mailing published education items to the "edukasi" topic's subscribers, once each.

As news.distribution: visibility never waits for this (``EducationItem.objects.public()``);
an item is mailed once its ``publish_at`` has passed, by the beat task or at once when the
chief editor publishes it in the admin. Each item is claimed with a conditional UPDATE
(``distributed_at`` still empty) in the same transaction that creates its BulkSend, so two
runs at once cannot both send it and a crash before commit undoes the claim with the send; the
BulkSend's unique ``reference`` says the same thing a second time, in the database. Versions
(another language or reading level of an item already mailed) are not mailed again.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from education.models import EducationItem, ItemFormat
from education.selectors import item_absolute_url
from humas_portal.notifications.bulk import BulkSend, bulk_recipients_count, bulk_send_create

logger = logging.getLogger(__name__)

KIND = "education_item"
TOPIC = "edukasi"
# An item whose time passed longer ago than this (a backdated item, a beat down for days) is
# marked as distributed without mailing anyone.
MAX_AGE = timedelta(days=3)


def item_reference(item_id: int) -> str:
    return "education.item:%d" % item_id


def _due(now: datetime):
    return EducationItem.objects.public(now).filter(distributed_at__isnull=True)


def _context(item: EducationItem) -> dict:
    # Lazy labels: the send is rendered once per reader's language (notifications.bulk).
    return {
        "title": item.title,
        "subject": item.title,
        "format_label": ItemFormat(item.format).label,
        "lead": item.lead,
        "easy_read": item.easy_read,
        "url": item_absolute_url(item.slug),
        "publish_at": item.publish_at,
    }


def _send(item_id: int, now: datetime) -> BulkSend | None:
    """Claim and send one item; None when it was not ours to send (or not to be mailed)."""
    with transaction.atomic():
        # The conditions again, in the UPDATE: the item may have changed since it was listed.
        if not _due(now).filter(pk=item_id).update(distributed_at=now):
            return None
        item = EducationItem.objects.get(pk=item_id)
        if item.version_of_id is not None:
            return None
        if item.publish_at < now - MAX_AGE:
            logger.warning(
                "education item %s: published at %s, too long ago to mail; marked as distributed",
                item_id,
                item.publish_at.isoformat(),
            )
            return None
        bulk = bulk_send_create(
            topic=TOPIC, kind=KIND, context=_context(item), reference=item_reference(item.pk)
        )
    logger.info("education item %s: sent to the %s topic", item_id, TOPIC)
    return bulk


def item_recipients_forecast(item: EducationItem) -> int | None:
    """How many subscribers ``item`` will be mailed to when it goes out, counted now; None
    when it will not be mailed (already sent, or a version)."""
    if item.distributed_at is not None or item.version_of_id is not None:
        return None
    return bulk_recipients_count(topic=TOPIC)


def education_distribute_item(*, item_id: int, now: datetime | None = None) -> BulkSend | None:
    """Send one item if it is due now (what the beat task would do at its next run, done at
    once when the chief editor has just published): its BulkSend, or None."""
    return _send(item_id, now or timezone.now())


def education_distribute_due(*, now: datetime | None = None) -> int:
    """Send every item whose time has come and that nobody sent yet; returns how many sends."""
    now = now or timezone.now()
    sent = 0
    for item_id in list(_due(now).order_by("publish_at", "pk").values_list("pk", flat=True)):
        try:
            sent += _send(item_id, now) is not None
        except Exception:
            # One broken item must not hold back the others; its claim rolled back.
            logger.exception("education item %s could not be distributed", item_id)
    return sent
