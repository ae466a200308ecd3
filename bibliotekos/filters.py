import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Municipality
from paskyros.models import STATUS_CHOICES, User


class LibrarianFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.filter(in_territory=True),
        method="by_municipality", empty_label=_("All municipalities"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="by_status", empty_label=_("All"),
        choices=STATUS_CHOICES)

    class Meta:
        model = User
        fields = ["q", "municipality", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(email__icontains=value)
                               | Q(memberships__library__name__icontains=value)).distinct()

    def by_municipality(self, queryset, name, value):
        return queryset.filter(memberships__library__municipality=value).distinct()

    def by_status(self, queryset, name, value):
        return queryset.with_status(value)
