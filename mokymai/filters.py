"""Filters of the trainings' event list and calendar, and of the certificate register."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mokymai.forms_certificates import CertificateFilter
from mokymai.models import EventFormat, EventKind, EventStatus, Topic, TrainingEvent
from portalas.ordering import lt_order

PostAudience = TrainingEvent.audience_posts.through


def _topics(request):
    return Topic.objects.order_by(lt_order("name"))


def search(queryset, name, value):
    """Title, description, venue, organiser, a topic, the programme, a session's topic."""
    value = value.strip()
    if not value:
        return queryset
    matching = TrainingEvent.objects.filter(
        Q(title__icontains=value) | Q(description__icontains=value)
        | Q(venue__icontains=value) | Q(organiser__icontains=value)
        | Q(partners__icontains=value) | Q(topics__name__icontains=value)
        | Q(programme__title__icontains=value) | Q(programme__code__icontains=value)
        | Q(sessions__topic__icontains=value))
    return queryset.filter(pk__in=matching.values("pk"))


def registration_open_now(queryset, name, value):
    """Published, and now within the registration window."""
    if not value:
        return queryset
    now = timezone.now()
    return queryset.filter(
        Q(registration_opens__isnull=True) | Q(registration_opens__lte=now),
        Q(registration_closes__isnull=True) | Q(registration_closes__gt=now),
        status=EventStatus.PUBLISHED)


def audience_of(user) -> tuple[set[str], set[int]]:
    """The library kinds (of the user's memberships) and the post (of their person records)
    an event's audience is matched against."""
    from bibliotekos.models import Membership, Person

    kinds = set(Membership.objects.filter(user=user).values_list("library__kind", flat=True))
    posts = set(Person.objects.filter(user=user, post__isnull=False)
                .values_list("post_id", flat=True))
    return kinds, posts


def for_user(queryset, user):
    """Events whose audience includes ``user``: an empty list of kinds (posts) is everyone;
    otherwise one of the user's library kinds (posts) must be on it."""
    kinds, posts = audience_of(user)
    # The kinds are a JSON list of codes: matching the quoted code in its text works the
    # same on PostgreSQL and SQLite (``contains`` on a JSON field does not on SQLite).
    kind_match = Q(audience_kinds=[]) | Q(audience_kinds__isnull=True)
    for kind in kinds:
        kind_match |= Q(audience_kinds__icontains=f'"{kind}"')
    restricted = Exists(PostAudience.objects.filter(trainingevent_id=OuterRef("pk")))
    post_match = ~restricted
    if posts:
        post_match |= Exists(PostAudience.objects.filter(trainingevent_id=OuterRef("pk"),
                                                         position_id__in=posts))
    return queryset.filter(kind_match).filter(post_match)


class EventFilterMethods:
    def by_search(self, queryset, name, value):
        return search(queryset, name, value)

    def by_open_now(self, queryset, name, value):
        return registration_open_now(queryset, name, value)

    def by_audience(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return for_user(queryset, self.request.user)


class EventFilter(EventFilterMethods, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices,
                                       empty_label=_("All kinds"))
    format = django_filters.ChoiceFilter(label=_("Format"), choices=EventFormat.choices,
                                         empty_label=_("All formats"))
    topic = django_filters.ModelChoiceFilter(label=_("Topic"), queryset=_topics,
                                             field_name="topics", empty_label=_("All topics"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EventStatus.choices,
                                         empty_label=_("All statuses"))
    period = django_filters.ChoiceFilter(label=_("Period"), method="by_period", choices=[],
                                         empty_label=_("Any time"))
    open_now = django_filters.BooleanFilter(
        label=_("Registration open now"), widget=forms.CheckboxInput, method="by_open_now")
    mine = django_filters.BooleanFilter(label=_("For me"), widget=forms.CheckboxInput,
                                        method="by_audience")

    class Meta:
        model = TrainingEvent
        fields = ["q", "kind", "format", "topic", "status", "period", "open_now", "mine"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not request.user.can_manage_territory:
            del self.filters["status"]
        self.filters["period"].extra["choices"] = self.period_choices()

    def period_choices(self) -> list:
        this_year = timezone.localdate().year
        years = {d.year for d in TrainingEvent.objects.dates("starts_on", "year")}
        years.discard(this_year)
        return [("upcoming", _("Upcoming")), ("past", _("Past")), ("this_year", _("This year")),
                *((str(y), str(y)) for y in sorted(years, reverse=True))]

    def by_period(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True,
                                                            starts_on__gte=today))
        if value == "past":
            return queryset.filter(ends_on__lt=today)
        if value == "this_year":
            return queryset.filter(starts_on__year=today.year)
        if value.isdigit():
            return queryset.filter(starts_on__year=int(value))
        return queryset


class EventCalendarFilter(EventFilterMethods, django_filters.FilterSet):
    """The calendar's filters: what the month shows (the month itself is the page)."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices,
                                       empty_label=_("All kinds"))
    format = django_filters.ChoiceFilter(label=_("Format"), choices=EventFormat.choices,
                                         empty_label=_("All formats"))
    topic = django_filters.ModelChoiceFilter(label=_("Topic"), queryset=_topics,
                                             field_name="topics", empty_label=_("All topics"))
    mine = django_filters.BooleanFilter(label=_("For me"), widget=forms.CheckboxInput,
                                        method="by_audience")

    class Meta:
        model = TrainingEvent
        fields = ["kind", "format", "topic", "mine"]


# --- the certificate register ---------------------------------------------------------------

def _holder_libraries(request):
    """The libraries of the holders of the certificates the user may see (a librarian is
    never offered another library's name)."""
    from bibliotekos.models import Library
    from mokymai.models import Certificate

    if request is None:
        return Library.objects.none()
    holders = Certificate.objects.visible_to(request.user).values("person__library")
    return Library.objects.filter(pk__in=holders).order_by(lt_order("name"))


def _holder_municipalities(request):
    from bibliotekos.models import Municipality
    from mokymai.models import Certificate

    if request is None:
        return Municipality.objects.none()
    holders = Certificate.objects.visible_to(request.user).values(
        "person__library__municipality")
    return Municipality.objects.filter(pk__in=holders).order_by(lt_order("name"))


class CertificateRegisterFilter(CertificateFilter):
    """The register's filters (year, event, status, search) and where the holder works now:
    their library, their municipality. Choices come from the certificates the user may
    see, so a choice from elsewhere is invalid and ignored."""

    library = django_filters.ModelChoiceFilter(
        label=_("Holder's library"), field_name="person__library", queryset=_holder_libraries,
        empty_label=_("All libraries"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Holder's municipality"), field_name="person__library__municipality",
        queryset=_holder_municipalities, empty_label=_("All municipalities"))

    class Meta(CertificateFilter.Meta):
        fields = [*CertificateFilter.Meta.fields, "library", "municipality"]
