"""Filters of the BDSTR items list: the act (and edition), in force or not, and a search by
the item's number (``1.5`` finds 1.5 and its sub-items) or words of the documents, the note
and the act."""

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from archyvas.models import BdstrItem
from portalas.search import search

NUMBER = re.compile(r"\d+(\.\d+)*\.?")


class BdstrFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Item number or words"), method="by_words")
    act = django_filters.ChoiceFilter(label=_("Act"), choices=(), empty_label=_("Any act"))
    in_force = django_filters.ChoiceFilter(
        label=_("In force"), method="by_force", empty_label=_("In force or not"),
        choices=(("yes", _("In force")), ("no", _("No longer in force"))))

    class Meta:
        model = BdstrItem
        fields = ["q", "act", "in_force"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        acts = BdstrItem.objects.order_by("act").values_list("act", flat=True).distinct()
        self.filters["act"].extra["choices"] = [(act, act) for act in acts]

    def by_words(self, queryset, name, value):
        text = (value or "").strip()
        if NUMBER.fullmatch(text):
            code = text.rstrip(".")
            return queryset.filter(Q(code=code) | Q(code__startswith=f"{code}."))
        return search(queryset, text, ("code", "title", "note", "act"))

    def by_force(self, queryset, name, value):
        if value in ("yes", "no"):
            return queryset.filter(in_force=value == "yes")
        return queryset
