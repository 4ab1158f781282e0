"""Which ffmpeg cleans complaint videos: ``FFMPEG_BINARY``, then the system's ffmpeg on PATH,
then the binary in the imageio-ffmpeg wheel; and what is said when there is none.

The binaries found are run for real (``-version``): the system ffmpeg is installed where the
tests run, and imageio-ffmpeg is a dependency of the project.
"""

import shutil
import subprocess

import pytest
from django.core.checks import run_checks

from humas_portal.uploads import ffmpeg_binary

SYSTEM_FFMPEG = shutil.which("ffmpeg")
needs_system_ffmpeg = pytest.mark.skipif(
    SYSTEM_FFMPEG is None, reason="needs the system ffmpeg (apt-get install ffmpeg)"
)


def wheel_binary() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def runs(binary: str) -> bool:
    completed = subprocess.run(
        [binary, "-hide_banner", "-version"], capture_output=True, timeout=30, check=False
    )
    return completed.returncode == 0 and completed.stdout.startswith(b"ffmpeg version")


@pytest.fixture
def path_folder(monkeypatch, tmp_path):
    """PATH is one empty folder of the test's own: no ffmpeg, no ffprobe on it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


@needs_system_ffmpeg
def test_the_setting_comes_first_even_with_ffmpeg_on_path(settings):
    settings.FFMPEG_BINARY = wheel_binary()
    assert shutil.which("ffmpeg") == SYSTEM_FFMPEG
    assert ffmpeg_binary() == wheel_binary()
    assert runs(ffmpeg_binary())


@needs_system_ffmpeg
def test_a_setting_naming_no_binary_gets_none_not_a_substitute(settings):
    settings.FFMPEG_BINARY = "ffmpeg-yang-tidak-ada"
    assert shutil.which("ffmpeg") == SYSTEM_FFMPEG
    assert ffmpeg_binary() is None


@needs_system_ffmpeg
def test_the_system_ffmpeg_on_path_comes_next(settings, path_folder):
    settings.FFMPEG_BINARY = ""
    (path_folder / "ffmpeg").symlink_to(SYSTEM_FFMPEG)
    assert ffmpeg_binary() == str(path_folder / "ffmpeg")
    assert runs(ffmpeg_binary())


def test_the_wheel_binary_comes_last_and_runs_without_ffprobe(settings, path_folder):
    settings.FFMPEG_BINARY = ""
    found = ffmpeg_binary()
    assert found == wheel_binary()
    assert "imageio_ffmpeg" in found
    assert runs(found)
    assert shutil.which("ffprobe") is None


@pytest.mark.usefixtures("no_ffmpeg")
def test_none_when_there_is_no_ffmpeg_at_all():
    assert ffmpeg_binary() is None


@pytest.mark.usefixtures("no_ffmpeg")
def test_check_deploy_warns_when_there_is_no_ffmpeg():
    warnings = run_checks(include_deployment_checks=True)
    [missing] = [warning for warning in warnings if warning.id == "uploads.W001"]
    assert "No ffmpeg found" in missing.msg
    assert "FFMPEG_BINARY" in missing.hint


def test_check_deploy_is_quiet_with_ffmpeg(settings):
    settings.FFMPEG_BINARY = ""
    assert ffmpeg_binary() is not None
    warnings = run_checks(include_deployment_checks=True)
    assert "uploads.W001" not in [warning.id for warning in warnings]
