"""Forms of the purchases area: the request (pirkimo paraiška), the moves' comments, and
the supplier survey (its header and one row per supplier asked).

Choices are scoped: the plan's lines of the request's year, the projects the user sees (those
that may pay for a purchase, and the one already named), their budget lines. The service
checks them again; the form only offers what makes sense."""

from decimal import Decimal

from crispy_forms.layout import Div, Fieldset
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bibliotekos.models import Organisation, OrganisationKind
from pirkimai.forms_cpv import CpvField
from pirkimai.models import (
    AskedHow,
    Criterion,
    PlannedPurchase,
    Purchase,
    SurveyMethod,
)
from pirkimai.services_purchases import REQUEST_FIELDS, OfferRow
from portalas.forms import IsoDateField, MoneyField, form_helper
from portalas.templatetags.portal import number

__all__ = ["BaseOfferFormSet", "CancelForm", "DecisionForm", "OfferFormSet", "OfferRowForm",
           "PurchaseForm", "ReturnForm", "SurveyForm", "funding_statuses", "offer_formset",
           "refusal_to_form", "supplier_choices"]


def funding_statuses():
    """A project in these states may pay for a purchase."""
    from projektai.models import ProjectStatus

    return (ProjectStatus.GRANTED, ProjectStatus.RUNNING, ProjectStatus.REPORTING,
            ProjectStatus.SUSTAINABILITY)


def refusal_to_form(form, refusal) -> None:
    """A service's refusal onto the form: per field where it names one."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None,
                           [message for error in errors for message in error.messages])
    else:
        form.add_error(None, refusal.messages)


def _row(*names, size="col-md-6"):
    return Div(*[Div(name, css_class=size) for name in names], css_class="row g-2")


def positive_money(value: Decimal | None, *, required: bool = True) -> Decimal | None:
    """Money more than zero ("12 345,67 €" already read by the field)."""
    if value is None:
        if required:
            raise ValidationError(_("Write the sum, e.g. 12 345,67."), code="required")
        return None
    if value <= 0:
        raise ValidationError(_("The sum must be more than zero."), code="not_positive")
    return value


class PlannedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} · {obj.cpv.code} · {number(obj.estimated_value, 2)} €"


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class BudgetLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        project = obj.project.acronym or obj.project.title[:40]
        return f"{project}: {obj}"


class PurchaseForm(forms.ModelForm):
    """The request. ``year``: the request's year (a new one: this year), whose plan's lines
    are offered."""

    cpv = CpvField()
    estimated_value = MoneyField(label=capfirst(_("estimated value without VAT, EUR")),
                                 min_value=None,
                                 help_text=_("E.g. 12 345,67 — without VAT."))
    needed_by = IsoDateField(label=capfirst(_("needed by")), required=False)
    planned = PlannedChoiceField(label=capfirst(_("line of the plan")),
                                 queryset=PlannedPurchase.objects.none(), required=False,
                                 empty_label=_("— not in the plan —"))
    project = ProjectChoiceField(label=capfirst(_("project")), queryset=None,
                                 required=False, empty_label=_("— none —"),
                                 help_text=_("When the purchase is paid from a project."))
    project_budget_line = BudgetLineChoiceField(label=capfirst(_("project's budget line")),
                                                queryset=None, required=False,
                                                empty_label=_("— none —"))
    confirm_threshold = forms.BooleanField(
        label=_("I have checked: the purchase is not split into low-value parts; save it "
                "all the same"), required=False)

    class Meta:
        model = Purchase
        fields = list(REQUEST_FIELDS)
        widgets = {"need": forms.Textarea(attrs={"rows": 4}),
                   "justification": forms.Textarea(attrs={"rows": 3}),
                   "title": forms.TextInput(attrs={"maxlength": 300})}

    def __init__(self, *args, user, year: int | None = None, **kwargs):
        from projektai.models import BudgetLine, Project

        self.user = user
        super().__init__(*args, **kwargs)
        self.year = year or (self.instance.year if self.instance.pk
                             else timezone.localdate().year)
        self.threshold_warning = ""
        planned = (PlannedPurchase.objects.visible_to(user).filter(plan__year=self.year)
                   .select_related("cpv").order_by("quarter", "position", "pk"))
        self.fields["planned"].queryset = planned
        self.fields["planned"].help_text = _("A line of the %(year)s procurement plan, if the "
                                             "purchase is planned.") % {"year": self.year}
        current = self.instance.project_id if self.instance.pk else None
        projects = Project.objects.visible_to(user).filter(status__in=funding_statuses())
        if current:
            projects = Project.objects.visible_to(user).filter(
                pk__in=projects.values("pk")) | Project.objects.visible_to(user).filter(
                pk=current)
        self.fields["project"].queryset = projects.order_by("title")
        self.fields["project_budget_line"].queryset = (
            BudgetLine.objects.visible_to(user).filter(project__in=projects.values("pk"))
            .select_related("project").order_by("project__title", "order", "pk"))
        self.fields["project_budget_line"].help_text = _(
            "Only a line of the chosen project.")
        self.fields["kind"].label = capfirst(pgettext_lazy("purchase", "kind"))
        self.helper = form_helper(
            Fieldset(_("What is bought"), "title", _row("cpv", "kind"), "planned"),
            Fieldset(_("Why"), "need", "justification"),
            Fieldset(_("Value and money"), _row("estimated_value", "needed_by"),
                     _row("funding", "budget_line"), _row("project", "project_budget_line")),
        )

    def clean_estimated_value(self):
        return positive_money(self.cleaned_data.get("estimated_value"))

    def clean(self):
        data = super().clean()
        line, project = data.get("project_budget_line"), data.get("project")
        if line is not None and (project is None or line.project_id != project.pk):
            self.add_error("project_budget_line",
                           _("Choose a budget line of the chosen project."))
        return data

    def _post_clean(self):
        # the service validates the whole request (and numbers it): no model validation
        # here, which would check constraints of fields the form does not have
        pass

    def service_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in REQUEST_FIELDS}


class DecisionForm(forms.Form):
    """Management's approval, with an optional note."""

    note = forms.CharField(label=_("Note (optional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What to correct"), max_length=2000,
                              help_text=_("The requester sees this comment."),
                              widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is the purchase cancelled?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


# --- the supplier survey ------------------------------------------------------------------------

class SupplierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})" if obj.code else obj.name


class SurveyForm(forms.Form):
    """The survey's header and the choice: ``chosen`` is the index of a row of the
    formset (as the page numbers them), ``reason`` why it is chosen."""

    method = forms.ChoiceField(label=capfirst(_("how suppliers were asked")),
                               choices=[("", "—"), *SurveyMethod.choices])
    surveyed_on = IsoDateField(label=capfirst(_("survey date")))
    criterion = forms.ChoiceField(label=capfirst(_("criterion")), choices=Criterion.choices,
                                  initial=Criterion.PRICE)
    chosen = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(label=capfirst(_("why this supplier")), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class OfferRowForm(forms.Form):
    """One supplier asked: one of the list, or a new one by name and company code."""

    supplier = SupplierChoiceField(label=capfirst(_("supplier")), required=False,
                                   queryset=Organisation.objects.none(),
                                   empty_label=_("— a new supplier —"))
    new_name = forms.CharField(label=_("New supplier's name"), max_length=255,
                               required=False)
    new_code = forms.CharField(label=capfirst(_("company code")), max_length=20,
                               required=False)
    asked_on = IsoDateField(label=capfirst(_("asked on")))
    asked_how = forms.ChoiceField(label=capfirst(_("asked how")), choices=AskedHow.choices)
    answered = forms.BooleanField(label=capfirst(_("offered")), required=False,
                                  initial=True)
    price = MoneyField(label=capfirst(_("price without VAT, EUR")), required=False,
                       min_value=None)
    price_with_vat = MoneyField(label=capfirst(_("price with VAT, EUR")), required=False,
                                min_value=None)
    note = forms.CharField(label=capfirst(_("note")), max_length=500, required=False)

    def __init__(self, *args, suppliers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if suppliers is not None:
            self.fields["supplier"].queryset = suppliers

    def has_changed(self):
        """An extra row counts once a supplier is chosen or named (its defaults — today,
        by e-mail, offered — alone leave it empty)."""
        data = {name: self[name].value() for name in ("supplier", "new_name", "price",
                                                      "price_with_vat", "note")}
        return any(value not in (None, "") for value in data.values())

    def clean_price(self):
        return positive_money(self.cleaned_data.get("price"), required=False)

    def clean_price_with_vat(self):
        return positive_money(self.cleaned_data.get("price_with_vat"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("supplier") is None and not (data.get("new_name") or "").strip():
            raise ValidationError(_("Choose a supplier or write the new one's name."),
                                  code="supplier")
        return data

    def row(self, *, number: int | None = None) -> OfferRow:
        data = self.cleaned_data
        return OfferRow(number=number, supplier=data.get("supplier"),
                        new_name=data.get("new_name", ""),
                        new_code=data.get("new_code", ""), asked_on=data["asked_on"],
                        asked_how=data["asked_how"], answered=data.get("answered", False),
                        price=data.get("price"), price_with_vat=data.get("price_with_vat"),
                        note=data.get("note", ""))


class BaseOfferFormSet(forms.BaseFormSet):
    def __init__(self, *args, suppliers=None, **kwargs):
        self.suppliers = suppliers
        super().__init__(*args, **kwargs)

    def initial_form_count(self):
        """Every row is an "extra" one: a row left empty (or emptied) is no offer."""
        return 0

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "suppliers": self.suppliers}

    def kept(self) -> list[tuple[int, OfferRowForm]]:
        """(the row's number on the page, its form) of each row filled and not removed."""
        return [(index, form) for index, form in enumerate(self.forms)
                if form.has_changed() and not self._should_delete_form(form)]


OfferFormSet = forms.formset_factory(OfferRowForm, formset=BaseOfferFormSet, extra=0,
                                     can_delete=True, max_num=40, validate_max=True)


def supplier_choices(user, purchase):
    """Businesses of the organisation list in use, and those the purchase's offers name."""
    asked = purchase.offers.values("supplier_id")
    return (Organisation.objects.visible_to(user)
            .filter(kind=OrganisationKind.BUSINESS, active=True)
            | Organisation.objects.filter(pk__in=asked)).distinct().order_by("name")


def offer_formset(user, purchase, data=None, *, extra_rows: int = 0):
    """The rows: the stored offers (or three empty rows for a first survey) and
    ``extra_rows`` more."""
    offers = list(purchase.offers.select_related("supplier").order_by("position", "pk"))
    today = timezone.localdate()
    initial = [{"supplier": offer.supplier_id, "asked_on": offer.asked_on,
                "asked_how": offer.asked_how, "answered": offer.answered,
                "price": offer.price, "price_with_vat": offer.price_with_vat,
                "note": offer.note} for offer in offers]
    blank = {"asked_on": today, "asked_how": AskedHow.EMAIL, "answered": True}
    initial += [dict(blank) for _ in range((3 if not offers else 1) + extra_rows)]
    formset = OfferFormSet(data, initial=initial if data is None else None, prefix="rows",
                           suppliers=supplier_choices(user, purchase))
    if data is None:
        formset.extra = len(initial)
    return formset
