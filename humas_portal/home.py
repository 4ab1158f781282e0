"""The home page's sections: each app registers its own in its AppConfig.ready().

A section is a template and a selector: the selector takes no argument (the home page is the
same for every visitor) and returns the template's context, which the template reads as
``section``. The selector declares its joins, as every selector does: the home page's query
count is pinned by a test.

The order puts what a visitor comes to do before what they may read (a phone shows the first
section without scrolling, tests/browser/test_home_phone.py): the tasks below 10 (the
complaint desk's call to action, 5), the latest news at 10, then education and events (20 and
later).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HomeSection:
    name: str
    template: str
    selector: Callable[[], dict[str, Any]]
    order: int


_sections: dict[str, HomeSection] = {}


def home_section_register(
    *, name: str, template: str, selector: Callable[[], dict[str, Any]], order: int
) -> None:
    """Add a section to the home page; registering the same name twice replaces it."""
    _sections[name] = HomeSection(name=name, template=template, selector=selector, order=order)


def home_sections() -> list[HomeSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def home_sections_context() -> list[tuple[str, dict[str, Any]]]:
    """Each section's template with its context, in order."""
    return [(section.template, section.selector()) for section in home_sections()]
