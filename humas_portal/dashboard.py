"""Staff dashboard panels, shown at the top of the admin index: each app registers its own in
its AppConfig.ready().

A panel's selector takes the request and returns its template's context (read as ``panel``),
or None when the panel has nothing to say to this user. A panel is shown only to users with
its permission; the selector is not even called for the others.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class DashboardPanel:
    name: str
    template: str
    selector: Callable[[HttpRequest], dict[str, Any] | None]
    # A permission string ("complaints.view_complaint"); None: every staff member.
    permission: str | None
    order: int


_panels: dict[str, DashboardPanel] = {}


def dashboard_panel_register(
    *,
    name: str,
    template: str,
    selector: Callable[[HttpRequest], dict[str, Any] | None],
    permission: str | None,
    order: int,
) -> None:
    """Add a panel; registering the same name twice replaces it."""
    _panels[name] = DashboardPanel(
        name=name, template=template, selector=selector, permission=permission, order=order
    )


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.name))


def dashboard_panels_context(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """The panels this user may see and that have something to show: template and context."""
    shown = []
    for panel in dashboard_panels():
        if panel.permission is not None and not request.user.has_perm(panel.permission):
            continue
        context = panel.selector(request)
        if context is not None:
            shown.append((panel.template, context))
    return shown
