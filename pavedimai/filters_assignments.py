"""Filters of the assignments' list: words (title, text, the number as written, ``2026-12``),
the state, the year, a person (given it, or gave it) and "overdue only". The choices are
what the user sees."""

import re

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters.fields import ModelChoiceField

from pavedimai.models import Assignment, AssignmentStatus, Task
from pavedimai.selectors_lists import overdue_q
from pavedimai.selectors_people import person_name
from portalas.ordering import lt_order

__all__ = ["AssignmentFilter", "search"]

NUMBER = re.compile(r"(\d{4})-(\d{1,6})")


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


def _people(request):
    """The people given or giving an assignment the user sees."""
    if request is None:
        return get_user_model().objects.none()
    visible = Assignment.objects.visible_to(request.user)
    named = Q(pk__in=Task.objects.filter(assignment__in=visible).values("assignee_id")) \
        | Q(pk__in=visible.values("given_by_id"))
    return get_user_model().objects.filter(named).order_by(lt_order("full_name"), "email")


def search(queryset, value: str):
    """Title and text, and the number as written (``2026-12``, or just ``12``)."""
    value = " ".join((value or "").split())
    if not value:
        return queryset
    words = Q(title__icontains=value) | Q(text__icontains=value)
    number = NUMBER.fullmatch(value)
    if number:
        words |= Q(year=int(number.group(1)), number=int(number.group(2)))
    elif value.isdigit() and len(value) < 7:
        words |= Q(number=int(value))
    return queryset.filter(words)


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search",
                                  help_text=_("Title, text or number, e.g. 2026-12"))
    status = django_filters.ChoiceFilter(label=pgettext_lazy("assignment", "State"),
                                         choices=AssignmentStatus.choices,
                                         empty_label=_("Any"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], field_name="year",
                                       empty_label=_("All years"))
    person = PersonFilter(label=_("Person"), queryset=_people, method="by_person",
                          empty_label=_("Anyone"))
    overdue = django_filters.BooleanFilter(label=pgettext_lazy("assignments", "Overdue only"),
                                           method="by_overdue",
                                           widget=django_filters.widgets.forms.CheckboxInput)

    class Meta:
        model = Assignment
        fields = ["q", "status", "year", "person", "overdue"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        visible = Assignment.objects.visible_to(request.user) if request is not None \
            else Assignment.objects.none()
        found = sorted(set(visible.order_by().values_list("year", flat=True).distinct()),
                       reverse=True)
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in found]

    def by_search(self, queryset, name, value):
        return search(queryset, value)

    def by_person(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(given_by=value)
                               | Q(pk__in=Task.objects.filter(assignee=value)
                                   .values("assignment_id")))

    def by_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(overdue_q(timezone.localdate()))
