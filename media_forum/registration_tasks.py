"""Periodic work of Forum Media registrations (beat): a thin wrapper around the service.

Its own module beside media_forum/tasks.py; apps.py imports it so the worker knows the task.
"""

from celery import shared_task


@shared_task(name="media_forum.registrations_expire")
def registrations_expire_task() -> int:
    from media_forum.registrations import registrations_expire

    return registrations_expire()
