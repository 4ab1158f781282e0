from celery import shared_task


@shared_task(name="registry_app.tick")
def tick() -> None:
    """Nothing to do: the test reads beat's schedule, it never runs the task."""
