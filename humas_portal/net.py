"""The client's address, believing only the proxies we run."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """Return the address of the client as seen by the outermost trusted proxy.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For,
    so with N trusted proxies the client is the N-th entry from the right of X-Forwarded-For
    (the (N+1)-th of ``X-Forwarded-For + [REMOTE_ADDR]``). Anything further left was written
    by the client and may be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return _valid_ip(remote) or remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    chain = [*forwarded, remote]
    candidate = chain[-(proxies + 1)] if len(chain) > proxies else chain[0]
    return _valid_ip(candidate) or _valid_ip(remote) or remote
