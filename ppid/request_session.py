"""Which request this browser has opened by tracking, for a while.

Tracking with number and secret (or submitting) lets the same browser see the request, download
the answer's document, withdraw the request or object to its decision for
PPID_SESSION_MINUTES without sending the secret again. The session keeps only the request's id
and an expiry time, never the secret.
"""

import time

from django.conf import settings
from django.http import HttpRequest

_KEY = "ppid_request"


def request_flag_set(request: HttpRequest, *, request_id: int) -> None:
    # A new session key, as at a login: a session id planted beforehand (fixation) must not
    # gain access to the request.
    request.session.cycle_key()
    request.session[_KEY] = {
        "id": request_id,
        "until": time.time() + settings.PPID_SESSION_MINUTES * 60,
    }


def request_flag_get(request: HttpRequest) -> int | None:
    """The request id this browser may see, or None (none, or expired)."""
    flag = request.session.get(_KEY)
    if not isinstance(flag, dict):
        return None
    request_id, until = flag.get("id"), flag.get("until")
    if not isinstance(request_id, int) or not isinstance(until, (int, float)):
        return None
    if until <= time.time():
        del request.session[_KEY]
        return None
    return request_id


def request_flag_clear(request: HttpRequest) -> None:
    request.session.pop(_KEY, None)
