"""The test kit every app uses: routes read from the URLconf, an access matrix generated
from them, and query budgets.

    from portalas.testing import routes, query_budget

    for route in routes():                 # every named route of every app
        ...
    with query_budget(12):                 # fails when the block runs more queries
        client.get(url)

The access matrix (``tests/test_access_matrix.py``) walks ``routes()``: every route whose
path has an object id or code must say how to make such an object (a factory for its
model, or a target for the route) or be exempted by name with a reason; the outsider
persona must then get a 404 for each state of the object that hides it from them.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str              # "app:url_name"
    pattern: str           # the path with its converters, "bibliotekos/<int:pk>/"
    params: tuple          # the path's parameter names
    callback: object

    @property
    def app(self) -> str:
        return self.name.split(":")[0]

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)

    @property
    def model(self):
        view = self.view_class
        return getattr(view, "model", None) if view else None

    @property
    def has_object(self) -> bool:
        return bool(self.params)


def routes(namespaces=None) -> list[Route]:
    """Every named route of the URLconf (in the given namespaces, or all but Django's
    admin)."""
    found = []

    def walk(patterns, prefix: str, path: str):
        for pattern in patterns:
            text = path + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace or ""
                if namespace == "admin":
                    continue
                walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix,
                     text)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{prefix}{pattern.name}"
                params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", text))
                found.append(Route(name, text, params, pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    if namespaces is not None:
        found = [r for r in found if r.app in namespaces]
    return sorted(found, key=lambda r: r.name)


class QueryBudgetExceeded(AssertionError):
    pass


@contextmanager
def query_budget(ceiling: int, label: str = ""):
    """Fail when the block runs more than ``ceiling`` database queries (the queries are
    listed, so an N+1 shows itself)."""
    with CaptureQueriesContext(connection) as context:
        yield context
    count = len(context.captured_queries)
    if count > ceiling:
        shown = "\n".join(f"  {q['sql'][:160]}" for q in context.captured_queries[:60])
        raise QueryBudgetExceeded(f"{label or 'block'}: {count} queries, budget {ceiling}\n"
                                  f"{shown}")


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


# --- the access matrix ------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One object state for a route: the path's parameters (and a query string, for a view
    that names its field in it) and what the outsider gets."""

    kwargs: dict
    outsider: int = 404          # 404: hidden from them; 200: e.g. published to everyone
    note: str = ""
    query: dict = field(default_factory=dict)

    def url(self, route: "Route") -> str:
        from urllib.parse import urlencode

        from django.urls import reverse

        path = reverse(route.name, kwargs=self.kwargs)
        return f"{path}?{urlencode(self.query)}" if self.query else path


def path_kwargs(route: Route, obj) -> dict:
    """The route's parameters taken from an object: ``pk`` → its id, ``code`` → its code,
    any other name → the attribute of that name."""
    kwargs = {}
    for name in route.params:
        kwargs[name] = obj.pk if name in {"pk", "id"} else getattr(obj, name)
    return kwargs


def cases_for(route: Route, *, factories: dict, targets: dict, exempt: dict) -> list[Case]:
    """How to request ``route`` with an object: the route's own target, or a factory for
    the kit view's model. A route with an object in its path and neither is an error — so a
    new view cannot slip past the matrix."""
    if route.name in exempt or not route.has_object:
        return []
    if route.name in targets:
        return list(targets[route.name]())
    model = route.model
    if model is not None and model._meta.label_lower in factories:
        return [Case(path_kwargs(route, obj), expected, note)
                for obj, expected, note in factories[model._meta.label_lower]()]
    raise LookupError(f"{route.name} ({route.pattern}) has an object in its path: give its "
                      "model a factory, the route a target, or exempt it with a reason.")


def request_both(client, url: str) -> list:
    """GET and POST (an empty form) of ``url``; the statuses, 405 where a method is not
    allowed."""
    return [client.get(url).status_code, client.post(url, {}).status_code]
