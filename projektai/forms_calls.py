"""The form and the list filter of the calls for applications."""

import django_filters
from crispy_forms.layout import Column, Row
from django import forms
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Organisation
from portalas.forms import IsoDateField, form_helper
from portalas.ordering import lt_order
from projektai.models import Call, FundingProgramme


def programme_label(programme: FundingProgramme) -> str:
    return programme.name


def organisation_label(organisation: Organisation) -> str:
    if organisation.short_name and organisation.short_name != organisation.name:
        return f"{organisation.name} ({organisation.short_name})"
    return organisation.name


def _programmes(user, chosen_id=None):
    """The programmes in use, and the call's own even if it has gone out of use."""
    programmes = FundingProgramme.objects.visible_to(user).filter(active=True)
    if chosen_id:
        programmes = programmes | FundingProgramme.objects.filter(pk=chosen_id)
    return programmes.order_by(lt_order("name"))


def _organisations(user, chosen_id=None):
    organisations = Organisation.objects.visible_to(user).filter(active=True)
    if chosen_id:
        organisations = organisations | Organisation.objects.filter(pk=chosen_id)
    return organisations.order_by(lt_order("name"))


class CallForm(forms.ModelForm):
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https",
                          max_length=200, validators=[URLValidator(schemes=["http", "https"])],
                          help_text=_("The funder's page of the call."))

    class Meta:
        model = Call
        fields = ["title", "programme", "funder", "eligible", "opens_on", "deadline", "budget",
                  "link", "description", "published"]
        field_classes = {"opens_on": IsoDateField, "deadline": IsoDateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"funder": _("Empty: the programme's funder."),
                      "budget": _("For example: up to 20 000 €.")}

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = _programmes(user, self.instance.programme_id)
        self.fields["funder"].queryset = _organisations(user, self.instance.funder_id)
        self.fields["programme"].label_from_instance = programme_label
        self.fields["funder"].label_from_instance = organisation_label
        self.helper = form_helper(
            "title",
            Row(Column("programme", css_class="col-md-6"), Column("funder", css_class="col-md-6")),
            "eligible",
            Row(Column("opens_on", css_class="col-md-4"), Column("deadline", css_class="col-md-4"),
                Column("budget", css_class="col-md-4")),
            "link", "description", "published")

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        opens_on, deadline = cleaned.get("opens_on"), cleaned.get("deadline")
        if opens_on and deadline and opens_on > deadline:
            self.add_error("opens_on", _("The call cannot open after its deadline."))
        programme = cleaned.get("programme")
        if not cleaned.get("funder") and programme is not None and programme.funder_id:
            cleaned["funder"] = programme.funder
        if not cleaned.get("funder") and not programme:
            self.add_error("funder", _("Choose the programme or the funder."))
        return cleaned

    def save(self, commit=True):
        call = super().save(commit=False)
        if call.published and call.published_at is None:
            call.published_at = timezone.now()   # the first publication, once
        if call.pk is None:
            call.created_by = self.user
        if commit:
            call.save()
        return call


def _calls(request):
    return Call.objects.visible_to(request.user) if request is not None else Call.objects.none()


def _funders(request=None):
    """Organisations that fund a call the user sees, or run a programme."""
    return (Organisation.objects.filter(
        Q(pk__in=_calls(request).values("funder"))
        | Q(pk__in=FundingProgramme.objects.values("funder")))
        .order_by(lt_order("name")))


def _filter_programmes(request=None):
    """Programmes of the calls the user sees."""
    return (FundingProgramme.objects.filter(pk__in=_calls(request).values("programme"))
            .order_by(lt_order("name")))


class CallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    programme = django_filters.ModelChoiceFilter(label=_("Programme"),
                                                 queryset=_filter_programmes,
                                                 empty_label=_("All programmes"))
    funder = django_filters.ModelChoiceFilter(label=_("Funder"), queryset=_funders,
                                              method="by_funder", empty_label=_("All funders"))

    class Meta:
        model = Call
        fields = ["q", "programme", "funder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["programme"].label_from_instance = programme_label
        self.form.fields["funder"].label_from_instance = organisation_label

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value)
                               | Q(eligible__icontains=value)
                               | Q(programme__name__icontains=value)
                               | Q(programme__short_name__icontains=value)
                               | Q(funder__name__icontains=value)
                               | Q(funder__short_name__icontains=value))

    def by_funder(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(funder=value) | Q(programme__funder=value))
