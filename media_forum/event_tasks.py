"""Celery tasks of the events' office side (media_forum.events), scheduled in apps.py.

Imported by MediaForumConfig.ready(): Celery's autodiscovery looks only for ``tasks`` modules,
and the registration side keeps media_forum/tasks.py for its own.
"""

from celery import shared_task

from media_forum import events


@shared_task(name="media_forum.event_reminders_send")
def event_reminders_send() -> None:
    events.event_reminders_send()


@shared_task(name="media_forum.contacts_erase_due")
def contacts_erase_due() -> None:
    events.contacts_erase_due_all()
