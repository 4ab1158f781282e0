"""The election-stages timeline (/edukasi/tahapan/) and the home page's running stages: what
runs today by the office's date (WIB, or WITA), days left, and the related news found through
the registry (humas_portal.elections.related)."""

import re
from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from education.models import ItemStatus
from humas_portal.elections import related
from humas_portal.elections.models import Election, ElectionKind, ElectionStage
from humas_portal.elections.related import StageLink, stage_related_attach
from humas_portal.elections.selectors import election_stage_boundary_next
from humas_portal.roles import CHIEF_EDITOR
from news.models import ArticleStatus
from tests.education.factories import public_item_create
from tests.factories import staff_create
from tests.news.factories import published_article_create

JAKARTA = ZoneInfo("Asia/Jakarta")
MAKASSAR = ZoneInfo("Asia/Makassar")
TIMELINE = "/edukasi/tahapan/"
HOME = "/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


_minutes_back = count(1)


def item_create(**fields):
    """A public article, each published a minute before the previous one (the newest first
    is the one created first)."""
    number = next(_minutes_back)
    publish_at = timezone.now() - timedelta(hours=1, minutes=number)
    author = staff_create("penulis-tahapan-%d" % number)
    return public_item_create(**{"publish_at": publish_at, "author": author, **fields})


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # The logic itself; the cache is tested at the end with it on.
    settings.PAGE_CACHE_ENABLED = False


def election_with_stages(name: str, *stages: tuple[str, date, date], **fields) -> Election:
    election = Election.objects.create(name=name, kind=ElectionKind.PILKADA, **fields)
    for order, (stage, start, end) in enumerate(stages, start=1):
        ElectionStage.objects.create(
            election=election,
            name=stage,
            order=order,
            start_date=start,
            end_date=end,
            legal_basis="PKPU Nomor %d Tahun 2029" % order,
            watch_points="Politik uang pada tahapan %s." % stage,
            report_hint="Laporkan paling lambat 7 hari.",
        )
    return election


@pytest.fixture
def pilkada() -> Election:
    return election_with_stages(
        "Pilkada Jember 2029",
        ("Pencalonan", date(2029, 5, 1), date(2029, 5, 20)),
        ("Kampanye", date(2029, 5, 10), date(2029, 6, 1)),
        ("Pemungutan suara", date(2029, 6, 10), date(2029, 6, 10)),
        voting_day=date(2029, 6, 10),
    )


# A stage's list item, up to the next stage or the end of the list (links nest list items).
STAGE_ITEM = re.compile(
    r'<li class="timeline__stage[^"]*"[^>]*>.*?</li>\s*(?=<li class="timeline|</ol>)', re.S
)
STAGE_NAME = re.compile(r'class="timeline__name"[^>]*>([^<]+)<')


def stage_items(page: str) -> dict[str, str]:
    """Each stage of the timeline (by name) with its list item's HTML."""
    return {STAGE_NAME.search(item).group(1): item for item in STAGE_ITEM.findall(page)}


def running_stages(page: str) -> list[str]:
    return [name for name, item in stage_items(page).items() if 'aria-current="step"' in item]


def test_the_timeline_lists_every_stage_in_order_with_its_texts(client, pilkada):
    with time_machine.travel(datetime(2029, 5, 15, 9, 0, tzinfo=JAKARTA), tick=False):
        page = client.get(TIMELINE).text

    assert '<ol class="timeline">' in page
    assert list(stage_items(page)) == ["Pencalonan", "Kampanye", "Pemungutan suara"]
    campaign = stage_items(page)["Kampanye"]
    assert "Sedang berlangsung" in campaign
    assert 'aria-current="step"' in campaign
    assert "PKPU Nomor 2 Tahun 2029" in campaign
    assert "Politik uang pada tahapan Kampanye." in campaign
    assert "Laporkan paling lambat 7 hari." in campaign
    assert 'href="%s"' % reverse("complaints:create") in campaign
    assert (
        '<time datetime="2029-05-10">10 Mei 2029</time> \u2013 '
        '<time datetime="2029-06-01">1 Juni 2029</time>'
    ) in campaign
    voting = stage_items(page)["Pemungutan suara"]
    assert "Akan datang" in voting
    assert "Sedang berlangsung" not in voting
    assert "10 Juni 2029" in voting


@pytest.mark.parametrize(
    ("moment", "running", "days_left"),
    [
        # The first stage starts on 1 May (the office's date): not at 23:59 the day before...
        (datetime(2029, 4, 30, 23, 59, tzinfo=JAKARTA), None, None),
        # ...but at midnight, although it is still 30 April in UTC.
        (datetime(2029, 5, 1, 0, 0, tzinfo=JAKARTA), ["Pencalonan"], "Berakhir dalam 19 hari"),
        # Pencalonan's last day counts in full...
        (
            datetime(2029, 5, 20, 23, 59, tzinfo=JAKARTA),
            ["Pencalonan", "Kampanye"],
            "Hari terakhir",
        ),
        # ...and ends at midnight.
        (datetime(2029, 5, 21, 0, 0, tzinfo=JAKARTA), ["Kampanye"], "Berakhir dalam 11 hari"),
    ],
)
def test_the_stages_running_today_at_both_boundaries_of_a_stage(
    client, pilkada, moment, running, days_left
):
    with time_machine.travel(moment, tick=False):
        timeline = client.get(TIMELINE).text
        home = client.get(HOME).text

    if running is None:
        assert "Pilkada Jember 2029" not in timeline
        assert "Saat ini tidak ada pemilu atau pemilihan yang sedang berlangsung." in timeline
        assert 'id="home-stages-title"' not in home
        return
    assert running_stages(timeline) == running
    assert days_left in stage_items(timeline)[running[0]]
    # The home page names the same stages, with the same days left.
    section = home.split('id="home-stages-title"')[1].split("</section>")[0]
    assert re.findall(r'#tahapan-\d+">([^<]+)<', section) == running
    assert days_left in section


def test_in_wita_the_stages_turn_an_hour_before_wib(client, pilkada, settings):
    settings.TIME_ZONE = "Asia/Makassar"
    # 00:00 WITA on 1 May is still 23:00 WIB on 30 April: a WITA office's stage has begun.
    with time_machine.travel(datetime(2029, 5, 1, 0, 0, tzinfo=MAKASSAR), tick=False):
        assert running_stages(client.get(TIMELINE).text) == ["Pencalonan"]
    with time_machine.travel(datetime(2029, 4, 30, 23, 59, tzinfo=MAKASSAR), tick=False):
        assert running_stages(client.get(TIMELINE).text) == []
    # 23:30 WIB on 20 May is 00:30 WITA on 21 May: Pencalonan is over for this office.
    with time_machine.travel(datetime(2029, 5, 20, 23, 30, tzinfo=JAKARTA), tick=False):
        page = client.get(TIMELINE).text
    assert running_stages(page) == ["Kampanye"]
    assert "Sudah selesai" in stage_items(page)["Pencalonan"]


def test_between_two_stages_the_election_shows_with_none_running(client, pilkada):
    with time_machine.travel(datetime(2029, 6, 5, 12, 0, tzinfo=JAKARTA), tick=False):
        timeline = client.get(TIMELINE).text
        home = client.get(HOME).text

    assert list(stage_items(timeline)) == ["Pencalonan", "Kampanye", "Pemungutan suara"]
    assert running_stages(timeline) == []
    assert "Sedang berlangsung" not in timeline
    # No empty box on the home page.
    assert "home-stages" not in home


def test_an_election_forced_not_current_is_left_out_everywhere(client, pilkada):
    pilkada.is_current = False
    pilkada.save()
    with time_machine.travel(datetime(2029, 5, 15, 9, 0, tzinfo=JAKARTA), tick=False):
        assert "Pilkada Jember 2029" not in client.get(TIMELINE).text
        assert "home-stages" not in client.get(HOME).text


def test_the_home_section_links_to_the_timeline_after_the_news(client, pilkada):
    with time_machine.travel(datetime(2029, 5, 15, 9, 0, tzinfo=JAKARTA), tick=False):
        home = client.get(HOME).text

    section = home.split('<section class="home-stages"')[1].split("</section>")[0]
    assert "Tahapan yang sedang berlangsung" in section
    assert "Pilkada Jember 2029" in section
    assert 'href="%s"' % TIMELINE in section
    assert home.index('class="cta"') < home.index('class="home-stages"')


def test_the_horizon_is_the_next_midnight_while_a_stage_runs(pilkada):
    with time_machine.travel(datetime(2029, 5, 15, 9, 0, tzinfo=JAKARTA), tick=False):
        assert election_stage_boundary_next() == datetime(2029, 5, 16, tzinfo=JAKARTA)
    # Between stages: the next stage's first day.
    with time_machine.travel(datetime(2029, 6, 5, 9, 0, tzinfo=JAKARTA), tick=False):
        assert election_stage_boundary_next() == datetime(2029, 6, 10, tzinfo=JAKARTA)
    with time_machine.travel(datetime(2029, 6, 11, 9, 0, tzinfo=JAKARTA), tick=False):
        assert election_stage_boundary_next() is None


# --- Related news, through the registry ------------------------------------------------------


def test_the_news_provider_is_found_through_the_registry(pilkada):
    assert related._providers["news"].provider.__module__ == "news.stage_related"

    with time_machine.travel(datetime(2029, 5, 15, 9, 0, tzinfo=JAKARTA), tick=False):
        # 5 May: Pencalonan only; 12 May: both; the scheduled one is not public yet.
        early = published_article_create(
            title="Pendaftaran Calon Diawasi", publish_at=datetime(2029, 5, 5, 10, tzinfo=JAKARTA)
        )
        both = published_article_create(
            title="Kampanye Dimulai", publish_at=datetime(2029, 5, 12, 10, tzinfo=JAKARTA)
        )
        published_article_create(
            title="Belum Terbit", publish_at=datetime(2029, 5, 16, 10, tzinfo=JAKARTA)
        )
        published_article_create(title="Draf", status=ArticleStatus.DRAFT, publish_at=None)
        stages = list(pilkada.stages.order_by("order"))
        with CaptureQueriesContext(connection) as queries:
            stage_related_attach(stages)

    # The education items (none), the news: each stage's article ids, then the articles.
    assert len(queries) == 3
    shown = {
        stage.name: [(group.label, [link.title for link in group.links]) for group in stage.related]
        for stage in stages
    }
    assert shown == {
        "Pencalonan": [("Berita terkait", [both.title, early.title])],
        "Kampanye": [("Berita terkait", [both.title])],
        "Pemungutan suara": [],
    }
    assert stages[1].related[0].links[0].url == reverse("news:article_detail", args=[both.slug])


def test_a_stage_lists_its_newest_public_items_before_its_news(client, pilkada):
    campaign = pilkada.stages.get(name="Kampanye")
    with time_machine.travel(datetime(2029, 5, 15, 9, 0, tzinfo=JAKARTA), tick=False):
        items = [
            item_create(title="Materi Kampanye %d" % number, stage=campaign)
            for number in range(1, 6)
        ]
        item_create(title="Versi Basa Jawa", stage=campaign, version_of=items[0], language="jv")
        item_create(title="Materi Draf", stage=campaign, status=ItemStatus.DRAFT)
        item_create(title="Materi Tanpa Tahapan")
        published_article_create(
            title="Kampanye Dimulai", publish_at=datetime(2029, 5, 12, 10, tzinfo=JAKARTA)
        )
        page = stage_items(client.get(TIMELINE).text)["Kampanye"]

    # item_create publishes each a minute before the previous one: the first three are newest.
    titles = re.findall(r'<a href="/edukasi/([^/]+)/">', page)
    assert titles == ["materi-kampanye-1", "materi-kampanye-2", "materi-kampanye-3"]
    assert page.index("Materi edukasi") < page.index("Berita terkait")
    assert "Kampanye Dimulai" in page


def test_a_stage_shows_its_newest_three_articles_from_its_first_midnight_to_its_last(pilkada):
    pencalonan = pilkada.stages.get(name="Pencalonan")
    moments = [
        datetime(2029, 4, 30, 23, 59, tzinfo=JAKARTA),  # before the first day
        datetime(2029, 5, 1, 0, 0, tzinfo=JAKARTA),
        datetime(2029, 5, 2, 8, 0, tzinfo=JAKARTA),
        datetime(2029, 5, 19, 8, 0, tzinfo=JAKARTA),
        datetime(2029, 5, 20, 23, 59, tzinfo=JAKARTA),
        datetime(2029, 5, 21, 0, 0, tzinfo=JAKARTA),  # after the last day
    ]
    with time_machine.travel(datetime(2029, 6, 1, 9, 0, tzinfo=JAKARTA), tick=False):
        for number, moment in enumerate(moments):
            published_article_create(title="Berita Nomor %d" % number, publish_at=moment)
        stage_related_attach([pencalonan])

    [group] = pencalonan.related
    assert [link.title for link in group.links] == [
        "Berita Nomor 4",
        "Berita Nomor 3",
        "Berita Nomor 2",
    ]


def test_providers_are_asked_once_for_every_stage_and_bounded(pilkada, monkeypatch):
    asked = []

    def provider(stages, limit):
        asked.append([stage.name for stage in stages])
        return {
            stage.pk: [
                StageLink(title="Materi %d" % n, url="/m/%d/" % n, date=date(2029, 5, n))
                for n in range(1, 9)
            ]
            for stage in stages
        }

    monkeypatch.setitem(
        related._providers,
        "materials",
        related.StageRelated(name="materials", label="Materi", provider=provider, order=10),
    )
    stages = list(pilkada.stages.order_by("order"))
    with time_machine.travel(datetime(2029, 5, 15, 9, 0, tzinfo=JAKARTA), tick=False):
        stage_related_attach(stages)

    assert asked == [["Pencalonan", "Kampanye", "Pemungutan suara"]]
    # In the providers' order; each bounded to the limit whatever the provider returned.
    assert [group.label for group in stages[0].related] == ["Materi"]
    assert len(stages[0].related[0].links) == related.STAGE_RELATED_LIMIT


# --- Cost and cache --------------------------------------------------------------------------


def fill(elections: int, stages: int, articles: int, items: int = 0) -> None:
    for number in range(elections):
        election = election_with_stages(
            "Pemilihan %d-%d" % (elections, number),
            *[
                ("Tahap %d" % n, date(2029, 5, 1), date(2029, 5, 20 + n))
                for n in range(1, stages + 1)
            ],
        )
        for stage in election.stages.all():
            for item in range(items):
                item_create(title="Materi %d %s %d" % (stage.pk, election.name, item), stage=stage)
    for number in range(articles):
        published_article_create(
            title="Berita Tahapan %d-%d" % (articles, number),
            publish_at=datetime(2029, 5, 2, 8, number, tzinfo=JAKARTA),
        )


def timeline_queries(client) -> list[str]:
    assert client.get(TIMELINE).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TIMELINE).status_code == 200
    return [query["sql"] for query in queries]


# The elections, their stages, the education items, the news (each stage's article ids, then
# the articles).
TIMELINE_BUDGET = 5


def test_the_timeline_costs_the_same_with_few_and_many_stages_and_articles(client):
    with time_machine.travel(datetime(2029, 5, 10, 9, 0, tzinfo=JAKARTA), tick=False):
        fill(1, 2, 2, items=1)
        small = timeline_queries(client)
        fill(6, 8, 30, items=4)
        page = client.get(TIMELINE).text
        large = timeline_queries(client)

    assert len(small) == TIMELINE_BUDGET, small
    assert len(large) == TIMELINE_BUDGET, large
    assert page.count('aria-current="step"') == 1 * 2 + 6 * 8
    assert page.count("Berita Tahapan 30-") == (1 * 2 + 6 * 8) * related.STAGE_RELATED_LIMIT
    assert page.count('<a href="/edukasi/materi-') == 1 * 2 + 6 * 8 * related.STAGE_RELATED_LIMIT


def test_the_home_section_costs_one_query_with_few_and_many_running_stages(client):
    def home_queries() -> int:
        client.get(HOME)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
        return len(queries)

    with time_machine.travel(datetime(2029, 5, 10, 9, 0, tzinfo=JAKARTA), tick=False):
        nothing = home_queries()
        fill(1, 1, 0)
        few = home_queries()
        fill(6, 8, 0)
        many = home_queries()
        page = client.get(HOME).text

    # The region summary, the news section, the running stages and Forum Media's upcoming
    # events: a section or not, one query each.
    assert nothing == few == many == 4
    assert page.count('href="%s#tahapan-' % TIMELINE) == 1 + 6 * 8


def test_an_edit_in_the_admin_shows_on_the_cached_timeline_and_home_at_once(
    client, settings, pilkada, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    editor = staff_create("pemred", role=CHIEF_EDITOR)
    with time_machine.travel(datetime(2029, 5, 15, 9, 0, tzinfo=JAKARTA), tick=True):
        assert "PKPU Nomor 1 Tahun 2029" in client.get(TIMELINE).text
        client.get(HOME)
        stages = list(pilkada.stages.order_by("order"))
        form = {
            "name": pilkada.name,
            "kind": pilkada.kind,
            "voting_day": "2029-06-10",
            "is_open": "on",
            "is_current": "",
            "stages-TOTAL_FORMS": "3",
            "stages-INITIAL_FORMS": "3",
            "stages-MIN_NUM_FORMS": "0",
            "stages-MAX_NUM_FORMS": "1000",
        }
        for index, stage in enumerate(stages):
            form.update(
                {
                    "stages-%d-id" % index: str(stage.pk),
                    "stages-%d-election" % index: str(pilkada.pk),
                    "stages-%d-order" % index: str(stage.order),
                    "stages-%d-name" % index: stage.name,
                    "stages-%d-start_date" % index: stage.start_date.isoformat(),
                    "stages-%d-end_date" % index: stage.end_date.isoformat(),
                    "stages-%d-legal_basis" % index: stage.legal_basis,
                    "stages-%d-description" % index: "",
                    "stages-%d-watch_points" % index: stage.watch_points,
                    "stages-%d-report_hint" % index: stage.report_hint,
                }
            )
        form["stages-0-legal_basis"] = "PKPU Nomor 8 Tahun 2029"
        form["stages-1-name"] = "Kampanye Terbuka"
        editor_client = Client()
        editor_client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(
                reverse("admin:elections_election_change", args=[pilkada.pk]), form
            )
        assert response.status_code == 302, response.content[:3000]

        timeline = client.get(TIMELINE).text
        home = client.get(HOME).text
    assert "PKPU Nomor 8 Tahun 2029" in timeline
    assert "PKPU Nomor 1 Tahun 2029" not in timeline
    assert "Kampanye Terbuka" in home
