from celery import shared_task

from humas_portal.notifications import services


@shared_task(name="notifications.send")
def notifications_send(message_ids: list[int]) -> None:
    services.notification_deliver(message_ids=message_ids)


@shared_task(name="notifications.relay")
def notifications_relay() -> None:
    services.notifications_relay()


@shared_task(name="notifications.purge")
def notifications_purge() -> None:
    services.notifications_purge()


# A large list takes longer than the default limits; a run cut short is finished by the next
# one (bulk_sends_relay, or staff), because every chunk commits on its own.
@shared_task(name="notifications.bulk_enqueue", soft_time_limit=900, time_limit=960)
def notifications_bulk_enqueue(bulk_id: int) -> None:
    from humas_portal.notifications.bulk import bulk_send_enqueue

    bulk_send_enqueue(bulk_id=bulk_id)


@shared_task(name="notifications.bulk_relay")
def notifications_bulk_relay() -> None:
    from humas_portal.notifications.bulk import bulk_sends_relay

    bulk_sends_relay()


@shared_task(name="notifications.subscriptions_purge")
def notifications_subscriptions_purge() -> None:
    from humas_portal.notifications.subscriptions import subscriptions_purge

    subscriptions_purge()
