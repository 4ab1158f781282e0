"""Session flags: which complaint this browser may add to, for a while.

Filing a complaint, or tracking it with number and secret, lets the same browser add evidence
and information for COMPLAINT_SESSION_MINUTES without sending the secret again. The session
keeps only the complaint's id and an expiry time: never the secret, nothing a reader of the
session table could use elsewhere.
"""

import time

from django.conf import settings
from django.http import HttpRequest

# What the flag was earned by; each page shows its own complaint (the receipt the one filed
# here, tracking the one last tracked), and the add-forms name which one they add to.
FILED = "filed"
TRACKED = "tracked"
PURPOSES = (FILED, TRACKED)

_KEY = "complaints_%s"


def complaint_flag_set(request: HttpRequest, *, purpose: str, complaint_id: int) -> None:
    """Let this browser add to the complaint for the next COMPLAINT_SESSION_MINUTES."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    until = time.time() + settings.COMPLAINT_SESSION_MINUTES * 60
    # A new session key, as at a login: a session id planted in this browser beforehand
    # (fixation) must not gain access to the complaint.
    request.session.cycle_key()
    request.session[_KEY % purpose] = {"id": complaint_id, "until": until}


def complaint_flag_get(request: HttpRequest, *, purpose: str) -> int | None:
    """The complaint id the flag allows, or None when there is none or it has expired."""
    if purpose not in PURPOSES:
        return None
    flag = request.session.get(_KEY % purpose)
    if not isinstance(flag, dict):
        return None
    complaint_id, until = flag.get("id"), flag.get("until")
    if not isinstance(complaint_id, int) or not isinstance(until, (int, float)):
        return None
    if until <= time.time():
        del request.session[_KEY % purpose]
        return None
    return complaint_id


def complaint_flags_clear(request: HttpRequest) -> None:
    """Forget every complaint of this browser (the "done" button on a shared phone)."""
    for purpose in PURPOSES:
        request.session.pop(_KEY % purpose, None)
