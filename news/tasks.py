from celery import shared_task

from news import distribution


@shared_task(name="news.distribute_due")
def news_distribute_due() -> None:
    distribution.news_distribute_due()
