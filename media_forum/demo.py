"""Demo press list: two of the demo "siaran pers" subscribers (notifications.demo) registered
as journalists, one of them verified, so an embargoed release in a demo install has a reader."""

from django.db import transaction

from humas_portal.notifications.subscriptions import subscriber_find
from media_forum.models import JournalistProfile

DEMO_JOURNALISTS = {
    "redaksi.suarajember@example.id": ("Redaksi Suara Jember", "Suara Jember (demo)", True),
    "kontributor.tvlokal@example.id": ("Kontributor TV Lokal", "TV Lokal Jember (demo)", False),
}


@transaction.atomic
def seed_press() -> None:
    for email, (name, outlet, verified) in DEMO_JOURNALISTS.items():
        subscriber = subscriber_find(email=email)
        if subscriber is None or JournalistProfile.objects.filter(subscriber=subscriber).exists():
            continue
        profile = JournalistProfile(
            subscriber=subscriber,
            name=name,
            outlet=outlet,
            beat="Politik dan Pemilu",
            phone="+6281100000000",
            verified=verified,
            verified_at=subscriber.confirmed_at if verified else None,
        )
        profile.full_clean()
        profile.save()
