"""The awards list's filters: year, contest, kind and municipality. Every choice is what the
user may see: contests with published results (staff and management: every contest), the
territory's municipalities."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apdovanojimai.models import Award, AwardKind, Contest, may_read_all
from bibliotekos.models import Municipality
from portalas.ordering import lt_order


def _contests(request):
    if request is None:
        return Contest.objects.none()
    contests = Contest.objects.visible_to(request.user)
    if not may_read_all(request.user):
        contests = contests.with_results()
    return contests.order_by("-year", lt_order("title"))


def _municipalities(request):
    return Municipality.objects.filter(in_territory=True).order_by(lt_order("name"))


class AwardFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), field_name="contest__year")
    contest = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("awards filter", "Contest"), queryset=_contests,
        empty_label=_("All contests"))
    kind = django_filters.ChoiceFilter(label=pgettext_lazy("awards filter", "Kind"),
                                       choices=AwardKind.choices, empty_label=_("All kinds"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities,
        field_name="nomination__unit__municipality", empty_label=_("All municipalities"))

    class Meta:
        model = Award
        fields = ["year", "contest", "kind", "municipality"]
