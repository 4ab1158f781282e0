from celery import shared_task
from django.utils import timezone

from humas_portal.models import WorkerHeartbeat


@shared_task(name="humas_portal.tasks.worker_heartbeat")
def worker_heartbeat(name: str = "default") -> None:
    """Prove that beat schedules and a worker consumes; /healthz reads the time."""
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})
