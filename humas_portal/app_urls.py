"""Where each app's URLs live: each app registers its URL conf in its AppConfig.ready(), and
humas_portal/urls.py mounts them all.

The root URL conf is imported at the first request or reverse(), after every app is ready, so
the registry is complete by then; reading it earlier is a bug, and url_mounts() says so.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class UrlMount:
    # Path prefix without a leading slash, ending in one ("pengaduan/"), or "" for the root.
    prefix: str
    # Dotted path of the URL conf module; its app_name gives the namespace.
    urlconf: str
    # An instance namespace, only when one URL conf is mounted twice.
    namespace: str | None
    order: int


_mounts: dict[str, UrlMount] = {}


def url_mount_register(
    *, prefix: str, urlconf: str, order: int, namespace: str | None = None
) -> None:
    """Mount a URL conf under prefix; registering the same urlconf twice replaces it."""
    if prefix.startswith("/") or (prefix and not prefix.endswith("/")):
        raise ValueError("URL prefix %r: no leading slash, and a trailing one" % prefix)
    _mounts[urlconf] = UrlMount(prefix=prefix, urlconf=urlconf, namespace=namespace, order=order)


def url_mounts() -> list[UrlMount]:
    if not apps.ready:
        raise ImproperlyConfigured("URL mounts were read before every app's ready() ran.")
    return sorted(_mounts.values(), key=lambda mount: (mount.order, mount.urlconf))
