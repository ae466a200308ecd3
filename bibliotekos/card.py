"""Sections other apps add to the library card. Declared in their ``panels.py``:

    @library_panel(template="mokymai/_library_trainings.html", order=40)
    def trainings(request, library):
        return {"events": ...}    # or None to leave the section out
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LibraryPanel:
    template: str
    order: int
    context: Callable


_panels: list[LibraryPanel] = []


def library_panel(*, template: str, order: int = 100):
    def register(function: Callable) -> Callable:
        if all(p.template != template for p in _panels):
            _panels.append(LibraryPanel(template, order, function))
        return function

    return register


def panels_for_library(request, library) -> list[dict]:
    shown = []
    for panel in sorted(_panels, key=lambda p: p.order):
        context = panel.context(request, library)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
