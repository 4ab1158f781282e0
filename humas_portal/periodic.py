"""Periodic tasks: each app registers its own in its AppConfig.ready(); Celery beat reads them.

Beat reads its schedule once, when its scheduler starts. humas_portal/celery.py fills
``app.conf.beat_schedule`` from this registry as soon as Django is set up, which happens when
Celery imports the task modules at worker and beat start, before any scheduler exists.
"""

from dataclasses import dataclass, field
from typing import Any

from celery.schedules import BaseSchedule


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    task: str
    # Seconds between runs, or a celery.schedules.crontab (in CELERY_TIMEZONE).
    schedule: float | BaseSchedule
    # Passed to apply_async, e.g. {"expires": 55}.
    options: dict[str, Any] = field(default_factory=dict)


_tasks: dict[str, PeriodicTask] = {}


def periodic_task_register(
    *,
    name: str,
    task: str,
    schedule: float | BaseSchedule,
    options: dict[str, Any] | None = None,
) -> None:
    """Add an entry to beat's schedule; registering the same name twice replaces it."""
    _tasks[name] = PeriodicTask(name=name, task=task, schedule=schedule, options=options or {})


def periodic_tasks() -> list[PeriodicTask]:
    return sorted(_tasks.values(), key=lambda entry: entry.name)


def beat_schedule() -> dict[str, dict[str, Any]]:
    """The registry in the form of Celery's beat_schedule setting."""
    schedule = {}
    for entry in periodic_tasks():
        schedule[entry.name] = {"task": entry.task, "schedule": entry.schedule}
        if entry.options:
            schedule[entry.name]["options"] = dict(entry.options)
    return schedule
