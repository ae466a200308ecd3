"""Forms every app shares: a report kind's parameters, a bounded year, a date typed as
YYYY-MM-DD, choices limited to what the user may see."""

import re
from datetime import date, datetime, time
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from portalas.converters import YEAR_MAX, YEAR_MIN


class YearField(forms.IntegerField):
    """A reporting year the portal knows (1990–2100)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Year"))
        super().__init__(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class IsoDateInput(forms.DateInput):
    """A date as the portal writes it, YYYY-MM-DD, whatever the browser's language: a text
    input (a browser's date input shows mm/dd/yyyy in English), digits on a phone's
    keyboard, the shape as a pattern and a placeholder, and no autocomplete."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"inputmode": "numeric", "pattern": r"\d{4}-\d{2}-\d{2}",
                    "placeholder": _("YYYY-MM-DD"), "title": _("A date as YYYY-MM-DD"),
                    "autocomplete": "off", "maxlength": "10", "size": "10"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%Y-%m-%d")


class IsoDateField(forms.DateField):
    """A date typed as YYYY-MM-DD, exactly (not 2025-1-5, 2025.01.05 or 01/05/2025), with
    an error that says so."""

    widget = IsoDateInput
    default_error_messages = {
        "invalid": _("Enter the date as YYYY-MM-DD, e.g. 2025-01-31."),
        "impossible": _("There is no such date: %(value)s."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        match = ISO_DATE.fullmatch(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValidationError(self.error_messages["impossible"], code="impossible",
                                  params={"value": text}) from None


# Lithuanian numbers have eight digits after the country code 370 (or the trunk prefix 8):
# mobiles 6xx xxxxx, Vilnius 5 xxx xxxx, the big cities' two-digit areas (37 Kaunas,
# 41 Šiauliai, 45 Panevėžys, 46 Klaipėda) and three-digit areas elsewhere (445 Kretinga),
# 700/800/900 service numbers.
PHONE_SEPARATORS = re.compile(r"[\s\-./()\u00a0]")
TWO_DIGIT_AREAS = {"37", "41", "45", "46"}


def normalize_phone(text: str) -> str:
    """A phone number as the portal stores it: ``+370 6xx xxxxx``, ``+370 5 xxx xxxx``,
    ``+370 46 xxx xxx``, ``+370 445 xxxxx``; a foreign number as ``+`` and its digits.
    Accepts ``8 6xx xxxxx``, ``86xxxxxxx``, ``(8 46) 123 456``, ``00370…``, ``+370…``.
    ValueError for anything else ("abc", too few or too many digits)."""
    raw = (text or "").strip()
    compact = PHONE_SEPARATORS.sub("", raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not re.fullmatch(r"\+?\d+", compact):
        raise ValueError(raw)
    if compact.startswith("+370"):
        national = compact[4:]
    elif compact.startswith("+"):
        if not 8 <= len(compact) - 1 <= 15:
            raise ValueError(raw)
        return compact
    elif compact.startswith("370") and len(compact) == 11:
        national = compact[3:]
    elif compact.startswith("8") and len(compact) == 9:
        national = compact[1:]
    else:
        raise ValueError(raw)
    if len(national) != 8 or national[0] in "08":
        raise ValueError(raw)
    if national[0] == "6":
        groups = (national[:3], national[3:])
    elif national[0] == "5":
        groups = (national[:1], national[1:4], national[4:])
    elif national[:2] in TWO_DIGIT_AREAS:
        groups = (national[:2], national[2:5], national[5:])
    else:
        groups = (national[:3], national[3:])
    return " ".join(("+370", *groups))


class PhoneField(forms.CharField):
    """A phone number, checked and stored normalised (``normalize_phone``)."""

    default_error_messages = {
        "invalid": _("Enter a phone number such as +370 612 34567, 8 612 34567 or "
                     "+370 46 123 456."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.setdefault("autocomplete", "tel")

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        try:
            return normalize_phone(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ScopedChoiceField(forms.ModelChoiceField):
    """A choice among the ``model``'s rows the user may see (``visible_to``), matched by
    ``to_field_name`` (a code travels better in a URL or a job's parameters than an id).
    The form fills the queryset when it knows the user."""

    def __init__(self, model, *, to_field_name: str = "pk", **kwargs):
        self.scoped_model = model
        super().__init__(queryset=model.objects.none(), to_field_name=to_field_name, **kwargs)


class ScopedFormMixin:
    """Gives every ``ScopedChoiceField`` of the form its queryset within ``user``'s scope."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, ScopedChoiceField):
                form_field.queryset = form_field.scoped_model.objects.visible_to(user)


class ReportParamsForm(ScopedFormMixin, forms.Form):
    """A report kind's parameters. The engine validates a request with it (a value outside
    the user's scope is an invalid form, answered with 404) and again when the worker
    builds the document (access may have changed since); the builder gets ``cleaned_data``.
    ``params()`` is what the job row keeps: the submitted strings of the declared fields."""

    def params(self) -> dict:
        kept = {}
        for name, form_field in self.fields.items():
            raw = self.data.get(name)
            if raw in (None, ""):
                continue
            if isinstance(form_field, ScopedChoiceField):
                raw = getattr(self.cleaned_data[name], form_field.to_field_name or "pk")
            kept[name] = str(raw)
        return kept


class NoParams(ReportParamsForm):
    """A kind without parameters."""


def form_helper(*layout) -> FormHelper:
    """A crispy helper laying the fields out without a <form> tag of its own (the kit's
    form template has it): ``form_helper(Row(Column("code"), Column("name")), "email")``."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


# --- a time of day typed as people type it (trainings' sessions, library events) ---

CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?")
CLOCK_DIGITS = re.compile(r"(\d{1,2})(\d{2})")


class ClockInput(forms.TimeInput):
    """A time of day as the portal writes it, 24-hour ``HH:MM``, whatever the browser's
    language (a browser's time input shows AM/PM in English)."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("HH:MM"), "title": _("A time as HH:MM, e.g. 09:30"),
                    "autocomplete": "off", "maxlength": "5", "size": "5",
                    "pattern": r"\d{1,2}[:.]?\d{0,2}"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%H:%M")


class ClockField(forms.TimeField):
    """A time of day: ``9:30``, ``09:30``, ``9.30``, ``0930`` or ``9`` (whole hours)."""

    widget = ClockInput
    default_error_messages = {"invalid": _("Enter the time as HH:MM, e.g. 09:30.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, time):
            return value
        text = str(value).strip()
        match = CLOCK.fullmatch(text) or CLOCK_DIGITS.fullmatch(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour > 23 or minute > 59:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return time(hour, minute)


class CommaDecimalField(forms.DecimalField):
    """A decimal as people type it: ``12,5`` or ``12.5``, spaces between thousands, a
    trailing ``€`` or ``EUR``; shown in the active language's way (``12,50`` in
    Lithuanian)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            text = (value.strip().replace("\xa0", "").replace("\u202f", "")
                    .replace(" ", "").replace("€", ""))
            if text.upper().endswith("EUR"):
                text = text[:-3]
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            value = text
        return super().to_python(value)


class MoneyInput(forms.TextInput):
    """A sum shown as the active language writes it, grouped: ``1 234,50``."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "decimal", "autocomplete": "off", "size": "12",
                    "class": "text-end"}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return formats.number_format(Decimal(str(value)).quantize(Decimal("0.01")),
                                         decimal_pos=2, use_l10n=True, force_grouping=True)
        return super().format_value(value)


class MoneyField(CommaDecimalField):
    """EUR with cents, typed as ``12 345,67 €``, ``1234,5`` or ``1234.50``; not negative
    unless ``min_value`` says otherwise."""

    widget = MoneyInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)


def refusal_to_form(form, refusal) -> None:
    """A service's refusal (``portalas.services.Refused``) onto the form: per field where it
    names one of the form's fields, else as the form's own error."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None,
                           [message for error in errors for message in error.messages])
    else:
        form.add_error(None, refusal.messages)
