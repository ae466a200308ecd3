"""The decisions list's filter: status, overdue, the group, the responsible person, the
meeting's year, and those that need a new owner. The group and owner choices are what the
user may see."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bendradarbiavimas.models import Decision, DecisionStatus, WorkingGroup


class DecisionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DecisionStatus.choices,
                                         empty_label=_("Any status"))
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue",
                                           widget=forms.CheckboxInput)
    needs_owner = django_filters.BooleanFilter(label=_("Needs a new owner"),
                                               method="filter_needs_owner",
                                               widget=forms.CheckboxInput)
    group = django_filters.ModelChoiceFilter(label=_("Group"), field_name="meeting__group",
                                             queryset=WorkingGroup.objects.none(),
                                             empty_label=_("All groups"))
    owner = django_filters.ModelChoiceFilter(label=pgettext_lazy("decision", "Responsible"),
                                             queryset=get_user_model().objects.none(),
                                             empty_label=_("Anyone"))
    year = django_filters.ChoiceFilter(label=_("Year"), method="filter_year", choices=[],
                                       empty_label=_("Any year"))

    class Meta:
        model = Decision
        fields = ["status", "overdue", "needs_owner", "group", "owner", "year"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        groups = WorkingGroup.objects.visible_to(user).order_by("name")
        self.filters["group"].queryset = groups
        owners = (get_user_model().objects.filter(
            pk__in=self.queryset.exclude(owner__isnull=True).values("owner_id"))
            .order_by("full_name", "email"))
        self.filters["owner"].queryset = owners
        this_year = timezone.localdate().year
        years = [(str(year), str(year)) for year in range(this_year + 1, this_year - 8, -1)]
        self.filters["year"].extra["choices"] = years

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(meeting__starts_at__year=int(value)) if value else queryset

    def filter_needs_owner(self, queryset, name, value):
        return queryset.filter(needs_owner=True) if value else queryset
