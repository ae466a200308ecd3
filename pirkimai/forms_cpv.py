"""A CPV code as a form field: typed as ``30190000-7``, ``30190000`` or ``30190000-7 Įvairi
biuro įranga`` (what the suggestions fill in), resolved to a code of the vocabulary.

As the user types (a code's first digits or a word of its title), the field asks
``pirkimai:cpv_search`` for suggestions (htmx) and offers them in a ``<datalist>`` the
browser shows under the field — the arrow keys move through them, Enter takes one; a
screen reader announces how many were found (a polite status line). Without JavaScript the
field still takes a typed code. Also: the upload form of the vocabulary's file."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pirkimai.models import CpvCode
from portalas.forms import form_helper

CODE = re.compile(r"^\s*(\d{8})(?:-(\d))?")
#: The largest vocabulary file the page takes (the official XML is about 15 MB).
MAX_UPLOAD_BYTES = 40 * 1024 * 1024


class CpvInput(forms.TextInput):
    """A text input showing the chosen code with its title, with suggestions as one
    types (``pirkimai/_cpv_input.html``: the input, its ``<datalist>`` and status line)."""

    template_name = "pirkimai/_cpv_input.html"

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "spellcheck": "false",
                    "placeholder": "30190000-7", "maxlength": "520"}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, CpvCode):
            return str(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()
                                      and len(value) < 8):
            found = CpvCode.objects.filter(pk=value).first()
            return str(found) if found else ""
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"].update({
            "list_id": f"{base}-suggestions", "status_id": f"{base}-status",
            "search_url": reverse("pirkimai:cpv_search"),
        })
        return context


class CpvField(forms.Field):
    """``kept``: a code out of use this field still accepts (the one a line being edited
    already names)."""

    widget = CpvInput
    default_error_messages = {
        "invalid": _("Type a CPV code of eight digits, such as 30190000-7."),
        "unknown": _("The CPV vocabulary has no code %(code)s."),
        "inactive": _("The CPV code %(code)s is no longer in use."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("CPV code"))
        kwargs.setdefault("help_text", _("Type the code or a word of its title, then choose "
                                         "from the suggestions."))
        self.kept = kwargs.pop("kept", None)
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
        if not found.active and found.pk != getattr(self.kept, "pk", None):
            raise ValidationError(self.error_messages["inactive"], code="inactive",
                                  params={"code": found.code})
        return found


class CpvUploadForm(forms.Form):
    """The official file of the vocabulary (XLSX or XML), whole or a part of it."""

    file = forms.FileField(
        label=_("File of the CPV vocabulary (XLSX or XML)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xml"}),
        help_text=_("The EU's CPV 2008 file: the workbook with a CODE column and a column per "
                    "language (LT, EN…), or cpv_2008.xml."))
    partial = forms.BooleanField(
        label=_("The file holds only some codes"), required=False,
        help_text=_("Add its codes and update their titles, but take no other code out of "
                    "use. Leave unticked for the whole official file: codes it no longer has "
                    "are taken out of use (kept for the plans and purchases naming them)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("file", "partial")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than %(max)s MB.")
                                  % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)},
                                  code="too_large")
        return upload
