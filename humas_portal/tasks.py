from celery import shared_task
from django.utils import timezone

from humas_portal.models import WorkerHeartbeat


@shared_task(name="humas_portal.tasks.worker_heartbeat")
def worker_heartbeat(name: str = "default") -> None:
    """Prove that beat schedules and a worker consumes; /healthz reads the time."""
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


@shared_task(name="humas_portal.tasks.search_words_refresh")
def search_words_refresh_task() -> int:
    """Rebuild the search's typo word list (beat runs it; so does a publication)."""
    from humas_portal.search import search_words_refresh

    return search_words_refresh()
