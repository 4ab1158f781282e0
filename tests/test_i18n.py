"""The English catalogue is complete, not fuzzy, and its compiled .mo is up to date."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import ROOT

CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip("needs GNU gettext (%s); apt-get install gettext" % name)
    return path


def entries(po: Path, *flags: str) -> str:
    result = subprocess.run(
        [gettext_tool("msgattrib"), *flags, "--no-obsolete", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


# What makemessages reads: the code and templates, nothing that holds no user-facing text.
SOURCES = ("humas_portal", "news", "complaints", "education", "media_forum", "templates")


@pytest.fixture
def fresh_catalogue(tmp_path, monkeypatch) -> Path:
    """The committed catalogue merged with every string in the code as it is now.

    makemessages writes into any ``locale`` folder beside the files it reads, whatever
    LOCALE_PATHS says, so it runs in a folder of links to the sources that has no ``locale``:
    the checkout's own catalogue is never touched.
    """
    gettext_tool("xgettext")
    target = tmp_path / "catalogue" / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(CATALOGUE, target / "django.po")
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in SOURCES:
        (sources / name).symlink_to(ROOT / name)
    monkeypatch.chdir(sources)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [tmp_path / "catalogue"])
    call_command("makemessages", locale=["en"], symlinks=True, no_obsolete=True, verbosity=0)
    return target / "django.po"


def test_every_string_has_an_english_translation(fresh_catalogue):
    assert entries(fresh_catalogue, "--untranslated") == "", "missing English entries"


def test_no_english_entry_is_fuzzy(fresh_catalogue):
    assert entries(fresh_catalogue, "--only-fuzzy") == "", "fuzzy English entries"


def test_compiled_catalogue_matches_the_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(
        [gettext_tool("msgfmt"), "--check", "-o", str(compiled), str(CATALOGUE)], check=True
    )
    assert compiled.read_bytes() == COMPILED.read_bytes(), "run: manage.py compilemessages"
