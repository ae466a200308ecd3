"""Filters of the consultation list. Every choice list is what the user may see: a
director is offered their library and its outlets, never another library.

The text search uses ``icontains``: on PostgreSQL that folds Lithuanian letters' case, and
on SQLite the kit replaces LIKE with one that does too (``portalas.ordering``), so
"ąžuol" finds "Ąžuolienė" on both."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bibliotekos.models import Library, Municipality
from bibliotekos.scoping import descendant_ids
from konsultacijos.models import Channel, Consultation, Topic
from portalas.forms import IsoDateField
from portalas.ordering import lt_order

FOLLOW_UP_CHOICES = [("open", pgettext_lazy("follow-ups", "Open")),
                     ("overdue", pgettext_lazy("follow-ups", "Overdue")),
                     ("done", pgettext_lazy("follow-ups", "Done")),
                     ("any", _("With a follow-up"))]


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateField


def _libraries(request):
    if request is None:
        return Library.objects.none()
    return Library.objects.visible_to(request.user).order_by(lt_order("name"))


def _municipalities(request):
    if request is None or not request.user.sees_whole_territory:
        return Municipality.objects.none()
    return Municipality.objects.filter(in_territory=True).order_by(lt_order("name"))


def _topics(request):
    return Topic.objects.order_by("order", lt_order("name"))


def _staff_members(request):
    """The people who gave the consultations the user sees."""
    if request is None:
        return get_user_model().objects.none()
    given = Consultation.objects.visible_to(request.user).values("staff_member_id")
    return (get_user_model().objects.filter(pk__in=given)
            .order_by(lt_order("full_name"), "email"))


def search(queryset, value: str):
    """The question, the answer and the person consulted (in the registry or typed)."""
    value = " ".join((value or "").split())
    if not value:
        return queryset
    return queryset.filter(
        Q(question__icontains=value) | Q(answer__icontains=value)
        | Q(person_name__icontains=value) | Q(person__first_name__icontains=value)
        | Q(person__last_name__icontains=value))


def of_library(queryset, library):
    """The consultations of a library and of its outlets."""
    return queryset.filter(library__in={library.pk} | descendant_ids([library.pk]))


def by_follow_up(queryset, value: str, today=None):
    today = today or timezone.localdate()
    if value == "open":
        return queryset.open_follow_ups()
    if value == "overdue":
        return queryset.open_follow_ups().filter(follow_up_due__lt=today)
    if value == "done":
        return queryset.filter(follow_up_done_at__isnull=False)
    if value == "any":
        return queryset.filter(follow_up_due__isnull=False)
    return queryset


class ConsultationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search",
                                  help_text=_("Question, answer or person consulted"))
    held_from = IsoDateFilter(label=_("From"), field_name="held_on", lookup_expr="gte")
    held_to = IsoDateFilter(label=_("To"), field_name="held_on", lookup_expr="lte")
    library = django_filters.ModelChoiceFilter(label=_("Library"), queryset=_libraries,
                                               method="by_library",
                                               empty_label=_("All libraries"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities, field_name="library__municipality",
        empty_label=_("All municipalities"))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices,
                                          empty_label=_("All channels"))
    topic = django_filters.ModelChoiceFilter(label=_("Topic"), queryset=_topics,
                                             empty_label=_("All topics"))
    staff_member = django_filters.ModelChoiceFilter(
        label=_("Consulted by"), queryset=_staff_members, empty_label=_("Anyone"))
    follow_up = django_filters.ChoiceFilter(label=_("Follow-up"), choices=FOLLOW_UP_CHOICES,
                                            method="by_follow_up", empty_label=_("Any"))

    class Meta:
        model = Consultation
        fields = ["q", "held_from", "held_to", "library", "municipality", "channel", "topic",
                  "staff_member", "follow_up"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not request.user.sees_whole_territory:
            # a director's list holds one municipality's libraries
            del self.filters["municipality"]

    def by_search(self, queryset, name, value):
        return search(queryset, value)

    def by_library(self, queryset, name, value):
        return of_library(queryset, value) if value else queryset

    def by_follow_up(self, queryset, name, value):
        return by_follow_up(queryset, value)
