"""Periodic work of the request desk (beat): thin wrappers around the services."""

from celery import shared_task


@shared_task(name="ppid.requests_erase_due")
def requests_erase_due_task() -> int:
    from ppid.services import requests_erase_due

    return requests_erase_due()


@shared_task(name="ppid.digest_send")
def ppid_digest_send_task() -> int:
    from ppid.digest import ppid_digest_send

    return ppid_digest_send()
