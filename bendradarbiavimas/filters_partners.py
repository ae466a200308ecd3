"""Filters of the partners and the agreements. Every choice list is what the user may see: a
librarian is offered their libraries, never another's; the municipality only to the
whole-territory roles. Partners and libraries are many-to-many, so the library and
municipality filters go through a subquery of the link table (no duplicate rows)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas import services_partners as services
from bendradarbiavimas.models import Agreement, AgreementKind, Partner
from bibliotekos.models import Library, Municipality, OrganisationKind
from bibliotekos.scoping import descendant_ids
from portalas.ordering import lt_order
from portalas.search import search

LINKS = Partner.libraries.through


def _libraries(request):
    if request is None:
        return Library.objects.none()
    return Library.objects.visible_to(request.user).order_by(lt_order("name"))


def _municipalities(request):
    if request is None or not request.user.sees_whole_territory:
        return Municipality.objects.none()
    return Municipality.objects.filter(in_territory=True).order_by(lt_order("name"))


def _partners(request):
    if request is None:
        return Partner.objects.none()
    return (Partner.objects.visible_to(request.user).select_related("organisation")
            .order_by(lt_order("organisation__name"), "pk"))


def _countries():
    from bibliotekos.models import Organisation

    codes = (Organisation.objects.filter(partnership__isnull=False).order_by("country")
             .values_list("country", flat=True).distinct())
    return [(code, code) for code in codes]


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search",
                                  help_text=_("Name or short name"))
    kind = django_filters.ChoiceFilter(label=_("Type"), field_name="organisation__kind",
                                       choices=OrganisationKind.choices,
                                       empty_label=_("All types"))
    country = django_filters.ChoiceFilter(label=_("Country"), field_name="organisation__country",
                                          choices=[], empty_label=_("All countries"))
    library = django_filters.ModelChoiceFilter(label=_("Library"), queryset=_libraries,
                                               method="by_library",
                                               empty_label=_("All libraries"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities, method="by_municipality",
        empty_label=_("All municipalities"))
    active = django_filters.ChoiceFilter(label=_("Active"), method="by_active",
                                         choices=[("yes", _("Active")),
                                                  ("no", _("Not active"))],
                                         empty_label=_("All"))

    class Meta:
        model = Partner
        fields = ["q", "kind", "country", "library", "municipality", "active"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["country"].extra["choices"] = _countries()
        if request is None or not request.user.sees_whole_territory:
            del self.filters["municipality"]

    def by_active(self, queryset, name, value):
        return queryset.filter(active=value == "yes") if value in ("yes", "no") else queryset

    def by_search(self, queryset, name, value):
        value = " ".join((value or "").split())
        if not value:
            return queryset
        return search(queryset, value, ("organisation__name", "organisation__short_name",
                                        "organisation__code"))

    def by_library(self, queryset, name, library):
        ids = {library.pk} | descendant_ids([library.pk])
        return queryset.filter(pk__in=LINKS.objects.filter(library_id__in=ids)
                               .values("partner_id"))

    def by_municipality(self, queryset, name, municipality):
        return queryset.filter(pk__in=LINKS.objects.filter(library__municipality=municipality)
                               .values("partner_id"))


def status_choices():
    return [(key, str(label)) for key, label in services.status_labels().items()]


def with_status(queryset, status: str, *, today=None, days: int | None = None):
    """Agreements of one status (``services_partners.Status``) on ``today``."""
    today = today or timezone.localdate()
    horizon = services.expiry_horizon(today, days if days is not None
                                      else services.EXPIRING_WORKING_DAYS)
    live = Q(terminated_on__isnull=True) | Q(terminated_on__gt=today)
    S = services.Status
    if status == S.TERMINATED:
        return queryset.filter(terminated_on__lte=today)
    if status == S.PENDING:
        return queryset.filter(live, starts_on__gt=today)
    if status == S.EXPIRED:
        return queryset.filter(live, starts_on__lte=today, ends_on__lt=today)
    if status == S.EXPIRING:
        return queryset.filter(live, starts_on__lte=today, ends_on__gte=today,
                               ends_on__lte=horizon)
    if status == S.IN_FORCE:
        return queryset.filter(live, Q(ends_on__isnull=True) | Q(ends_on__gt=horizon),
                               starts_on__lte=today)
    return queryset


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search",
                                  help_text=_("Number, title or subject"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=[],
                                         method="by_status", empty_label=_("All"))
    days = django_filters.NumberFilter(label=_("Expiring within, working days"),
                                       method="by_days", min_value=1, max_value=250,
                                       help_text=_("With the status “expiring soon”; 30 if "
                                                   "empty."))
    partner = django_filters.ModelChoiceFilter(label=_("Partner"), queryset=_partners,
                                               method="by_partner",
                                               empty_label=_("All partners"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AgreementKind.choices,
                                       empty_label=_("All kinds"))
    year = django_filters.NumberFilter(label=_("In force in the year"), method="by_year",
                                       min_value=1990, max_value=2100)

    class Meta:
        model = Agreement
        fields = ["q", "status", "days", "partner", "kind", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = status_choices()
        self.filters["partner"].field.label_from_instance = (
            lambda partner: partner.organisation.name)

    def by_search(self, queryset, name, value):
        value = " ".join((value or "").split())
        if not value:
            return queryset
        return search(queryset, value, ("number", "title", "subject",
                                        "partners__organisation__name")).distinct()

    def by_status(self, queryset, name, value):
        days = self.form.cleaned_data.get("days")
        return with_status(queryset, value, days=int(days) if days else None)

    def by_days(self, queryset, name, value):
        return queryset          # read by the status filter

    def by_partner(self, queryset, name, partner):
        return queryset.filter(pk__in=Agreement.partners.through.objects
                               .filter(partner_id=partner.pk).values("agreement_id"))

    def by_year(self, queryset, name, value):
        from datetime import date

        year = int(value)
        return queryset.in_force_between(date(year, 1, 1), date(year, 12, 31))
