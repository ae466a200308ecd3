import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from paskyros.models import STATUS_CHOICES, Role, User


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices,
                                       empty_label=_("All roles"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="by_status", empty_label=_("All"),
        choices=STATUS_CHOICES)

    class Meta:
        model = User
        fields = ["q", "role", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(email__icontains=value))

    def by_status(self, queryset, name, value):
        return queryset.with_status(value)
