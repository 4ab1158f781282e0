"""Issue 13 item 8: an IPv6 client is limited by its /64 network, not by each of its 2^64
addresses; IPv4 stays per address and an IPv4-mapped IPv6 address counts as its IPv4."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from humas_portal.net import client_ip, client_key
from humas_portal.notifications.views import SUBSCRIBE_LIMIT

URL = reverse("subscriptions:subscribe")


def request_from(remote: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote)


@pytest.mark.parametrize(
    ("remote", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("::1", "::/64"),
    ],
)
def test_client_key_reduces_ipv6_to_its_64(remote, key):
    assert client_key(request_from(remote)) == key


def test_client_ip_keeps_the_exact_address():
    # The login log and django-axes record the address itself.
    assert client_ip(request_from("2001:db8:1:2::1")) == "2001:db8:1:2::1"


def post_empty(client: Client, remote: str):
    """A POST the form refuses (no e-mail): it only counts against the limit."""
    return client.post(URL, {}, REMOTE_ADDR=remote)


@pytest.mark.django_db
def test_two_addresses_in_one_64_share_a_limit(client):
    for attempt in range(SUBSCRIBE_LIMIT):
        remote = "2001:db8:1:2::%x" % (attempt + 1)
        assert post_empty(client, remote).status_code == 200

    refused = post_empty(client, "2001:db8:1:2:ffff:ffff:ffff:fffe")
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers


@pytest.mark.django_db
def test_different_64s_do_not_share_a_limit(client):
    for _attempt in range(SUBSCRIBE_LIMIT):
        assert post_empty(client, "2001:db8:1:2::1").status_code == 200
    assert post_empty(client, "2001:db8:1:2::2").status_code == 429

    assert post_empty(client, "2001:db8:1:3::1").status_code == 200


@pytest.mark.django_db
def test_an_ipv4_mapped_address_shares_the_ipv4_limit(client):
    for _attempt in range(SUBSCRIBE_LIMIT):
        assert post_empty(client, "203.0.113.7").status_code == 200
    assert post_empty(client, "::ffff:203.0.113.7").status_code == 429
    assert post_empty(client, "203.0.113.8").status_code == 200
