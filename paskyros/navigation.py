"""The main menu, grouped by the department's functions.

Apps declare their entries in ``panels.py`` with ``nav_item(...)``; a group appears only
when it has an entry the user may open, so the menu shows only sections that exist.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The charter's functions (SEED.md), in its order.
GROUPS = {
    "territory": _("Territory"),
    "planning": _("Planning and data"),
    "projects": _("Projects"),
    "training": _("Training and methodology"),
    "analysis": _("Research and analysis"),
    "publicity": _("Publicity and cooperation"),
    "general": _("Documents"),
    "admin": _("Administration"),
}


@dataclass(frozen=True)
class NavItem:
    group: str
    label: str
    url_name: str
    icon: str = "circle"
    order: int = 100
    allowed: Callable = field(default=lambda user: True)


_items: list[NavItem] = []


def nav_item(*, group: str, label, url_name: str, icon: str = "circle", order: int = 100,
             allowed: Callable = lambda user: True) -> None:
    if group not in GROUPS:
        raise ValueError(f"Unknown navigation group {group!r}")
    item = NavItem(group, label, url_name, icon, order, allowed)
    if item not in _items:
        _items.append(item)


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    path = request.path
    groups = []
    for key, label in GROUPS.items():
        entries = []
        for item in sorted((i for i in _items if i.group == key), key=lambda i: i.order):
            if not item.allowed(user):
                continue
            url = reverse(item.url_name)
            entries.append({"label": item.label, "url": url, "icon": item.icon,
                            "active": path.startswith(url)})
        if entries:
            groups.append({"key": key, "label": label, "items": entries,
                           "active": any(e["active"] for e in entries)})
    return groups
