"""Forms of the certificates: the register's filter, revoking, the public check, a course
taken elsewhere (its file is recognised by its content, never its name) and the
department's decision on it."""

from datetime import date

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mokymai.models import (
    Certificate,
    CertificateStatus,
    EventStatus,
    ExternalCourse,
    ExternalCourseStatus,
    TrainingEvent,
)
from portalas import files
from portalas.forms import IsoDateField

MAX_FILE_BYTES = 5 * 1024 * 1024
#: What a certificate's scan may be (read from the content by the kit).
ACCEPTED_KINDS = ("pdf", "jpg", "png")


def file_kind(head: bytes) -> str | None:
    """``pdf``, ``jpg`` or ``png`` by the content's first bytes; None for anything else."""
    kind = files.file_kind(head)
    return kind if kind in ACCEPTED_KINDS else None


# --- the register --------------------------------------------------------------------------

def _years(request):
    years = (Certificate.objects.visible_to(request.user).order_by("-year")
             .values_list("year", flat=True).distinct()) if request else []
    return [(year, str(year)) for year in years]


def _events(request):
    if request is None:
        return TrainingEvent.objects.none()
    return (TrainingEvent.objects.visible_to(request.user)
            .filter(status=EventStatus.COMPLETED).order_by("-starts_on", "title"))


class CertificateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], empty_label=_("All years"))
    event = django_filters.ModelChoiceFilter(label=_("Event"), field_name="registration__event",
                                             queryset=_events, empty_label=_("All events"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CertificateStatus.choices,
                                         empty_label=_("All"))

    class Meta:
        model = Certificate
        fields = ["q", "year", "event", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["year"].extra["choices"] = _years(request)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(holder_name__icontains=value)
                               | Q(title__icontains=value)
                               | Q(programme_title__icontains=value))


class ExternalCourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"),
                                         choices=ExternalCourseStatus.choices,
                                         empty_label=_("All"))

    class Meta:
        model = ExternalCourse
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(provider__icontains=value)
                               | Q(person__last_name__icontains=value)
                               | Q(person__first_name__icontains=value))


# --- one certificate ------------------------------------------------------------------------

class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("Kept with the certificate; the public check shows "
                                        "only that it is revoked."))


class VerifyForm(forms.Form):
    numeris = forms.CharField(label=_("Certificate number"), max_length=40,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "spellcheck": "false"}))
    kodas = forms.CharField(label=_("Verification code"), max_length=64, required=False,
                            help_text=_("Printed under the QR code. Without it, the check "
                                        "only says whether a valid certificate with this "
                                        "number exists."),
                            widget=forms.TextInput(attrs={"autocomplete": "off",
                                                          "spellcheck": "false"}))


# --- courses taken elsewhere ------------------------------------------------------------------

class ExternalCourseForm(forms.Form):
    provider = forms.CharField(label=_("Provider"), max_length=255,
                               help_text=_("Who organised the course."))
    title = forms.CharField(label=_("Title of the course"), max_length=255)
    starts_on = IsoDateField(label=_("First day"))
    ends_on = IsoDateField(label=_("Last day"))
    hours = forms.DecimalField(label=_("Academic hours"), min_value=0.5, max_value=2000,
                               decimal_places=2, max_digits=6, localize=True,
                               help_text=_("As the certificate states them."))
    file = forms.FileField(label=_("Certificate (PDF, JPEG or PNG, up to 5 MB)"),
                           widget=forms.ClearableFileInput(
                               attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,"
                                                "image/jpeg,image/png"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.file_type = ""

    def clean_starts_on(self):
        value = self.cleaned_data["starts_on"]
        if value < date(1990, 1, 1):
            raise ValidationError(_("The date is too early."))
        return value

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."), code="too_large")
        upload.seek(0)
        kind = file_kind(upload.read(16))
        upload.seek(0)
        if kind is None:
            raise ValidationError(_("Upload the certificate as a PDF, JPEG or PNG file (the "
                                    "file's content is checked, not its name)."),
                                  code="file_type")
        self.file_type = kind
        return upload

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last day is before the first."))
        if last and last > timezone.localdate():
            self.add_error("ends_on", _("Submit a course once it has ended."))
        return cleaned


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", "confirm"), ("reject", "reject")],
                               widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Write why the course is not accepted."))
        return cleaned
