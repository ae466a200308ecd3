"""The small scoped view kit: plain Django class-based views whose queryset always starts
from ``Model.objects.visible_to(user)``, so an object outside the user's scope is a 404
and a forgotten scope check cannot happen by omission.

- ``ScopedListView``: django-filter, sorting (text in Lithuanian order), pagination, an
  htmx partial for the results, and an export of the filtered list (``?export=xlsx|csv``);
- ``ScopedDetailView``: the object with the sections other apps register for its model;
- ``ScopedCreateView`` / ``ScopedUpdateView``: forms whose choices are limited to the
  user's scope (``portalas.forms.ScopedFormMixin``);
- ``ScopedHistoryView``: who changed what and when (django-simple-history).

A view declares ``allowed`` (a role check, 403) besides the row scope (404); an object
view checks scope first, so another library's object is a 404 even for a role that could
not edit it anyway.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import F
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from portalas.ordering import lt_order, sorted_lt
from portalas.registry import object_panels_for


def _anyone(user) -> bool:
    return True


@dataclass(frozen=True)
class Column:
    """A column of a list: ``name`` is an attribute path (``library.name``) or a callable
    name on the object; ``sort`` the field to sort by (``text`` sorts Lithuanian);
    ``template`` renders a rich cell (it gets ``object``); ``link`` links to the object."""

    name: str
    label: object
    sort: str = ""
    text: bool = True
    numeric: bool = False
    link: bool = False
    template: str = ""
    export: bool = True

    def value(self, obj):
        value = obj
        for part in self.name.split("."):
            if value is None:
                return None
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part, None)
            if callable(value):
                value = value()
        return value


class ScopedMixin(LoginRequiredMixin):
    """Rows from ``model.objects.visible_to(user)``; ``allowed(user)`` for the role."""

    model = None
    allowed: Callable = staticmethod(_anyone)

    def scoped_queryset(self):
        manager = self.model._default_manager
        if not hasattr(manager, "visible_to"):
            raise ImproperlyConfigured(f"{self.model.__name__} has no visible_to(): a kit view "
                                       "only shows what its user may see.")
        return self.refine(manager.visible_to(self.request.user))

    def refine(self, queryset):
        """Joins and annotations a page needs (never a scope change)."""
        return queryset

    def get_queryset(self):
        return self.scoped_queryset()

    def check_role(self) -> None:
        if not type(self).allowed(self.request.user):
            raise PermissionDenied


class ScopedListView(ScopedMixin, generic.ListView):
    filterset_class = None
    columns: list[Column] = []
    default_sort = ""
    paginate_by = 50
    template_name = "portalas/list.html"
    results_template = "portalas/_list_results.html"
    title = ""
    description = ""
    empty_text = gettext_lazy("Nothing matches the filter.")
    export_name = ""           # the file's name stem; empty: no export
    actions_template = ""      # buttons beside the title (create, import, other exports)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_role()
        return super().dispatch(request, *args, **kwargs)

    def sort_key(self) -> str:
        keys = {c.sort for c in self.columns if c.sort}
        wanted = self.request.GET.get("sort", "")
        return wanted if wanted.lstrip("-") in keys else self.default_sort

    def order(self, queryset):
        key = self.sort_key()
        if not key:
            return queryset
        name = key.lstrip("-")
        column = next((c for c in self.columns if c.sort == name), None)
        descending = key.startswith("-")
        if column is not None and column.text:
            first = lt_order(name, descending=descending)
        else:
            first = F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        return queryset.order_by(first, "pk")

    def get_queryset(self):
        queryset = self.scoped_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None,
                                                  queryset=queryset, request=self.request)
            queryset = self.filterset.qs
        return self.order(queryset)

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export", "")
        if export and self.export_name:
            if export not in {"csv", "xlsx"}:
                from django.http import Http404

                raise Http404
            return self.export(export)
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str) -> HttpResponse:
        """The filtered, sorted list — every page — as a table (text cells neutralised)."""
        from portalas.tables import write_csv, write_xlsx

        columns = [c for c in self.columns if c.export]
        header = [str(c.label) for c in columns]
        rows = ([_exported(c.value(obj)) for c in columns] for obj in self.get_queryset())
        if fmt == "csv":
            response = HttpResponse(write_csv(header, rows),
                                    content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                write_xlsx(str(self.title)[:31] or "Sąrašas", header, list(rows)),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{self.export_name}.{fmt}"'
        return response

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.results_template]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for obj in context["object_list"]:
            rows.append({"object": obj, "cells": [
                {"column": c, "value": None if c.template else c.value(obj)}
                for c in self.columns]})
        context.update({
            "filter": self.filterset, "columns": self.columns, "rows": rows,
            "sort": self.sort_key(), "title": self.title, "description": self.description,
            "empty_text": self.empty_text, "export_name": self.export_name,
            "actions_template": self.actions_template,
            "results_template": self.results_template,
        })
        return context


def _exported(value):
    if value is None or isinstance(value, int | float | str):
        return value
    from datetime import date
    from decimal import Decimal

    if isinstance(value, Decimal | date):
        return value
    return str(value)


class ScopedObjectMixin(ScopedMixin):
    """Object views: the object within the scope first (404), then the role (403)."""

    def scoped_object(self):
        self.object = self.get_object()
        self.check_role()
        return self.object


class ScopedDetailView(ScopedObjectMixin, generic.DetailView):
    """The object and the sections other apps register for its model (object panels)."""

    def get(self, request, *args, **kwargs):
        self.scoped_object()
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = object_panels_for(self.request, self.object)
        return context


class ScopedFormMixin:
    """The form gets the user (its choices are scoped); a message after saving; the
    breadcrumbs and titles of the kit's form template."""

    success_message = gettext_lazy("The changes have been saved.")
    template_name = "portalas/form.html"
    list_url_name = ""
    list_title = ""
    create_title = ""
    form_width = "col-lg-9"

    def get_context_data(self, **kwargs):
        from django.urls import reverse

        context = super().get_context_data(**kwargs)
        context.update({"list_url": reverse(self.list_url_name) if self.list_url_name else "",
                        "list_title": self.list_title, "create_title": self.create_title,
                        "width": self.form_width})
        return context

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, str(self.success_message))
        return response


class ScopedCreateView(ScopedFormMixin, ScopedMixin, generic.CreateView):
    success_message = gettext_lazy("Added.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_role()
        return super().dispatch(request, *args, **kwargs)


class ScopedUpdateView(ScopedFormMixin, ScopedObjectMixin, generic.UpdateView):
    def get(self, request, *args, **kwargs):
        self.scoped_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.scoped_object()
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)


class VersionedUpdateMixin:
    """An edit form for a model with a ``version`` field: the version the form was opened
    with travels in a hidden field (the template renders ``version``); a save after
    someone else's is refused by the view's service, and ``stale`` keeps the typed values on
    the page with who saved first. Saving again then is a deliberate overwrite. The form
    writes into a copy, so the page's title and links keep the stored values."""

    #: The refusal shown to the second editor; ``%(name)s`` is who saved first.
    stale_message = gettext_lazy("%(name)s saved this after you opened it, so your changes "
                                 "have not been saved. They are still below: compare them "
                                 "(open the page in another tab), then save again to keep "
                                 "yours.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = copy.copy(self.object)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = getattr(self, "version", None)
        if version is None:
            version = self.request.POST.get("version") or self.object.version
        context["version"] = version
        return context

    def seen_version(self) -> int:
        """The version the user saw; -1 (never the stored one) when the form sent none, so a
        form without it never overwrites blindly."""
        seen = self.request.POST.get("version", "")
        return int(seen) if seen.isdigit() else -1

    def stale(self, form, stored):
        """Refuse the save: say who saved ``stored`` first, keep the typed values."""
        who = stored.history.select_related("history_user").first()
        name = str(who.history_user) if who and who.history_user else _("someone")
        form.add_error(None, self.stale_message % {"name": name})
        self.version = stored.version
        return self.form_invalid(form)


class ScopedHistoryView(ScopedDetailView):
    """Every change of the object: who, when, old → new."""

    template_name = "portalas/history.html"

    def get_context_data(self, **kwargs):
        context = generic.DetailView.get_context_data(self, **kwargs)
        context["entries"] = history_entries(self.object.history.all())
        context["back_url"] = self.object.get_absolute_url()
        return context


# --- history ---------------------------------------------------------------------------------

def field_changes(record) -> list[dict]:
    """One history record's changes against the previous one: field, old → new."""
    previous = record.prev_record
    if previous is None:
        return [{"field": _("created"), "old": "", "new": ""}]
    delta = record.diff_against(previous)
    model = record.instance_type
    changes = []
    for change in delta.changes:
        try:
            label = model._meta.get_field(change.field).verbose_name
        except Exception:  # noqa: BLE001 - a field removed since
            label = change.field
        changes.append({"field": label, "old": _display(record, change.field, change.old),
                        "new": _display(record, change.field, change.new)})
    return changes


def _display(record, field_name: str, value):
    if value in (None, "", []):
        return "–"
    field = record.instance_type._meta.get_field(field_name)
    if field.many_to_many:  # the history keeps the through rows: {"event": 1, "topic": 2}
        key = field.m2m_reverse_field_name()
        ids = [row.get(key) for row in value if isinstance(row, dict)]
        names = sorted_lt(str(obj) for obj in
                          field.related_model._default_manager.filter(pk__in=ids))
        return ", ".join(names) or "–"
    if field.choices:
        return dict(field.choices).get(value, value)
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    return value


def history_entries(queryset, limit: int = 200) -> list[dict]:
    entries = []
    for record in queryset.select_related("history_user").order_by("-history_date")[:limit]:
        entries.append({"date": record.history_date, "user": record.history_user,
                        "type": record.history_type, "changes": field_changes(record)})
    return entries
