"""Valid HTML after real use (issue #12, item 11): every public page, after an article is
published through the admin and a complaint moved a stage (tests/site_tour.py), passes the Nu
HTML checker; machine-readable times carry whole seconds (the HTML spec allows at most three
fractional digits, and a crawler reading JSON-LD or Open Graph needs none)."""

import re
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from humas_portal.templatetags.portal import iso_seconds
from tests.html_checker import vnu_errors, vnu_missing
from tests.site_tour import site_tour

# A datetime attribute, an Open Graph time or a JSON-LD date with a fraction of a second.
FRACTIONAL_TIME = re.compile(
    r'(?:datetime="|_time" content="|"date\w*": ")[^"]*\d\d:\d\d:\d\d\.\d+[^"]*"'
)


@pytest.fixture
def pages(db, settings, tmp_path):
    with site_tour(settings=settings, tmp_path=tmp_path) as tour:
        yield tour.pages


@pytest.mark.time_limit(600)
def test_every_public_page_is_valid_html_after_publishing_and_a_stage_move(pages, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in pages:
        (folder / ("%s.html" % page.name)).write_bytes(page.body)

    fractional = [
        "%s: %s" % (page.name, match.group(0))
        for page in pages
        for match in FRACTIONAL_TIME.finditer(page.body.decode())
    ]
    assert fractional == [], "times with a fraction of a second:\n" + "\n".join(fractional)

    reason = vnu_missing()
    if reason:
        pytest.skip(reason)
    errors = vnu_errors(folder)
    if errors:
        pytest.fail(
            "the Nu HTML checker found %d error(s) in %s:\n%s"
            % (len(errors), folder, "\n".join(errors)),
            pytrace=False,
        )


def test_iso_seconds_drops_the_fraction_and_keeps_the_office_offset(settings):
    moment = datetime(2026, 11, 30, 12, 15, 13, 963341, tzinfo=UTC)
    with timezone.override("Asia/Jakarta"):
        assert iso_seconds(moment) == "2026-11-30T19:15:13+07:00"
        rendered = Template(
            '{% load portal %}<time datetime="{{ moment|iso_seconds }}">x</time>'
        ).render(Context({"moment": moment}))
    assert rendered == '<time datetime="2026-11-30T19:15:13+07:00">x</time>'
    # A date stays a date; nothing stays nothing.
    assert iso_seconds(date(2026, 11, 30)) == "2026-11-30"
    assert iso_seconds(None) == ""
    # Language does not change a machine-readable time.
    with translation.override("en"), timezone.override("Asia/Jakarta"):
        assert iso_seconds(moment) == "2026-11-30T19:15:13+07:00"
