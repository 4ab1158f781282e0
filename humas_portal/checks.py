"""Deployment checks of the project package (run by ``manage.py check --deploy``)."""

from django.core.checks import Tags, Warning, register

FFMPEG_MISSING = (
    "No ffmpeg found (FFMPEG_BINARY, ffmpeg on PATH, imageio-ffmpeg): the complaint desk does "
    "not offer or accept videos."
)
FFMPEG_HINT = (
    "Install the system's ffmpeg, or reinstall the project's dependencies (imageio-ffmpeg), or "
    "set FFMPEG_BINARY to an ffmpeg binary."
)


# A deployment check, not a plain one: `make run` runs five commands that would each repeat
# it; run_portal says it once instead.
@register(Tags.compatibility, deploy=True)
def ffmpeg_check(app_configs, **kwargs) -> list[Warning]:
    # Imported here: every command loads this module, few of them need Pillow.
    from humas_portal.uploads import video_evidence_accepted

    if video_evidence_accepted():
        return []
    return [Warning(FFMPEG_MISSING, hint=FFMPEG_HINT, id="uploads.W001")]
