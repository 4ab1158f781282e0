"""The list pages' year filter is cached, and what changes it shows at once: publishing,
archiving, editing the publication time, and a scheduled article whose time has come."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news import services
from news.models import ArticleStatus
from tests.news.factories import article_create, published_article_create

pytestmark = pytest.mark.usefixtures("office")

LIST = reverse("news:article_list")


def years_offered(client) -> list[int]:
    page = client.get(LIST).text
    select = re.search(r'<select[^>]*name="tahun">(.*?)</select>', page, re.DOTALL).group(1)
    return [int(year) for year in re.findall(r'<option value="(\d{4})"', select)]


def this_year() -> int:
    return timezone.localdate().year


def test_the_years_are_read_once_and_then_come_from_the_cache(client, chief):
    published_article_create(author=chief)
    assert years_offered(client) == [this_year()]
    with CaptureQueriesContext(connection) as queries:
        assert years_offered(client) == [this_year()]
    assert not [query for query in queries if "DISTINCT" in query["sql"]]


def test_publishing_in_a_new_year_and_archiving_its_only_article_show_at_once(
    client, chief, writer, django_capture_on_commit_callbacks
):
    published_article_create(author=chief)
    old = article_create(author=writer, publish_at=timezone.now() - timedelta(days=800))
    assert years_offered(client) == [this_year()]
    old_year = timezone.localtime(old.publish_at).year

    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article_id=old.pk, actor=chief)
    # Publishing a draft with a past time makes it now; a chief editor then dates it back.
    old.refresh_from_db()
    old.publish_at = timezone.now() - timedelta(days=800)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=old, actor=chief)
    assert years_offered(client) == [this_year(), old_year]

    with django_capture_on_commit_callbacks(execute=True):
        services.article_archive(article_id=old.pk, actor=chief)
    assert years_offered(client) == [this_year()]


def test_a_scheduled_article_adds_its_year_when_its_time_comes_with_no_write(client, chief):
    published_article_create(author=chief)
    next_year = timezone.localtime(timezone.now()).replace(
        year=this_year() + 1, month=1, day=2, hour=9, minute=0
    )
    published_article_create(author=chief, status=ArticleStatus.PUBLISHED, publish_at=next_year)
    year = this_year()
    assert years_offered(client) == [year]

    with time_machine.travel(next_year + timedelta(minutes=1)):
        assert years_offered(client) == [year + 1, year]
