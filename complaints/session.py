"""Session flags: which complaint this browser may add to, for a while; and the receipt's code.

Filing a complaint, or tracking it with number and secret, lets the same browser add evidence
and information for COMPLAINT_SESSION_MINUTES without sending the secret again. The flag keeps
only the complaint's id and an expiry time.

The receipt shows the tracking secret for as long as the filing flag lasts (after uploads and
reloads), until the reporter says it is saved. Sessions live in the database, so the session
holds the secret only encrypted, under a random key made for this one filing that only the
reporter's browser keeps, in a cookie (``RECEIPT_KEY_COOKIE``: HttpOnly, SameSite=Strict,
limited to the complaint desk's paths). A copy of the session table alone, or the cookie
alone, reveals nothing.
"""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from humas_portal.crypto import DecryptionError, decrypt, encrypt, key_new

# What the flag was earned by; each page shows its own complaint (the receipt the one filed
# here, tracking the one last tracked), and the add-forms name which one they add to.
FILED = "filed"
TRACKED = "tracked"
PURPOSES = (FILED, TRACKED)

_KEY = "complaints_%s"
_CODE = "complaints_receipt_code"
RECEIPT_KEY_COOKIE = "pengaduan_kunci"


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
        if purpose == FILED:
            receipt_code_forget(request)
        return None
    return complaint_id


def complaint_flags_clear(request: HttpRequest) -> None:
    """Forget every complaint of this browser (the "done" button on a shared phone)."""
    for purpose in PURPOSES:
        request.session.pop(_KEY % purpose, None)
    receipt_code_forget(request)


def receipt_code_keep(
    request: HttpRequest, response: HttpResponse, *, complaint_id: int, secret: str
) -> None:
    """Keep ``secret`` for the receipt of this browser: encrypted in the session, its key in
    the cookie that ``response`` sets. Call after ``complaint_flag_set`` (which gives the
    session a new key)."""
    key = key_new()
    request.session[_CODE] = {"id": complaint_id, "code": encrypt(plaintext=secret, key=key)}
    response.set_cookie(
        RECEIPT_KEY_COOKIE,
        key,
        max_age=settings.COMPLAINT_SESSION_MINUTES * 60,
        path=reverse("complaints:index"),
        # Secure whenever the session cookie is: over https in production (tests run on http).
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Strict",
    )


def receipt_code_get(request: HttpRequest, *, complaint_id: int) -> str | None:
    """The secret kept for this complaint's receipt, or None: never kept, said to be saved,
    or the cookie is missing or not the one that encrypted it (another browser)."""
    kept, key = request.session.get(_CODE), request.COOKIES.get(RECEIPT_KEY_COOKIE)
    if not isinstance(kept, dict) or kept.get("id") != complaint_id or not key:
        return None
    try:
        return decrypt(token=str(kept.get("code", "")), key=key)
    except DecryptionError:
        return None


def receipt_code_forget(request: HttpRequest) -> None:
    request.session.pop(_CODE, None)


def receipt_key_cookie_delete(response: HttpResponse) -> None:
    response.delete_cookie(RECEIPT_KEY_COOKIE, path=reverse("complaints:index"), samesite="Strict")
