"""Periodic work of the complaint desk (beat): thin wrappers around the services."""

from celery import shared_task


@shared_task(name="complaints.digest_send")
def complaints_digest_send_task() -> int:
    from complaints.digest import complaints_digest_send

    return complaints_digest_send()


@shared_task(name="complaints.retention_run")
def complaints_retention_run_task() -> int:
    from complaints.retention import complaints_retention_run

    return complaints_retention_run()


@shared_task(name="complaints.alerts_send")
def complaints_alerts_send_task() -> int:
    from complaints.alerts import complaints_alerts_send

    return complaints_alerts_send()
