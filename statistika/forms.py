from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.forms import LibraryChoiceField
from bibliotekos.models import Library, LibraryKind
from portalas.forms import IsoDateField, IsoDateInput
from portalas.ordering import lt_order
from statistika.models import CountyFigure, Indicator, LibraryAlias, NationalFigure, Rule
from statistika.services.catalogue import check_expression


class IndicatorForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(label=_("Library kinds that answer it"),
                                      choices=LibraryKind.choices,
                                      widget=forms.CheckboxSelectMultiple)
    lnb_names = forms.CharField(label=_("LNB names (one per line)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Indicator
        fields = ["code", "name_lt", "name_en", "section", "order", "help_lt", "help_en", "unit",
                  "value_type", "decimals", "kinds", "recorded_at", "part_of",
                  "change_threshold_pct", "change_minimum", "valid_from", "valid_to",
                  "replaced_by", "lnb_names"]
        widgets = {"help_lt": forms.Textarea(attrs={"rows": 3}),
                   "help_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Indicator.objects.order_by("code")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code is used by imports, exports and "
                                              "formulas and does not change.")
            self.initial["lnb_names"] = "\n".join(self.instance.lnb_names or [])
        self.fields["part_of"].queryset = others.filter(derived=False)
        self.fields["replaced_by"].queryset = others

    def clean_lnb_names(self):
        return [line.strip() for line in self.cleaned_data["lnb_names"].splitlines()
                if line.strip()]


class FormulaVersionForm(forms.Form):
    expression = forms.CharField(label=_("Formula"), max_length=500,
                                 help_text=_("Indicator codes with + − × ÷ written as + - * /, "
                                             "e.g. users_registered / population_served * 100"))
    valid_from = forms.IntegerField(label=_("Applies from year"), min_value=1990,
                                    max_value=2100)
    note = forms.CharField(label=_("Why it changed"), max_length=255, required=False)

    def clean_expression(self):
        expression = self.cleaned_data["expression"]
        check_expression(expression)
        return expression


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ["code", "expression", "message_lt", "message_en", "severity", "valid_from",
                  "valid_to", "active"]

    def clean_expression(self):
        expression = self.cleaned_data["expression"]
        check_expression(expression, condition=True)
        return expression

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            raise ValidationError({"valid_to": _("The end year is before the start year.")})
        return cleaned


class StatisticsImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .xlsx)"))

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(_("The file is larger than %(max)s MB.")
                                  % {"max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})
        return upload


class ExportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    level = forms.ChoiceField(label=_("Level"), choices=[
        ("library", _("Each library")), ("system", _("Municipal systems (outlets summed)")),
        ("municipality", _("Municipalities")), ("territory", _("The territory"))])
    group = forms.ChoiceField(label=_("Libraries"), choices=[
        ("public", _("Public libraries")), ("school", _("School libraries"))])
    derived = forms.BooleanField(label=_("Derived indicators instead of counts"),
                                 required=False)
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class AliasForm(forms.ModelForm):
    library = LibraryChoiceField(label=_("Library"), queryset=Library.objects.none())

    class Meta:
        model = LibraryAlias
        fields = ["library", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = Library.objects.order_by(lt_order("name"))


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Reporting year"), min_value=1990, max_value=2100)
    kinds = forms.MultipleChoiceField(
        label=_("Who reports"), widget=forms.CheckboxSelectMultiple,
        choices=[(LibraryKind.SYSTEM, _("Municipal public library systems (with outlets)")),
                 (LibraryKind.SCHOOL, _("School libraries")),
                 (LibraryKind.COUNTY, _("The regional library"))],
        initial=[LibraryKind.SYSTEM, LibraryKind.SCHOOL, LibraryKind.COUNTY])
    deadline = IsoDateField(
        label=_("Deadline"),
        help_text=_("Until 23:59 that day. LNB expects the data by 10 February."))
    reminder_days = forms.CharField(label=_("Reminders (working days before the deadline)"),
                                    initial="7, 3, 1", max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year if today.month >= 11 else today.year - 1

    def clean_reminder_days(self):
        try:
            days = sorted({int(part) for part in self.cleaned_data["reminder_days"]
                           .replace(";", ",").split(",") if part.strip()}, reverse=True)
        except ValueError:
            raise ValidationError(
                _("Write whole numbers separated by commas, e.g. 7, 3, 1.")) from None
        if any(not 0 <= day <= 60 for day in days):
            raise ValidationError(_("Each reminder must be 0–60 working days before."))
        return days

    def clean(self):
        cleaned = super().clean()
        year, deadline = cleaned.get("year"), cleaned.get("deadline")
        if year and deadline and deadline.year not in (year, year + 1):
            self.add_error("deadline", _("The deadline should fall in the reporting year or "
                                         "the one after it."))
        return cleaned


class SubmissionUploadForm(StatisticsImportForm):
    file = forms.FileField(label=_("The filled-in workbook (.xlsx)"))


class DeadlineForm(forms.Form):
    until = IsoDateField(label=_("New deadline"),
                         widget=IsoDateInput(attrs={"class": "form-control"}),
                         help_text=_("Until 23:59 that day."))
    note = forms.CharField(label=_("Why (optional)"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control"}))

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until < today:
            raise ValidationError(_("The new deadline must not be in the past."))
        if until.year > today.year + 1:
            raise ValidationError(_("Choose a date within a year."))
        return until


class _FigureForm(forms.Form):
    """A published figure typed by staff; saving one for the same indicator, year and library
    type (and county) replaces it, so no "already exists" check. The fields are the model's;
    the value is read as people type it (``6,0``, ``1 234``)."""

    model: type = NationalFigure
    field_names: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(self.model, fields=self.field_names))
        self.fields["indicator"].queryset = Indicator.objects.order_by("section__order",
                                                                       "order")
        self.fields["year"].widget.attrs.update({"min": 1990, "max": 2100})
        self.fields["value"] = forms.CharField(label=self.fields["value"].label, max_length=30)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1990 <= year <= 2100:
            raise ValidationError(_("Give a year between 1990 and 2100."))
        return year

    def clean_value(self):
        from portalas.tables import as_decimal

        try:
            value = as_decimal(self.cleaned_data["value"])
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if value is None:
            raise ValidationError(_("Give the figure."))
        return value


class NationalFigureForm(_FigureForm):
    prefix = "national"
    model = NationalFigure
    field_names = ["indicator", "year", "library_type", "value", "source"]

    def save(self):
        from statistika.services.figures import set_national_figure

        return set_national_figure(**self.cleaned_data)


class CountyFigureForm(_FigureForm):
    prefix = "county"
    model = CountyFigure
    field_names = ["county", "indicator", "year", "library_type", "value", "source"]

    def save(self):
        from statistika.services.figures import set_county_figure

        return set_county_figure(**self.cleaned_data)


class FiguresImportForm(StatisticsImportForm):
    prefix = "upload"


class LnbCodeImportForm(StatisticsImportForm):
    pass
