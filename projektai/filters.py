"""Filters of the project list and the pipeline board. Every choice list is what the user
may see (``visible_to``): a librarian is never offered another library."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Municipality
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.ordering import lt_order
from projektai.models import (
    FundingProgramme,
    Project,
    ProjectPartner,
    ProjectRole,
    ProjectStatus,
)

Responsible = Project.responsible.through

OWNER_CHOICES = [("department", _("The department's projects")),
                 ("libraries", _("Libraries' own projects"))]


def _programmes(request):
    return FundingProgramme.objects.visible_to(request.user).order_by(lt_order("name"))


def _libraries(request):
    if request is None:
        return Library.objects.none()
    return Library.objects.visible_to(request.user).order_by(lt_order("name"))


def _municipalities(request):
    if request is None or not request.user.sees_whole_territory:
        return Municipality.objects.none()
    return Municipality.objects.filter(in_territory=True).order_by(lt_order("name"))


def _responsible(request):
    """The people responsible for a project the user sees."""
    if request is None:
        return get_user_model().objects.none()
    projects = Project.objects.visible_to(request.user)
    chosen = Responsible.objects.filter(project__in=projects).values("user_id")
    return (get_user_model().objects.filter(pk__in=chosen)
            .order_by(lt_order("full_name"), "email"))


def search(queryset, value: str):
    """Title, acronym, summary, the call, the application and contract numbers."""
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(title__icontains=value) | Q(acronym__icontains=value) | Q(summary__icontains=value)
        | Q(call_name__icontains=value) | Q(application_number__icontains=value)
        | Q(contract_number__icontains=value))


def of_library(queryset, library):
    """The projects a library owns or is a partner in."""
    partner_of = ProjectPartner.objects.filter(library=library).values("project_id")
    return queryset.filter(Q(owner_library=library) | Q(pk__in=partner_of))


def in_year(queryset, year: int):
    """The projects that run in a year, or were applied for or submitted in it."""
    return queryset.filter(
        Q(starts_on__year__lte=year, ends_on__year__gte=year)
        | Q(starts_on__year=year) | Q(submitted_on__year=year)
        | Q(application_deadline__year=year))


class OwnerMixin:
    def by_responsible(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Responsible.objects.filter(user=value)
                               .values("project_id"))

    def by_owner(self, queryset, name, value):
        if value == "department":
            return queryset.department()
        if value == "libraries":
            return queryset.of_libraries()
        return queryset


class ProjectFilter(OwnerMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices,
                                         empty_label=_("All statuses"))
    programme = django_filters.ModelChoiceFilter(label=_("Programme"), queryset=_programmes,
                                                 empty_label=_("All programmes"))
    role = django_filters.ChoiceFilter(label=_("Our role"), choices=ProjectRole.choices,
                                       empty_label=_("Lead or partner"))
    owner = django_filters.ChoiceFilter(label=_("Whose"), choices=OWNER_CHOICES,
                                        method="by_owner", empty_label=_("All projects"))
    library = django_filters.ModelChoiceFilter(label=_("Library"), queryset=_libraries,
                                               method="by_library",
                                               empty_label=_("All libraries"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities, method="by_municipality",
        empty_label=_("All municipalities"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], method="by_year",
                                       empty_label=_("Any year"))
    responsible = django_filters.ModelChoiceFilter(
        label=_("Responsible"), queryset=_responsible, method="by_responsible",
        empty_label=_("Anyone"))

    class Meta:
        model = Project
        fields = ["q", "status", "programme", "role", "owner", "library", "municipality",
                  "year", "responsible"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not request.user.sees_whole_territory:
            # a librarian's list holds their library's projects: these would choose nothing
            del self.filters["municipality"]
            del self.filters["owner"]
        self.filters["year"].extra["choices"] = self.year_choices()

    def year_choices(self) -> list:
        this_year = timezone.localdate().year
        span = self.queryset.aggregate(first=Min("starts_on__year"), last=Max("ends_on__year"))
        first = max(min(span["first"] or this_year, this_year), YEAR_MIN, this_year - 30)
        last = min(max(span["last"] or this_year, this_year), YEAR_MAX, this_year + 15)
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def by_search(self, queryset, name, value):
        return search(queryset, value)

    def by_library(self, queryset, name, value):
        return of_library(queryset, value) if value else queryset

    def by_municipality(self, queryset, name, value):
        if not value:
            return queryset
        partner_of = ProjectPartner.objects.filter(
            library__municipality=value).values("project_id")
        return queryset.filter(Q(owner_library__municipality=value) | Q(pk__in=partner_of))

    def by_year(self, queryset, name, value):
        return in_year(queryset, int(value)) if str(value).isdigit() else queryset

class BoardFilter(OwnerMixin, django_filters.FilterSet):
    """The board's filters: whose projects, the programme, who is responsible."""

    owner = django_filters.ChoiceFilter(label=_("Whose"), choices=OWNER_CHOICES,
                                        method="by_owner", empty_label=_("All projects"))
    programme = django_filters.ModelChoiceFilter(label=_("Programme"), queryset=_programmes,
                                                 empty_label=_("All programmes"))
    responsible = django_filters.ModelChoiceFilter(
        label=_("Responsible"), queryset=_responsible, method="by_responsible",
        empty_label=_("Anyone"))

    class Meta:
        model = Project
        fields = ["owner", "programme", "responsible"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not request.user.sees_whole_territory:
            del self.filters["owner"]

