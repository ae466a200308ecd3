"""Home-page panels. Apps declare them in ``panels.py``:

    @home_panel(roles={Role.STAFF}, template="bibliotekos/_home_staff.html", order=20)
    def registry_attention(request):
        return {"libraries_without_email": ...}   # or None to hide the panel
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomePanel:
    roles: frozenset
    template: str
    order: int
    context: Callable


_panels: list[HomePanel] = []


def home_panel(*, roles, template: str, order: int = 100):
    def register(function: Callable) -> Callable:
        panel = HomePanel(frozenset(roles), template, order, function)
        if all(p.template != template for p in _panels):
            _panels.append(panel)
        return function

    return register


def panels_for(request) -> list[dict]:
    shown = []
    for panel in sorted(_panels, key=lambda p: p.order):
        if request.user.role not in panel.roles:
            continue
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
