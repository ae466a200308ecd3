"""Filters of the contract register: the words (number, subject, supplier, note), the kind
(contract or invoice) and the supplier. The year is the register's own (the view's
``?year=``, this year by default), so its sums are always a year's.

Text matches use ``icontains``: PostgreSQL folds Lithuanian letters' case, and on SQLite
the kit's LIKE does too (``portalas.ordering``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Organisation
from pirkimai.models import Contract, ContractKind
from portalas.ordering import lt_order


def _suppliers(request):
    """The suppliers of the contracts the user sees."""
    if request is None:
        return Organisation.objects.none()
    named = Contract.objects.visible_to(request.user).values("supplier_id")
    return Organisation.objects.filter(pk__in=named).order_by(lt_order("name"), "pk")


def search(queryset, value: str):
    value = " ".join((value or "").split())
    if not value:
        return queryset
    return queryset.filter(Q(number__icontains=value) | Q(subject__icontains=value)
                           | Q(supplier__name__icontains=value) | Q(note__icontains=value)
                           | Q(supplier__code=value))


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search",
                                  help_text=_("Number, subject or supplier"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ContractKind.choices,
                                       empty_label=_("Contracts and invoices"))
    supplier = django_filters.ModelChoiceFilter(label=_("Supplier"), queryset=_suppliers,
                                                empty_label=_("All suppliers"))

    class Meta:
        model = Contract
        fields = ["q", "kind", "supplier"]

    def by_search(self, queryset, name, value):
        return search(queryset, value)
