"""Forms of the annual plan: a new year's plan (empty, or a copy of the latest plan before
it), the plan's introduction, and its goals, objectives, measures and indicators. Numbers
are typed the Lithuanian way ("1 234,5"); an indicator is linked to any metric some app
declares (grouped by charter function) or left to be typed in."""

from datetime import date

from crispy_forms.layout import Div
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from paskyros.models import Role
from planavimas import tree
from planavimas.models import Chapter, Goal, Indicator, Measure, Objective, Plan
from portalas.forms import (
    CommaDecimalField,
    IsoDateField,
    MoneyField,
    YearField,
    form_helper,
    refusal_to_form,
)
from portalas.ordering import lt_order

__all__ = ["GoalForm", "IndicatorForm", "IntroductionForm", "MeasureForm", "ObjectiveForm",
           "PlanCreateForm", "refusal_to_form"]

QUARTERS = (
    ("", gettext_lazy("—")),
    (1, gettext_lazy("1st quarter (January–March)")),
    (2, gettext_lazy("2nd quarter (April–June)")),
    (3, gettext_lazy("3rd quarter (July–September)")),
    (4, gettext_lazy("4th quarter (October–December)")),
)


def _row(*names, size="col-md-6"):
    return Div(*[Div(name, css_class=size) for name in names], css_class="row g-2")


class PlanCreateForm(forms.Form):
    year = YearField(help_text=gettext_lazy("The year the plan is for."))
    copy = forms.BooleanField(
        label=gettext_lazy("Start from a copy of last year's plan"), required=False,
        help_text=gettext_lazy("Its goals, objectives, measures (with their people, deadlines "
                               "moved to the new year, resources and budgets) and indicators "
                               "(with their planned values and links) are copied: change what "
                               "the new year needs."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = Plan.objects.order_by("-year").only("year").first()
        self.latest = latest
        self.fields["year"].initial = latest.year + 1 if latest else timezone.localdate().year
        self.fields["copy"].initial = latest is not None
        if latest is None:
            self.fields["copy"].disabled = True
            self.fields["copy"].help_text = _("There is no earlier plan yet.")
        self.helper = form_helper("year", "copy")


class IntroductionForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("introduction")


def _position_field(help_text):
    return forms.IntegerField(label=capfirst(gettext_lazy("number")), required=False,
                              min_value=1, max_value=999, help_text=help_text)


class GoalForm(forms.ModelForm):
    chapter = forms.TypedChoiceField(label=capfirst(gettext_lazy("chapter of the charter")),
                                     choices=Chapter.choices, coerce=int)
    position = _position_field(gettext_lazy("Its place among the goals of its chapter; empty: "
                                            "after them."))

    class Meta:
        model = Goal
        fields = ["chapter", "title", "description"]
        widgets = {"title": forms.TextInput(attrs={"maxlength": 500}),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        if self.instance.pk:
            self.fields["position"].initial = self.instance.position
        self.helper = form_helper(_row("chapter", "position"), "title", "description")


class ObjectiveForm(forms.ModelForm):
    position = _position_field(gettext_lazy("Its place among the goal's objectives; empty: "
                                            "after them."))

    class Meta:
        model = Objective
        fields = ["title"]
        widgets = {"title": forms.TextInput(attrs={"maxlength": 500})}

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.goal = goal
        if self.instance.pk:
            self.fields["position"].initial = self.instance.position
        self.helper = form_helper("title", _row("position", size="col-md-4"))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


def responsible_people(current_id=None):
    """Active staff and management (and administrators) — and whoever is responsible now."""
    return (get_user_model().objects
            .filter(Q(is_active=True, role__in=[Role.STAFF, Role.MANAGEMENT, Role.ADMIN])
                    | Q(pk=current_id))
            .order_by(lt_order("full_name"), "email"))


class MeasureForm(forms.ModelForm):
    responsible = PersonChoiceField(label=capfirst(gettext_lazy("responsible person")),
                                    queryset=get_user_model().objects.none(), required=False)
    deadline = IsoDateField(label=capfirst(gettext_lazy("deadline")), required=False)
    quarter = forms.TypedChoiceField(
        label=capfirst(gettext_lazy("quarter")), choices=QUARTERS, coerce=int,
        empty_value=None, required=False,
        help_text=gettext_lazy("When there is no exact deadline: the quarter by which it is "
                               "done."))
    budget = MoneyField(label=capfirst(gettext_lazy("budget, EUR")), required=False,
                        max_digits=14,
                        help_text=gettext_lazy("Typed as 1 234,50; empty when none is needed."))

    class Meta:
        model = Measure
        fields = ["title", "responsible_unit", "responsible", "deadline", "quarter",
                  "resources", "budget"]
        widgets = {"title": forms.TextInput(attrs={"maxlength": 500})}

    def __init__(self, *args, objective: Objective, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.objective = objective
        self.year = year
        self.fields["responsible"].queryset = responsible_people(self.instance.responsible_id)
        self.fields["deadline"].help_text = _("A day of %(year)s, as YYYY-MM-DD.") % {
            "year": year}
        self.helper = form_helper("title", _row("responsible_unit", "responsible"),
                                  _row("deadline", "quarter"), _row("resources", "budget"))

    def clean_deadline(self):
        day = self.cleaned_data.get("deadline")
        if day is not None and not date(self.year, 1, 1) <= day <= date(self.year, 12, 31):
            raise ValidationError(_("The deadline must be within %(year)s, the plan's year.")
                                  % {"year": self.year}, code="year")
        return day

    def clean(self):
        data = super().clean()
        if data.get("deadline") and data.get("quarter"):
            self.add_error("quarter", _("Give either a deadline or a quarter, not both."))
        return data


class IndicatorForm(forms.ModelForm):
    planned = CommaDecimalField(label=capfirst(gettext_lazy("planned value")), min_value=0,
                                max_digits=14, decimal_places=2,
                                help_text=gettext_lazy("Typed as 1 234,5."))
    metric = forms.ChoiceField(
        label=capfirst(gettext_lazy("counted by the portal")), required=False,
        help_text=gettext_lazy("Linked to what the portal records, the report's actual value "
                               "counts itself; otherwise it is typed in."))

    class Meta:
        model = Indicator
        fields = ["name", "unit", "planned", "metric"]
        widgets = {"name": forms.TextInput(attrs={"maxlength": 300}),
                   "unit": forms.TextInput(attrs={"maxlength": 40, "size": 10})}

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.measure = measure
        groups = tree.metric_choices()
        self.known = {value for _group, choices in groups for value, _label in choices}
        choices = [("", _("Typed in, not counted by the portal")), *groups]
        stored = self.instance.metric
        if stored and stored not in self.known:
            choices.append((_("No longer counted"), [(stored, stored)]))
        self.fields["metric"].choices = choices
        self.fields["unit"].help_text = _("E.g. units, persons, hours, %.")
        self.helper = form_helper("name", _row("unit", "planned", size="col-md-4"), "metric")

    def clean_metric(self):
        name = self.cleaned_data.get("metric") or ""
        if name and name not in self.known:
            raise ValidationError(_("The portal no longer counts “%(name)s”: choose another "
                                    "count or leave the value to be typed in.") % {"name": name},
                                  code="unknown")
        return name
