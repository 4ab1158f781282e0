"""Demo subscribers: fictional example.id addresses, already confirmed, so a bulk send in a
demo install has someone to go to and never reaches a real person."""

from django.db import transaction
from django.utils import timezone

from humas_portal.notifications.models import Subscriber, Subscription

DEMO_SUBSCRIBERS = {
    "redaksi.suarajember@example.id": ["berita", "siaran-pers", "forum-media"],
    "warga.sumbersari@example.id": ["berita", "edukasi"],
    "pemilih.pemula@example.id": ["edukasi"],
    "kontributor.tvlokal@example.id": ["siaran-pers", "forum-media"],
}


@transaction.atomic
def seed_subscriptions() -> None:
    for email, topics in DEMO_SUBSCRIBERS.items():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=email, defaults={"confirmed_at": timezone.now()}
        )
        Subscription.objects.bulk_create(
            [Subscription(subscriber=subscriber, topic=topic) for topic in topics],
            ignore_conflicts=True,
        )
