"""Forms of the procurement plan: a new year's plan (empty, or with the lines of the latest
plan before it), the plan's note, and a line (a planned purchase) — its value typed as
"12 345,67 €", its CPV code with suggestions, and the warning, to confirm, when a line
marked low-value reaches the threshold of its kind alone or with the year's other
low-value lines of its code."""

from crispy_forms.layout import HTML, Div, Fieldset
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pirkimai import selectors_plan as selectors
from pirkimai import services_plan as services
from pirkimai.forms_cpv import CpvField
from pirkimai.models import PlannedPurchase, ProcurementPlan, PurchaseKind
from portalas.forms import MoneyField, YearField, form_helper
from portalas.templatetags.portal import number

QUARTERS = (
    (1, gettext_lazy("1st quarter (January–March)")),
    (2, gettext_lazy("2nd quarter (April–June)")),
    (3, gettext_lazy("3rd quarter (July–September)")),
    (4, gettext_lazy("4th quarter (October–December)")),
)


def _row(*names, size="col-md-6"):
    return Div(*[Div(name, css_class=size) for name in names], css_class="row g-2")


def refusal_to_form(form, refusal) -> None:
    """A service's refusal onto the form: per field where it names one."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None,
                           [message for error in errors for message in error.messages])
    else:
        form.add_error(None, refusal.messages)


def money(value) -> str:
    return f"{number(value, 2)} €"


class PlanCreateForm(forms.Form):
    year = YearField(help_text=gettext_lazy("The year whose purchases the plan lists."))
    copy_lines = forms.BooleanField(
        label=gettext_lazy("Start from the lines of the latest plan"), required=False,
        help_text=gettext_lazy("Each line is copied with its object, CPV code, kind, value, "
                               "quarter, method, responsible person and note: change what "
                               "the new year needs."))
    note = forms.CharField(label=capfirst(gettext_lazy("note")), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        latest = ProcurementPlan.objects.visible_to(user).order_by("-year").first()
        today = timezone.localdate()
        self.latest = latest
        self.fields["year"].initial = max(latest.year + 1, today.year) if latest else today.year
        self.fields["copy_lines"].initial = latest is not None
        if latest is None:
            self.fields["copy_lines"].disabled = True
            self.fields["copy_lines"].help_text = _("There is no earlier plan yet.")
        self.helper = form_helper("year", "copy_lines", "note")


class PlanNoteForm(forms.ModelForm):
    class Meta:
        model = ProcurementPlan
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = _("What the plan's readers should know: its basis, "
                                          "what changed during the year.")
        self.helper = form_helper("note")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class PlannedPurchaseForm(forms.ModelForm):
    """A line of ``plan``. ``warning`` is the threshold check of a low-value line when it
    warns; one at the threshold or above (``over``) is saved only once confirmed."""

    cpv = CpvField()
    estimated_value = MoneyField(label=capfirst(gettext_lazy("estimated value without VAT, EUR")),
                                 min_value=None,
                                 help_text=gettext_lazy("Typed as 12 345,67 (spaces, a comma "
                                                        "or a point, “€” may be left in)."))
    quarter = forms.TypedChoiceField(label=capfirst(gettext_lazy("quarter")), choices=QUARTERS,
                                     coerce=int,
                                     help_text=gettext_lazy("When the purchase is to start."))
    responsible = PersonChoiceField(label=capfirst(gettext_lazy("responsible")),
                                    queryset=get_user_model().objects.none(), required=False)
    confirm_method = forms.BooleanField(
        label=gettext_lazy("Yes, keep it a low-value purchase"), required=False,
        help_text=gettext_lazy("Confirm only when there is a reason the threshold does not "
                               "apply (e.g. the purchases are of different objects)."))

    class Meta:
        model = PlannedPurchase
        fields = ["title", "cpv", "kind", "estimated_value", "quarter", "method",
                  "duration_months", "green", "responsible", "note"]
        widgets = {"title": forms.TextInput(attrs={"maxlength": 300})}

    def __init__(self, *args, user=None, plan: ProcurementPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.warning = None
        self.instance.plan = plan
        instance = self.instance
        if instance.pk and instance.cpv_id:
            self.fields["cpv"].kept = instance.cpv      # a code taken out of use may stay
        self.fields["responsible"].queryset = selectors.responsible_people(
            instance.responsible_id)
        self.fields["duration_months"].widget.attrs.update({"min": 1, "max": 120})
        self.fields["kind"].help_text = _("Works have their own, higher threshold.")
        self.helper = form_helper(
            "title", _row("cpv", "kind"),
            _row("estimated_value", "quarter"),
            _row("method", "duration_months"),
            HTML('{% include "pirkimai/_plan_line_warning.html" %}'),
            "green",
            Fieldset(_("Who and what else"), "responsible", "note"))

    def clean_estimated_value(self):
        value = self.cleaned_data.get("estimated_value")
        if value is not None and value <= 0:
            raise ValidationError(_("The estimated value must be more than zero."),
                                  code="not_positive")
        return value

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        probe = PlannedPurchase(pk=self.instance.pk, plan=self.plan, cpv=data.get("cpv"),
                                kind=data.get("kind") or PurchaseKind.GOODS,
                                estimated_value=data.get("estimated_value"),
                                method=data.get("method"))
        self.warning = services.line_warning(probe, year=self.plan.year)
        if self.warning and self.warning.level == "over" and not data.get("confirm_method"):
            self.add_error("confirm_method", _("Change the method, or confirm that it stays a "
                                               "low-value purchase."))
        return data

    def warning_text(self) -> str:
        """The warning in words: the line alone at the threshold, or with the year's other
        low-value lines of its code (near the threshold, or at it and above)."""
        check = self.warning
        if check is None:
            return ""
        data = self.cleaned_data
        kind = PurchaseKind(data["kind"]).label.lower()
        values = {"value": money(data["estimated_value"]), "threshold": money(check.threshold),
                  "total": money(check.total), "percent": number(check.percent, 1),
                  "code": data["cpv"].code, "kind": kind}
        if data["estimated_value"] >= check.threshold:
            return _("%(value)s is at or above the low-value threshold for %(kind)s "
                     "(%(threshold)s): a purchase of this value is not a low-value one. Choose "
                     "the procedure it needs, or confirm.") % values
        if check.level == "over":
            return _("With the plan's other low-value lines of CPV code %(code)s, the year's "
                     "low-value purchases of the code come to %(total)s, %(percent)s %% of the "
                     "threshold for %(kind)s (%(threshold)s): bought one by one as low-value "
                     "purchases, they would split one purchase. Choose the procedure it needs, "
                     "or confirm.") % values
        return _("With the plan's other low-value lines of CPV code %(code)s, the year's "
                 "low-value purchases of the code come to %(total)s, %(percent)s %% of the "
                 "threshold for %(kind)s (%(threshold)s).") % values
