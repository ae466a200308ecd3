"""A CPV code as a form field: typed as ``30190000-7``, ``30190000`` or ``30190000-7 Įvairi
biuro įranga`` (what the suggestions fill in), resolved to a code of the vocabulary."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pirkimai.models import CpvCode

CODE = re.compile(r"^\s*(\d{8})(?:-(\d))?")


class CpvInput(forms.TextInput):
    """A text input showing the chosen code with its title."""

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "spellcheck": "false",
                    "placeholder": "30190000-7"}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, CpvCode):
            return str(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()
                                      and len(value) < 8):
            found = CpvCode.objects.filter(pk=value).first()
            return str(found) if found else ""
        return super().format_value(value)


class CpvField(forms.Field):
    widget = CpvInput
    default_error_messages = {
        "invalid": _("Type a CPV code of eight digits, such as 30190000-7."),
        "unknown": _("The CPV vocabulary has no code %(code)s."),
        "inactive": _("The CPV code %(code)s is no longer in use."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("CPV code"))
        kwargs.setdefault("help_text", _("Type the code or a word of its title."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, CpvCode):
            return str(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, CpvCode):
            return value
        match = CODE.match(str(value))
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        digits, check = match.groups()
        found = CpvCode.objects.filter(code__startswith=f"{digits}-").first()
        if found is None or (check and found.code != f"{digits}-{check}"):
            raise ValidationError(self.error_messages["unknown"], code="unknown",
                                  params={"code": f"{digits}-{check}" if check else digits})
        if not found.active:
            raise ValidationError(self.error_messages["inactive"], code="inactive",
                                  params={"code": found.code})
        return found
