"""The nominations lists' filters: a contest's nominations (staff) by category and status;
"my nominations" by contest and status. The choices come from the rows the list shows."""

import django_filters
from django.utils.translation import gettext_lazy as _

from apdovanojimai.models import Category, Contest, Nomination, NominationStatus


class ContestNominationFilter(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(label=_("Category"),
                                                queryset=Category.objects.none(),
                                                empty_label=_("All categories"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NominationStatus.choices,
                                         empty_label=_("Any status"))

    class Meta:
        model = Nomination
        fields = ["category", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["category"].queryset = Category.objects.filter(
            pk__in=self.queryset.values("category_id")).order_by("order", "pk")


class MyNominationFilter(django_filters.FilterSet):
    contest = django_filters.ModelChoiceFilter(label=_("Contest"),
                                               queryset=Contest.objects.none(),
                                               empty_label=_("All contests"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NominationStatus.choices,
                                         empty_label=_("Any status"))

    class Meta:
        model = Nomination
        fields = ["contest", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["contest"].queryset = Contest.objects.filter(
            pk__in=self.queryset.values("contest_id"))
