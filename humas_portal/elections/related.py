"""What other apps relate to election stages (news published during a stage), without the
elections app or the timeline importing them: each app registers a provider in its
AppConfig.ready().

A provider takes the stages a page shows and a limit, and returns, per stage id, at most
``limit`` links, newest first, in a fixed number of queries however many stages it is given
(the timeline's query count is pinned). The pages that show stages register themselves too
(``stage_pages_register``): a provider's app renews them when what it provides changes, and the
elections app when a stage or an election does.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.functional import Promise

from humas_portal.elections.models import ElectionStage

# Links per stage and provider: a timeline of twenty stages stays a page, not an archive.
STAGE_RELATED_LIMIT = 3


@dataclass(frozen=True)
class StageLink:
    title: str
    url: str
    date: date | datetime


StageProvider = Callable[[Sequence[ElectionStage], int], dict[int, list[StageLink]]]


@dataclass(frozen=True)
class StageRelated:
    name: str
    # The heading the links are shown under ("Berita terkait").
    label: str | Promise
    provider: StageProvider
    order: int


@dataclass(frozen=True)
class StageLinks:
    label: str | Promise
    links: list[StageLink]


_providers: dict[str, StageRelated] = {}
_pages: list[Callable[[], Iterable[str]]] = []


def stage_related_register(
    *, name: str, label: str | Promise, provider: StageProvider, order: int
) -> None:
    """Add a provider of links related to stages; registering the same name twice replaces it."""
    _providers[name] = StageRelated(name=name, label=label, provider=provider, order=order)


def stage_related_attach(
    stages: Sequence[ElectionStage], *, limit: int = STAGE_RELATED_LIMIT
) -> None:
    """Give each stage ``related``: a StageLinks per provider that has links for it, in the
    providers' order. Each provider is asked once, for every stage at once."""
    groups: dict[int, list[StageLinks]] = {stage.pk: [] for stage in stages}
    if stages:
        for related in sorted(_providers.values(), key=lambda entry: (entry.order, entry.name)):
            found = related.provider(stages, limit)
            for stage in stages:
                links = found.get(stage.pk, [])[:limit]
                if links:
                    groups[stage.pk].append(StageLinks(label=related.label, links=links))
    for stage in stages:
        stage.related = groups[stage.pk]


def stage_pages_register(pages: Callable[[], Iterable[str]]) -> None:
    """Register a function returning the paths of public pages that show stages."""
    if pages not in _pages:
        _pages.append(pages)


def stage_pages() -> list[str]:
    """The paths of every public page that shows stages (for cache invalidation)."""
    return sorted({path for pages in _pages for path in pages()})
