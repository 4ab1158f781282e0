import pytest
from django.test import RequestFactory

from humas_portal.net import client_ip


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy trusted: whatever the client writes in X-Forwarded-For is ignored.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # One proxy (nginx): it appended the real client; anything left of it is forged.
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # Two proxies (load balancer + nginx).
        (2, "10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        # Fewer entries than proxies: the request did not pass all of them; take the furthest.
        (2, "10.0.0.3", "198.51.100.1", "198.51.100.1"),
        (1, "203.0.113.7", None, "203.0.113.7"),
        # Garbage in the header falls back to the peer address.
        (1, "10.0.0.2", "not-an-ip", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_believes_only_trusted_proxies(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_from(remote, forwarded)) == expected


def test_forged_forwarded_for_from_an_untrusted_peer_changes_nothing(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    honest = client_ip(request_from("10.0.0.2", "198.51.100.1"))
    forged = client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.1"))
    assert honest == forged == "198.51.100.1"
