"""The form of a concluded contract or invoice (registering and editing): the supplier
chosen from the list or typed as a new one, the money typed as people type it
("12 345,67 €"), the signed copy checked by its content, and the box that confirms the
service's warnings once they are shown."""

import re

from crispy_forms.layout import Div, Fieldset
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bibliotekos.models import Organisation, OrganisationKind
from pirkimai import services_contracts as services
from pirkimai.models import Contract, ContractKind, PlannedPurchase
from portalas.forms import IsoDateField, MoneyField, form_helper
from portalas.ordering import lt_order

#: A Lithuanian company code: 9 digits (7 for those registered long ago).
COMPANY_CODE = re.compile(r"\d{7}|\d{9}")
#: What the file input offers (the content decides).
ACCEPT = ".pdf,.docx,.jpg,.jpeg,.png"


def _row(*names, size="col-md-6"):
    return Div(*[Div(name, css_class=size) for name in names], css_class="row g-2")


def refusal_to_form(form, refusal) -> None:
    """A service's refusal onto the form: per field where it names one."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None,
                           [message for error in errors for message in error.messages])
    else:
        form.add_error(None, refusal.messages)


class SupplierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})" if obj.code else obj.name


class PlannedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.plan.year} · {obj.cpv.code} · {obj.title} ({obj.get_method_display()})"


def supplier_choices(keep=None):
    """Businesses in use and whoever already supplies or offered (and ``keep``)."""
    chosen = (Q(kind=OrganisationKind.BUSINESS, active=True)
              | Q(procurement_contracts__isnull=False) | Q(procurement_offers__isnull=False))
    if keep is not None:
        chosen |= Q(pk=keep)
    return (Organisation.objects.filter(chosen).distinct()
            .order_by(lt_order("name"), "pk"))


def planned_choices(user, keep=None):
    """Lines of this year's and last year's plans (and ``keep``)."""
    year = timezone.localdate().year
    lines = PlannedPurchase.objects.visible_to(user).filter(plan__year__in=(year, year - 1))
    if keep is not None:
        lines = PlannedPurchase.objects.visible_to(user).filter(
            Q(pk__in=lines.values("pk")) | Q(pk=keep))
    return lines.select_related("plan", "cpv").order_by("-plan__year", "quarter", "position",
                                                        "pk")


def _money(label, *, required=True, help_text=""):
    return MoneyField(label=label, required=required, min_value=None, help_text=help_text,
                      error_messages={"invalid": _("Type a sum such as 12 345,67 €.")})


class ContractForm(forms.Form):
    """A contract or invoice. ``purchase`` (registering a purchase's contract) fixes the plan
    line; ``instance`` (an edit) gives the initial values."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ContractKind.choices,
                             widget=forms.RadioSelect, initial=ContractKind.CONTRACT)
    number = forms.CharField(label=_("Number"), max_length=60,
                             help_text=_("As written on the contract or the invoice."))
    signed_on = IsoDateField(label=_("Date"), help_text=_("The day it was signed or issued."))
    supplier = SupplierChoiceField(label=_("Supplier"), queryset=Organisation.objects.none(),
                                   required=False, empty_label=_("— a new supplier —"))
    supplier_name = forms.CharField(label=_("New supplier's name"), max_length=255,
                                    required=False,
                                    help_text=_("Only when the supplier is not in the list: "
                                                "it is added to the list of organisations."))
    supplier_code = forms.CharField(label=_("New supplier's company code"), max_length=20,
                                    required=False)
    subject = forms.CharField(label=pgettext_lazy("contract", "Subject"), max_length=300,
                              widget=forms.Textarea(attrs={"rows": 2}))
    value = _money(_("Value without VAT, EUR"),
                   help_text=_("For example 12 345,67 €."))
    value_with_vat = _money(_("Value with VAT, EUR"), required=False)
    ends_on = IsoDateField(label=_("Valid until"), required=False,
                           help_text=_("Leave empty for an invoice or a contract fulfilled at "
                                       "once."))
    extension = forms.CharField(label=_("Extension"), max_length=300, required=False,
                                help_text=_("Whether and how the term may be extended."))
    payment = forms.CharField(label=_("Payment terms"), max_length=300, required=False,
                              help_text=_("For example: within 30 days of receiving the "
                                          "invoice."))
    planned = PlannedChoiceField(label=_("Line of the plan"),
                                 queryset=PlannedPurchase.objects.none(), required=False,
                                 empty_label=_("— none —"),
                                 help_text=_("For a contract concluded without a purchase "
                                             "request in the portal."))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("Signed copy"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    confirm = forms.BooleanField(label=_("I have checked the warnings above: save it anyway."),
                                 required=False)

    def __init__(self, *args, user, instance: Contract | None = None, purchase=None,
                 **kwargs):
        self.user, self.instance = user, instance
        self.purchase = purchase if instance is None else instance.purchase
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {**{name: getattr(instance, name)
                                    for name in services.CONTRACT_FIELDS},
                                 "supplier": instance.supplier_id,
                                 "planned": instance.planned_id, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.file_data, self.file_name = None, ""
        self.show_confirm = False
        keep_supplier = instance.supplier_id if instance is not None else None
        self.fields["supplier"].queryset = supplier_choices(keep_supplier)
        if self.purchase is not None:
            del self.fields["planned"]
        else:
            self.fields["planned"].queryset = planned_choices(
                user, instance.planned_id if instance is not None else None)
        self.fields["file"].help_text = (
            _("A new file replaces the stored copy. PDF, DOCX, JPG or PNG.")
            if instance is not None and instance.has_file
            else _("Optional: PDF, DOCX, JPG or PNG, checked by its content."))
        self.helper = form_helper(
            "kind", _row("number", "signed_on"),
            Fieldset(_("Supplier"), "supplier", _row("supplier_name", "supplier_code")),
            "subject", _row("value", "value_with_vat"),
            Fieldset(_("Term and payment"), _row("ends_on", "extension"), "payment"),
            *(["planned"] if "planned" in self.fields else []), "note", "file")

    def clean_supplier_code(self):
        code = "".join((self.cleaned_data.get("supplier_code") or "").split())
        if code and not COMPANY_CODE.fullmatch(code):
            raise ValidationError(_("A company code has 9 digits (7 for an older one)."),
                                  code="company_code")
        return code

    def clean_value(self):
        value = self.cleaned_data.get("value")
        if value is not None and value <= 0:
            raise ValidationError(_("The value must be more than zero."), code="positive")
        return value

    def clean_value_with_vat(self):
        value = self.cleaned_data.get("value_with_vat")
        if value is not None and value <= 0:
            raise ValidationError(_("The value must be more than zero."), code="positive")
        return value

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            data = upload.read()
            try:
                services.check_upload(data, upload.name)
            except services.Refused as refusal:
                raise ValidationError(refusal.message_dict["file"], code="file") from None
            self.file_data, self.file_name = data, upload.name
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("supplier") and not (data.get("supplier_name") or "").strip() \
                and "supplier" not in self.errors:
            self.add_error("supplier", _("Choose the supplier or type a new one's name."))
        signed_on, ends_on = data.get("signed_on"), data.get("ends_on")
        if signed_on and ends_on and ends_on < signed_on:
            self.add_error("ends_on", _("It cannot be valid until a day before it was signed "
                                        "(%(day)s).") % {"day": signed_on.isoformat()})
        value, with_vat = data.get("value"), data.get("value_with_vat")
        if value and with_vat and with_vat < value:
            self.add_error("value_with_vat", _("The value with VAT cannot be less than the "
                                               "value without VAT."))
        return data

    def warned(self, warnings: list[str]) -> None:
        """Show the service's warnings and the box confirming them."""
        self.warnings = warnings
        self.show_confirm = True

    def _values(self) -> dict:
        data = self.cleaned_data
        values = {name: data.get(name) for name in services.CONTRACT_FIELDS
                  if name in self.fields}
        for name in ("number", "subject", "extension", "payment", "note"):
            values[name] = values.get(name) or ""
        return values

    def service_arguments(self) -> dict:
        """The arguments of ``services.register_contract`` (with ``by`` added by the view)."""
        data = self.cleaned_data
        values = self._values()
        values.update({"supplier_name": data.get("supplier_name", ""),
                       "supplier_code": data.get("supplier_code", ""),
                       "purchase": self.purchase, "file": self.file_data,
                       "file_name": self.file_name, "confirmed": bool(data.get("confirm"))})
        if self.purchase is not None:
            values.pop("planned", None)
        return values

    def changed_values(self) -> dict:
        """The arguments of ``services.update_contract`` besides the contract, version and
        user."""
        data = self.cleaned_data
        values = self._values()
        values.update({"supplier_name": data.get("supplier_name", ""),
                       "supplier_code": data.get("supplier_code", ""),
                       "file": self.file_data, "file_name": self.file_name,
                       "confirmed": bool(data.get("confirm"))})
        return values


class PublishedForm(forms.Form):
    """The day the summary was published in CVP IS."""

    published_on = IsoDateField(label=_("Published in CVP IS on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("published_on")
