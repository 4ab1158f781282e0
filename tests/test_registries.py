"""An app plugs into the portal from its AppConfig.ready() alone: tests/registry_app registers
a home section, URLs, a sitemap, a periodic task, a dashboard panel and a demo seeder, and is
seen everywhere, with no edit to humas_portal/."""

import importlib
import json
import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import modify_settings
from django.urls import clear_url_caches, resolve, reverse

from humas_portal import (
    app_urls,
    cache_invalidation,
    dashboard,
    demo_content,
    home,
    periodic,
    sitemaps,
)
from humas_portal.periodic import beat_schedule
from tests.conftest import ROOT
from tests.factories import staff_create
from tests.registry_app.demo import SEEDED_KEY
from tests.sitemap_reader import sitemap_entries

REGISTRIES = [
    app_urls._mounts,
    cache_invalidation._invalidations,
    dashboard._panels,
    demo_content._seeders,
    home._sections,
    periodic._tasks,
    sitemaps._sitemaps,
    sitemaps._pages,
]


def _urls_reload() -> None:
    # The root URL conf reads the mounts when it is imported: import it again, as a new
    # process would, and drop the resolvers built from the old one.
    importlib.reload(importlib.import_module("humas_portal.urls"))
    clear_url_caches()


@pytest.fixture
def registry_app():
    """tests.registry_app installed: every app's ready() runs again, the test app's too; the
    registries are put back as they were afterwards."""
    saved = [dict(registry) for registry in REGISTRIES]
    try:
        with modify_settings(INSTALLED_APPS={"append": "tests.registry_app"}):
            _urls_reload()
            yield
    finally:
        for registry, entries in zip(REGISTRIES, saved, strict=True):
            registry.clear()
            registry.update(entries)
        _urls_reload()


@pytest.mark.django_db
def test_the_home_page_shows_its_section_after_the_others(client, registry_app):
    page = client.get(reverse("home")).text

    assert "Salam dari aplikasi uji" in page
    assert page.index('class="cta"') < page.index('id="registry-app-section"')
    assert page.index('id="registry-app-section"') < page.index('class="about"')


@pytest.mark.django_db
def test_its_urls_are_mounted_under_its_prefix(client, registry_app):
    assert reverse("registry_app:page") == "/uji-registri/halaman/"
    assert resolve("/uji-registri/halaman/").view_name == "registry_app:page"
    assert client.get("/uji-registri/halaman/").text == "Halaman aplikasi uji"


@pytest.mark.django_db
def test_the_sitemap_lists_its_url(client, settings, registry_app):
    settings.PORTAL_BASE_URL = "https://jember.example.go.id"

    locations = list(sitemap_entries(client))

    assert locations[-1] == "https://jember.example.go.id/uji-registri/halaman/"
    assert locations[0] == "https://jember.example.go.id/"


def test_the_beat_schedule_holds_its_task(registry_app):
    entry = beat_schedule()["registry-app-tick"]

    assert entry == {"task": "registry_app.tick", "schedule": 30.0, "options": {"expires": 25}}


@pytest.mark.django_db
def test_the_admin_index_shows_its_panel_to_those_with_its_permission(client, registry_app):
    client.force_login(staff_create("admin", superuser=True))
    assert "Panel uji untuk admin" in client.get(reverse("admin:index")).text

    client.force_login(staff_create("tamu"))  # staff, without auth.view_user
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert "registry-app-panel" not in page.text


@pytest.mark.django_db
def test_seed_demo_runs_its_seeder_after_the_portals_own(settings, tmp_path, registry_app):
    settings.MEDIA_ROOT = tmp_path  # the demo covers are real files
    output = StringIO()

    call_command("seed_demo", stdout=output)

    assert cache.get(SEEDED_KEY) == 1
    ran = re.findall(r"^  (\S+)$", output.getvalue(), flags=re.MULTILINE)
    assert ran == [
        "office",
        "elections",
        "subscriptions",
        "press",
        "news",
        "forum_media_events",
        "education",
        "education_guide",
        "complaints",
        "ppid_register",
        "ppid_requests",
        "registry_app",
    ]


def test_beat_at_start_reads_every_registered_task(tmp_path):
    """What Celery beat does when it starts (celery.apps.beat.Beat.run: init_loader, then the
    scheduler reads app.conf.beat_schedule once), in a fresh process with the test app
    installed. Every entry the portal listed in its settings before the registry is here, the
    same."""
    script = """
import json
from celery.apps.beat import Beat
from celery.beat import Scheduler
from humas_portal.celery import app

Beat(app=app, quiet=True).init_loader()
entries = {}
for name, entry in Scheduler(app=app).schedule.items():
    every = getattr(entry.schedule, "run_every", None)
    when = (
        every.total_seconds() if every is not None
        else {"hour": sorted(entry.schedule.hour), "minute": sorted(entry.schedule.minute)}
    )
    entries[name] = [entry.task, when, entry.options]
print(json.dumps(entries))
"""
    env = {
        **{
            key: value
            for key, value in os.environ.items()
            if key not in ("WORKER_HEARTBEAT_INTERVAL", "COMPLAINT_DIGEST_HOUR")
        },
        "DJANGO_SETTINGS_MODULE": "tests.registry_settings",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    schedule = json.loads(result.stdout.strip().splitlines()[-1])
    day = 24 * 3600.0
    assert schedule == {
        "notifications-relay": ["notifications.relay", 60.0, {"expires": 55}],
        "notifications-purge": ["notifications.purge", day, {}],
        "notifications-bulk-relay": ["notifications.bulk_relay", 300.0, {"expires": 290}],
        "notifications-subscriptions-purge": ["notifications.subscriptions_purge", day, {}],
        "accounts-purge": ["accounts.purge", day, {}],
        "news-distribute-due": ["news.distribute_due", 60.0, {"expires": 55}],
        "education-distribute-due": ["education.distribute_due", 60.0, {"expires": 55}],
        "complaints-digest": ["complaints.digest_send", {"hour": [7], "minute": [0]}, {}],
        "complaints-retention": ["complaints.retention_run", {"hour": [2], "minute": [30]}, {}],
        "complaints-alerts": ["complaints.alerts_send", 60.0, {"expires": 55}],
        "worker-heartbeat": ["humas_portal.tasks.worker_heartbeat", 60.0, {"expires": 60}],
        "search-words-refresh": [
            "humas_portal.tasks.search_words_refresh",
            900.0,
            {"expires": 900.0},
        ],
        "media-forum-registrations-expire": [
            "media_forum.registrations_expire",
            3600.0,
            {"expires": 3500},
        ],
        "media-forum-event-reminders": [
            "media_forum.event_reminders_send",
            900.0,
            {"expires": 840},
        ],
        "media-forum-contacts-erase": ["media_forum.contacts_erase_due", day, {}],
        "ppid-requests-retention": [
            "ppid.requests_erase_due",
            {"hour": [2], "minute": [45]},
            {},
        ],
        "ppid-digest": ["ppid.digest_send", {"hour": [7], "minute": [10]}, {}],
        "registry-app-tick": ["registry_app.tick", 30.0, {"expires": 25}],
    }


def test_the_project_package_imports_no_domain_app():
    """The same search as `git grep -n "from news\\|from complaints\\|import news\\|import
    complaints" -- humas_portal/`, over the files."""
    forbidden = ("from news", "from complaints", "import news", "import complaints")
    found = [
        "%s:%d: %s" % (path.relative_to(ROOT), number, line.strip())
        for path in sorted((ROOT / "humas_portal").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if any(text in line for text in forbidden)
    ]
    assert found == []


def test_url_mounts_refuse_to_be_read_before_the_apps_are_ready(monkeypatch):
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setattr(apps, "ready", False)
    with pytest.raises(ImproperlyConfigured):
        app_urls.url_mounts()
