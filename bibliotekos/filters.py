import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Education, Library, LibraryKind, Municipality, Person, Position
from paskyros.models import STATUS_CHOICES, User
from portalas.ordering import lt_order


def _municipalities(request):
    """Librarians choose only among the municipalities of the libraries they see."""
    municipalities = Municipality.objects.order_by(lt_order("name"))
    if request is None or request.user.sees_whole_territory:
        return municipalities
    libraries = Library.objects.visible_to(request.user).values("municipality_id")
    return municipalities.filter(pk__in=libraries)


class LibraryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    municipality = django_filters.ModelChoiceFilter(label=_("Municipality"),
                                                    queryset=_municipalities,
                                                    empty_label=_("All municipalities"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=LibraryKind.choices,
                                       empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="by_status", empty_label=_("Open and closed"),
        choices=[("open", _("Open")), ("closed", _("Closed"))])

    class Meta:
        model = Library
        fields = ["q", "municipality", "kind", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)
                               | Q(school_name__icontains=value) | Q(address__icontains=value))

    def by_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "open":
            return queryset.filter(Q(closed__isnull=True) | Q(closed__gt=today))
        if value == "closed":
            return queryset.filter(closed__lte=today)
        return queryset


def _posts(request):
    return Position.objects.order_by("order", "name")


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities, field_name="library__municipality",
        empty_label=_("All municipalities"))
    post = django_filters.ModelChoiceFilter(label=_("Post"), queryset=_posts,
                                            empty_label=_("All posts"))
    education = django_filters.ChoiceFilter(label=_("Education"), choices=Education.choices,
                                            empty_label=_("Any education"))
    without_library = django_filters.BooleanFilter(
        label=_("Outside the libraries only"), field_name="library", lookup_expr="isnull",
        widget=forms.CheckboxInput)

    class Meta:
        model = Person
        fields = ["q", "municipality", "post", "education", "without_library"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(first_name__icontains=value) | Q(last_name__icontains=value)
                               | Q(email__icontains=value) | Q(position__icontains=value)
                               | Q(post__name__icontains=value)
                               | Q(library__name__icontains=value))


class PositionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name",
                                  lookup_expr="icontains")
    active = django_filters.ChoiceFilter(
        label=_("In use"), method="by_active", empty_label=_("All"),
        choices=[("yes", _("In use")), ("no", _("Out of use"))])

    class Meta:
        model = Position
        fields = ["q", "active"]

    def by_active(self, queryset, name, value):
        return queryset.filter(active=value == "yes")


class LibrarianFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities,
        method="by_municipality", empty_label=_("All municipalities"))
    status = django_filters.ChoiceFilter(label=_("Status"), method="by_status",
                                         empty_label=_("All"), choices=STATUS_CHOICES)

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
