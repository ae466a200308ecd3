"""Filters of the purchases: the words (object, need, the number as written — ``2026-7`` or
just ``7``), the year, the state, the CPV code, the project it is paid from and who
requested it. Every choice comes from the purchases the user sees."""

import re

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters.fields import ModelChoiceField

from pirkimai.models import CpvCode, Purchase, PurchaseStatus
from portalas.ordering import lt_order

__all__ = ["PurchaseFilter", "search"]

NUMBER = re.compile(r"(\d{4})-(\d+)")


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class CpvChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"[:90]


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class CpvFilter(django_filters.ModelChoiceFilter):
    field_class = CpvChoiceField


def _visible(request):
    if request is None:
        return Purchase.objects.none()
    return Purchase.objects.visible_to(request.user)


def _cpv_codes(request):
    return CpvCode.objects.filter(pk__in=_visible(request).values("cpv_id")).order_by("code")


def _projects(request):
    from projektai.models import Project

    if request is None:
        return Project.objects.none()
    return (Project.objects.visible_to(request.user)
            .filter(pk__in=_visible(request).values("project_id")).order_by("title"))


def _requesters(request):
    return (get_user_model().objects.filter(pk__in=_visible(request).values("requested_by_id"))
            .order_by(lt_order("full_name"), "email"))


def search(queryset, value: str):
    """Object, need, justification, budget line, and the number as written (``2026-7``, or
    just ``7``)."""
    value = " ".join((value or "").split())
    if not value:
        return queryset
    words = (Q(title__icontains=value) | Q(need__icontains=value)
             | Q(justification__icontains=value) | Q(budget_line__icontains=value))
    number = NUMBER.fullmatch(value)
    if number:
        words |= Q(year=int(number.group(1)), number=int(number.group(2)))
    elif value.isdigit() and len(value) < 7:
        words |= Q(number=int(value))
    return queryset.filter(words)


class PurchaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search",
                                  help_text=_("Object, need or number, e.g. 2026-7"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], empty_label=_("All years"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PurchaseStatus.choices,
                                         empty_label=_("Any"))
    cpv = CpvFilter(label=_("CPV code"), queryset=_cpv_codes, empty_label=_("All codes"))
    project = django_filters.ModelChoiceFilter(label=pgettext_lazy("purchase filter",
                                                                   "Project"),
                                               queryset=_projects,
                                               empty_label=_("Any project"))
    requested_by = PersonFilter(label=_("Requested by"), queryset=_requesters,
                                empty_label=_("Anyone"))

    class Meta:
        model = Purchase
        fields = ["q", "year", "status", "cpv", "project", "requested_by"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        years = sorted(set(_visible(request).order_by().values_list("year", flat=True)
                           .distinct()), reverse=True)
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]

    def by_search(self, queryset, name, value):
        return search(queryset, value)
