"""Forms of the questionnaire builder: a section's title, a question (its kind, code, texts
in Lithuanian and each of the study's languages, rules, show-if) and its options (a
formset: code, label per language, matrix row flag).

Once the study has answers only texts may change: the other fields are disabled (Django
then keeps their stored values whatever is posted) and ``services_builder`` refuses them
anyway."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from paskyros.forms import CleanCharField
from tyrimai.models import LANGUAGES, Question, QuestionKind, pick

LANGUAGE_NAMES = dict(LANGUAGES)
CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,19}$")
#: Empty option rows offered under the filled ones.
EXTRA_OPTIONS = 3
NEW_QUESTION_OPTIONS = 6


def add_text_fields(form, prefix: str, label, languages, *, required_lt: bool,
                    max_length: int = 1000, textarea: bool = False, initial=None) -> list[str]:
    """One field per language (``<prefix>_lt``, ``<prefix>_en``…); returns their names."""
    names = []
    for code in languages:
        name = f"{prefix}_{code}"
        widget = forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput
        form.fields[name] = CleanCharField(
            label=f"{label} ({LANGUAGE_NAMES[code]})", max_length=max_length,
            required=required_lt and code == "lt", widget=widget)
        form.fields[name].widget.attrs["lang"] = code
        if initial is not None:
            form.initial.setdefault(name, (initial or {}).get(code, ""))
        names.append(name)
    return names


def texts_from(cleaned: dict, prefix: str, languages) -> dict:
    """The language dict of the filled fields."""
    return {code: cleaned[f"{prefix}_{code}"] for code in languages
            if cleaned.get(f"{prefix}_{code}")}


class SectionForm(forms.Form):
    def __init__(self, *args, languages, section=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        self.text_names = add_text_fields(self, "title", _("Section title"), languages,
                                          required_lt=True, max_length=200,
                                          initial=section.title if section else {})

    def title(self) -> dict:
        return texts_from(self.cleaned_data, "title", self.languages)


class ShowIfChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}. {pick(obj.text)}"[:90]


STRUCTURE_FIELDS = ("kind", "code", "required", "allow_other", "scale_points", "minimum",
                    "maximum", "show_if", "show_if_codes", "personal")


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    code = forms.CharField(label=_("Code"), max_length=20,
                           help_text=_("The column name in the exports: a letter, then "
                                       "letters, digits or _ (Q1, Q2a, age)."))
    required = forms.BooleanField(label=_("Required"), required=False)
    allow_other = forms.BooleanField(label=_("With \"other\" (an answer of one's own)"),
                                     required=False)
    scale_points = forms.IntegerField(label=_("Scale points"), min_value=3, max_value=7,
                                      initial=5,
                                      help_text=_("A Likert scale's answers (3 to 7)."))
    minimum = forms.DecimalField(label=_("Smallest number"), required=False, max_digits=12,
                                 decimal_places=2)
    maximum = forms.DecimalField(label=_("Largest number"), required=False, max_digits=12,
                                 decimal_places=2)
    show_if = ShowIfChoice(label=_("Shown only if the answer to"), required=False,
                           queryset=Question.objects.none(),
                           empty_label=_("— always shown —"))
    show_if_codes = forms.CharField(label=_("is one of (codes)"), required=False,
                                    max_length=100, help_text=_("Answer codes, e.g. 5, 6."))
    personal = forms.BooleanField(
        label=_("Asks for personal data (contact)"), required=False,
        help_text=_("Answered only with the respondent's consent; never in results or in "
                    "exports for anyone but the department."))

    def __init__(self, *args, question: Question, languages, earlier, locked: bool,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        self.locked = locked
        self.fields["show_if"].queryset = Question.objects.filter(
            pk__in=[q.pk for q in earlier]).order_by("section__order", "order", "pk")
        self.text_names = add_text_fields(self, "text", _("Question"), languages,
                                          required_lt=True, textarea=True,
                                          initial=question.text)
        self.help_names = add_text_fields(self, "help", _("Explanation"), languages,
                                          required_lt=False, initial=question.help_text)
        if question.pk:
            for name in ("kind", "code", "required", "allow_other", "scale_points",
                         "minimum", "maximum", "personal"):
                self.initial.setdefault(name, getattr(question, name))
            self.initial.setdefault("show_if", question.show_if_id)
            self.initial.setdefault("show_if_codes", ", ".join(
                str(code) for code in question.show_if_codes or []))
        if locked:
            for name in STRUCTURE_FIELDS:
                self.fields[name].disabled = True

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not CODE.match(code):
            raise ValidationError(_("Start with a letter; use letters, digits and _ only."))
        return code

    def clean_show_if_codes(self):
        text = self.cleaned_data.get("show_if_codes") or ""
        parts = [part for part in re.split(r"[\s,;]+", str(text)) if part]
        try:
            return sorted({int(part) for part in parts})
        except ValueError:
            raise ValidationError(_("Write answer codes (whole numbers) separated by "
                                    "commas.")) from None

    def apply(self, question: Question) -> Question:
        """The form's values on ``question`` (unsaved)."""
        data = self.cleaned_data
        for name in ("kind", "code", "required", "allow_other", "scale_points", "minimum",
                     "maximum", "personal"):
            setattr(question, name, data.get(name))
        question.scale_points = data.get("scale_points") or 5
        question.show_if = data.get("show_if")
        question.show_if_codes = data.get("show_if_codes") if question.show_if else []
        question.text = texts_from(data, "text", self.languages)
        question.help_text = texts_from(data, "help", self.languages)
        if question.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            question.allow_other = False
        return question


class OptionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    code = forms.IntegerField(label=_("Code"), min_value=-99, max_value=999, required=False)
    row = forms.BooleanField(label=_("Matrix row"), required=False)

    def __init__(self, *args, languages, locked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        self.locked = locked
        self.label_names = add_text_fields(self, "label", pgettext_lazy("results table", "Answer"),
                                           languages, required_lt=False, max_length=300)
        for form_field in self.fields.values():   # rows of a table: no <label> of their own
            form_field.widget.attrs.setdefault("aria-label", str(form_field.label))
        if locked:
            for name in ("id", "code", "row"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if self.locked and not self.initial:     # a row added to a locked list: ignored
            self.cleaned_data = {}
            return {}
        filled = texts_from(cleaned, "label", self.languages)
        if filled and cleaned.get("code") is None:
            self.add_error("code", _("Give the answer a code."))
        if cleaned.get("code") is not None and not filled.get("lt"):
            self.add_error("label_lt", _("Write the answer in Lithuanian."))
        return cleaned

    def as_option(self) -> dict | None:
        data = self.cleaned_data
        if self.locked and not self.initial:
            return None
        if data.get("code") is None and not data.get("id"):
            return None
        return {"id": data.get("id"), "code": data.get("code"), "row": bool(data.get("row")),
                "label": texts_from(data, "label", self.languages),
                "delete": bool(data.get("DELETE"))}


class BaseOptionFormSet(forms.BaseFormSet):
    def options(self) -> list[dict]:
        found = []
        for form in self.forms:
            if not form.has_changed() and not form.initial:
                continue
            option = form.as_option()
            if option is not None:
                found.append(option)
        return found


def option_formset(data=None, *, question: Question, languages, locked: bool):
    """The question's options as rows, and empty rows for new ones (none once locked)."""
    initial = []
    if question.pk:
        for option in question.options.all():
            row = {"id": option.pk, "code": option.code, "row": option.row}
            row.update({f"label_{code}": option.label.get(code, "") for code in languages})
            initial.append(row)
    extra = 0 if locked else (EXTRA_OPTIONS if initial else NEW_QUESTION_OPTIONS)
    factory = forms.formset_factory(OptionForm, formset=BaseOptionFormSet, extra=extra,
                                    can_delete=not locked, max_num=200, validate_max=True)
    return factory(data, initial=initial, prefix="options",
                   form_kwargs={"languages": languages, "locked": locked})
