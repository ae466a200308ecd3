"""The form and the list filter of the one Organisation list every app shares (funders,
partners, suppliers, lecturers' employers)."""

import django_filters
from crispy_forms.layout import Column, Row
from django import forms
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Organisation, OrganisationKind
from portalas.forms import PhoneField, form_helper


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             max_length=200,
                             validators=[URLValidator(schemes=["http", "https"])])

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "country", "code", "address", "website",
                  "email", "phone", "note", "active"]
        field_classes = {"phone": PhoneField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3}),
                   "country": forms.TextInput(attrs={"maxlength": 2, "size": 2,
                                                     "autocomplete": "off"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(Column("name", css_class="col-md-8"), Column("short_name", css_class="col-md-4")),
            Row(Column("kind", css_class="col-md-5"), Column("country", css_class="col-md-3"),
                Column("code", css_class="col-md-4")),
            "address",
            Row(Column("website", css_class="col-md-4"), Column("email", css_class="col-md-4"),
                Column("phone", css_class="col-md-4")),
            "note", "active")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_short_name(self):
        return " ".join(self.cleaned_data["short_name"].split())

    def clean_country(self):
        country = (self.cleaned_data.get("country") or "").strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError(_("Enter a two-letter country code."))
        return country

    def clean(self):
        cleaned = super().clean()
        name, country = cleaned.get("name"), cleaned.get("country")
        if name and country:
            other = (Organisation.objects.filter(name__iexact=name, country=country)
                     .exclude(pk=self.instance.pk).first())
            if other is not None:
                self.add_error("name", _("“%(name)s” (%(country)s) is already in the list; "
                                         "use that organisation instead of adding it again.")
                               % {"name": other.name, "country": other.country})
        return cleaned


def _countries() -> list[tuple[str, str]]:
    """The countries the list has organisations of."""
    codes = (Organisation.objects.order_by("country").values_list("country", flat=True)
             .distinct())
    return [(code, code) for code in codes]


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=OrganisationKind.choices,
                                       empty_label=_("All types"))
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[],
                                          empty_label=_("All countries"))
    active = django_filters.ChoiceFilter(
        label=_("In use"), method="by_active", empty_label=_("In use and out of use"),
        choices=[("yes", _("In use")), ("no", _("Out of use"))])

    class Meta:
        model = Organisation
        fields = ["q", "kind", "country", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = _countries()

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value)
                               | Q(code__icontains=value) | Q(address__icontains=value)
                               | Q(email__icontains=value))

    def by_active(self, queryset, name, value):
        if value in {"yes", "no"}:
            return queryset.filter(active=value == "yes")
        return queryset
