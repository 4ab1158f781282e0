from celery import shared_task

from education import distribution


@shared_task(name="education.distribute_due")
def education_distribute_due() -> None:
    distribution.education_distribute_due()
