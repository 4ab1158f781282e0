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


def client_key(request: HttpRequest) -> str:
    """The client's address as a rate-limit key: an IPv6 address reduced to its /64 network.

    One household, phone or server is routinely given a whole IPv6 /64, so keying limits on the
    exact address would hand one client 2^64 keys. An IPv4-mapped IPv6 address (``::ffff:a.b.c.d``,
    from a dual-stack socket) counts as the IPv4 address it carries. Anything that is not an
    address (a misconfigured proxy) is used as it is.
    """
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.IPv6Network((parsed, 64), strict=False))
