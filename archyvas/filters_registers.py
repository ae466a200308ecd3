"""Filters of the registered documents: the words (title, correspondent, their number, the
registration number as written, ``G-12``), the register, the year, a span of registration
dates, the correspondent, who is responsible, the file index and the answer's state.

Text matches use ``icontains``: PostgreSQL folds Lithuanian letters' case, and on SQLite
the kit's LIKE does too (``portalas.ordering``)."""

import re
from datetime import timedelta

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters.fields import ModelChoiceField

from archyvas.models import Register, RegisterEntry
from archyvas.selectors_registers import SOON_DAYS
from portalas.forms import IsoDateField
from portalas.ordering import lt_order

NUMBER = re.compile(r"(\S+?)-(\d+)")

ANSWER_CHOICES = [("awaiting", _("Awaiting an answer")),
                  ("overdue", pgettext_lazy("answer", "Overdue")),
                  ("due_soon", pgettext_lazy("answer", "Due within 3 days")),
                  ("answered", pgettext_lazy("answer", "Answered"))]


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateField


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class ResponsibleFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


def _registers(request):
    if request is None:
        return Register.objects.none()
    return Register.objects.visible_to(request.user)


def _responsible(request):
    """The people responsible for any document the user sees."""
    if request is None:
        return get_user_model().objects.none()
    named = RegisterEntry.objects.visible_to(request.user).values("responsible_id")
    return get_user_model().objects.filter(pk__in=named).order_by(lt_order("full_name"),
                                                                  "email")


def search(queryset, value: str):
    """Title, correspondent, their number, note, and the number as written (``G-12``, or
    just ``12``)."""
    value = " ".join((value or "").split())
    if not value:
        return queryset
    words = (Q(title__icontains=value) | Q(correspondent__icontains=value)
             | Q(their_number__icontains=value) | Q(note__icontains=value))
    number = NUMBER.fullmatch(value)
    if number:
        words |= Q(register__prefix__iexact=number.group(1), number=int(number.group(2)))
    elif value.isdigit() and len(value) < 9:
        words |= Q(number=int(value))
    return queryset.filter(words)


def by_answer(queryset, value: str, today=None):
    today = today or timezone.localdate()
    if value == "awaiting":
        return queryset.awaiting_answer()
    if value == "overdue":
        return queryset.awaiting_answer().filter(answer_due__lt=today)
    if value == "due_soon":
        return queryset.awaiting_answer().filter(
            answer_due__gte=today, answer_due__lte=today + timedelta(days=SOON_DAYS))
    if value == "answered":
        return queryset.filter(answered_on__isnull=False)
    return queryset


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search",
                                  help_text=_("Title, correspondent or number, e.g. G-12"))
    register = django_filters.ModelChoiceFilter(label=pgettext_lazy("register of documents",
                                                                    "Register"),
                                                queryset=_registers,
                                                empty_label=_("All registers"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], field_name="year",
                                       empty_label=_("All years"))
    registered_from = IsoDateFilter(label=_("Registered from"), field_name="registered_on",
                                    lookup_expr="gte")
    registered_to = IsoDateFilter(label=_("Registered until"), field_name="registered_on",
                                  lookup_expr="lte")
    correspondent = django_filters.CharFilter(label=_("Correspondent"),
                                              lookup_expr="icontains")
    responsible = ResponsibleFilter(label=pgettext_lazy("person responsible", "Responsible"),
                                    queryset=_responsible,
                                    empty_label=_("Anyone"))
    file_index = django_filters.CharFilter(label=_("File index"), method="by_file_index",
                                           help_text=_("E.g. 7.3"))
    answer = django_filters.ChoiceFilter(label=pgettext_lazy("filter", "Answer"),
                                         choices=ANSWER_CHOICES, method="by_answer",
                                         empty_label=_("Any"))

    class Meta:
        model = RegisterEntry
        fields = ["q", "register", "year", "registered_from", "registered_to",
                  "correspondent", "responsible", "file_index", "answer"]

    def __init__(self, *args, request=None, register=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if register is not None:
            # a register's page: its own year tabs choose the year
            del self.filters["register"], self.filters["year"]
            return
        years = RegisterEntry.objects.visible_to(request.user) if request is not None \
            else RegisterEntry.objects.none()
        found = sorted(set(years.order_by().values_list("year", flat=True).distinct()),
                       reverse=True)
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in found]

    def by_search(self, queryset, name, value):
        return search(queryset, value)

    def by_file_index(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(plan_file__index__iexact=value) if value else queryset

    def by_answer(self, queryset, name, value):
        return by_answer(queryset, value)
