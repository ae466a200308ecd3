"""Forms of the annual activity report: its texts, a goal's narrative, a measure's result,
an indicator's value typed in (as people type numbers: "1 234,5"), and the workflow's
comments (management returning it, staff amending an approved one)."""

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from planavimas.models import Goal, Indicator, Measure, MeasureStatus, Report
from portalas.forms import CommaDecimalField, form_helper

MARKDOWN_HELP = _("Markdown: a blank line starts a paragraph; **bold**, *italics*, lists "
                  "with “-” or “1.”.")


def _label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


def _text(model, name: str, *, rows: int = 6, help_text=MARKDOWN_HELP) -> forms.CharField:
    return forms.CharField(label=_label(model, name), required=False, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ReportTextsForm(forms.Form):
    introduction = _text(Report, "introduction", rows=8)
    problems = _text(Report, "problems")
    directions = _text(Report, "directions")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("introduction", "problems", "directions")


class GoalNarrativeForm(forms.Form):
    narrative = _text(Goal, "narrative", rows=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("narrative")


class MeasureResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_label(Measure, "result"), required=False, widget=forms.RadioSelect,
        choices=[("", _("Not assessed yet")), *MeasureStatus.choices])
    result_comment = forms.CharField(
        label=_label(Measure, "result_comment"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done; for a measure done partly or not done, why."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("result", "result_comment")


class IndicatorValueForm(forms.Form):
    """The value typed in and a comment; for an indicator a metric counts, the comment
    only (the portal counts its value)."""

    actual_manual = CommaDecimalField(
        label=_label(Indicator, "actual_manual"), required=False, min_value=Decimal("0"),
        max_digits=14, decimal_places=2,
        help_text=_("Typed as 1 234,5 (spaces between thousands, a comma or a point). Leave "
                    "it empty while it is not known."))
    comment = forms.CharField(label=_label(Indicator, "comment"), required=False,
                              max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, counted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted = counted
        if counted:
            del self.fields["actual_manual"]
        self.fields["actual_manual" if not counted else "comment"].widget.attrs.setdefault(
            "autocomplete", "off")
        self.helper = form_helper(*self.fields)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be changed"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Staff see these comments on the report until they submit it again."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("comment")


class AmendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The approved version stays readable; the amended one is approved "
                    "again by management."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("reason")
