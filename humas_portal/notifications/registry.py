"""What can be sent, and what can be subscribed to. Apps register their own in ready()."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


# Builds a message's attachments at send time from the id of the object it is about and the
# reader's language; an empty list when the object is gone.
AttachmentBuilder = Callable[..., list[Attachment]]


@dataclass(frozen=True)
class MessageKind:
    name: str
    # Template prefix: <template>.subject.txt, <template>.txt and <template>.html.
    template: str
    # Sensitive: the body (a tracking secret, say) is wiped once sent or dead, never shown in
    # the admin, and the recipient is shown only with notifications.view_sensitive_recipient.
    sensitive: bool = False
    attachments: AttachmentBuilder | None = None


@dataclass(frozen=True)
class Topic:
    slug: str
    label: Promise | str
    order: int


_kinds: dict[str, MessageKind] = {}
_topics: dict[str, Topic] = {}


def kind_register(
    *,
    name: str,
    template: str,
    sensitive: bool = False,
    attachments: AttachmentBuilder | None = None,
) -> None:
    """``attachments(object_id=, language=)`` is called when each message is sent; messages
    of such a kind are enqueued with ``about`` (the object whose id it is given)."""
    _kinds[name] = MessageKind(
        name=name, template=template, sensitive=sensitive, attachments=attachments
    )


def kind_get(name: str) -> MessageKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(
            "Unknown message kind %r; register it in an AppConfig.ready()" % name
        ) from None


def topic_register(*, slug: str, label: Promise | str, order: int) -> None:
    _topics[slug] = Topic(slug=slug, label=label, order=order)


def topics_all() -> list[Topic]:
    return sorted(_topics.values(), key=lambda topic: (topic.order, topic.slug))
