"""Forms of the registers area: a register; the quick registration of a document (one
short form: the fields of the register's kind, the year's plan files, the file itself
checked by its content); its edit; "answered without a letter"."""

import re

from crispy_forms.layout import Div, Fieldset
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archyvas import selectors_plan, storage
from archyvas import selectors_registers as selectors
from archyvas.models import PlanFile, Register, RegisterEntry, RegisterKind
from archyvas.services_registers import ENTRY_FIELDS
from portalas.forms import IsoDateField, form_helper

PREFIX = re.compile(r"[0-9A-Za-zĄČĘĖĮŠŲŪŽąčęėįšųūž.()-]{1,10}")
PLAN_FILE = pgettext_lazy("file of the plan", "file")
#: What the file input offers (the archive checks the content, not the name).
ACCEPT = ".pdf,.docx,.odt,.xlsx,.ods,.jpg,.jpeg,.png"


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


def file_label(plan_file: PlanFile) -> str:
    return f"{plan_file.index} {plan_file.title}"


class PlanFileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return file_label(obj)


class ResponsibleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class RegisterForm(forms.ModelForm):
    class Meta:
        model = Register
        fields = ["name", "kind", "prefix", "active", "position"]
        labels = {"position": pgettext_lazy("order in a list", "Position")}
        help_texts = {"position": _("Registers are listed in this order (smallest first).")}

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["prefix"].widget.attrs.update({"maxlength": 10, "size": 6,
                                                   "autocapitalize": "characters"})
        self.helper = form_helper("name", _row("kind", "prefix"), _row("position", "active"))

    def clean_prefix(self):
        prefix = (self.cleaned_data.get("prefix") or "").strip().upper()
        if not PREFIX.fullmatch(prefix):
            raise ValidationError(_("Letters, digits, dots, hyphens and brackets only (up to "
                                    "10), e.g. G or 1.5-S."), code="prefix")
        return prefix


class FileMixin:
    """The document's file: read, and checked by its content (``storage.check_upload``)."""

    file_data: bytes | None = None
    file_name: str = ""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            data = upload.read()
            try:
                storage.check_upload(data, upload.name)
            except storage.RefusedFile as refusal:
                raise ValidationError(str(refusal), code="file") from None
            self.file_data, self.file_name = data, upload.name
        return upload


def _file_field(help_text):
    return forms.FileField(label=capfirst(_("the document's file")), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text=help_text)


class EntryForm(FileMixin, forms.Form):
    """The quick registration. ``initial`` may carry a register, a plan file (register
    another), or an incoming document it answers (``reply_to``)."""

    register = forms.ModelChoiceField(label=capfirst(_("register")),
                                      queryset=Register.objects.none())
    registered_on = IsoDateField(label=capfirst(_("registered on")))
    document_date = IsoDateField(label=capfirst(_("document date")), required=False)
    their_number = forms.CharField(label=capfirst(_("correspondent's number")),
                                   max_length=100, required=False,
                                   help_text=_("The number the sender gave it."))
    correspondent = forms.CharField(label=capfirst(_("correspondent")), max_length=300,
                                    required=False)
    title = forms.CharField(label=capfirst(_("title")), max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))
    plan_file = PlanFileChoiceField(label=capfirst(PLAN_FILE), queryset=PlanFile.objects.none(),
                                    required=False,
                                    empty_label=_("— not filed yet —"))
    responsible = ResponsibleChoiceField(label=capfirst(_("responsible")),
                                         queryset=get_user_model().objects.none(),
                                         required=False, empty_label=_("— nobody —"))
    answer_due = IsoDateField(label=capfirst(_("answer due")), required=False,
                              help_text=_("Leave empty when no answer is needed."))
    note = forms.CharField(label=capfirst(_("note")), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    file = _file_field(_("Optional: PDF, DOCX, ODT, XLSX, ODS, JPG or PNG, checked by its "
                         "content."))
    reply_to = forms.ModelChoiceField(queryset=RegisterEntry.objects.none(), required=False,
                                      widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        registers = Register.objects.visible_to(user).filter(active=True)
        self.fields["register"].queryset = registers
        self.fields["reply_to"].queryset = (RegisterEntry.objects.visible_to(user)
                                            .filter(register__kind=RegisterKind.INCOMING))
        self.fields["responsible"].queryset = selectors.responsible_choices()
        self.register_kind = self._kind(registers)
        self.year = self._year()
        # any file of any plan is looked up (a file of another year gets a clear refusal
        # from the service); the select offers the open files of the year's plan
        self.fields["plan_file"].queryset = PlanFile.objects.visible_to(user)
        self.fields["plan_file"].choices = [("", self.fields["plan_file"].empty_label),
                                            *selectors_plan.file_choices(self.year)]
        self.fields["plan_file"].help_text = _("The files of the %(year)s file plan.") \
            % {"year": self.year}
        if self.register_kind != RegisterKind.INCOMING:
            del self.fields["their_number"], self.fields["answer_due"]
        self.fields["correspondent"].help_text = {
            RegisterKind.INCOMING: _("Who sent it."),
            RegisterKind.OUTGOING: _("To whom it goes."),
        }.get(self.register_kind, _("Optional for an internal document."))
        self.fields["register"].widget.attrs["autofocus"] = True
        incoming = self.register_kind == RegisterKind.INCOMING
        self.helper = form_helper(
            _row("register", "registered_on"),
            _row("document_date", "their_number") if incoming else _row("document_date"),
            "correspondent", "title", "plan_file",
            _row("responsible", "answer_due") if incoming else _row("responsible"),
            "note", "reply_to")   # the file is rendered apart (the refresh leaves it out)

    def _value(self, name):
        if self.is_bound:
            return self.data.get(name)
        value = self.initial.get(name)
        return getattr(value, "pk", value)

    def _kind(self, registers) -> str:
        chosen = self._value("register")
        found = next((r for r in registers if str(r.pk) == str(chosen)), None) \
            if chosen else None
        return found.kind if found is not None else ""

    def _year(self) -> int:
        value = self._value("registered_on")
        try:
            return IsoDateField().to_python(value).year
        except (ValidationError, AttributeError):
            return timezone.localdate().year

    def clean(self):
        data = super().clean()
        register = data.get("register")
        if register is not None and register.kind != RegisterKind.INTERNAL \
                and not data.get("correspondent"):
            self.add_error("correspondent",
                           _("Write who sent it.") if register.kind == RegisterKind.INCOMING
                           else _("Write to whom it goes."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"register": data["register"], "registered_on": data["registered_on"],
                "title": data["title"], "correspondent": data.get("correspondent", ""),
                "document_date": data.get("document_date"),
                "their_number": data.get("their_number", ""),
                "plan_file": data.get("plan_file"), "responsible": data.get("responsible"),
                "answer_due": data.get("answer_due"), "reply_to": data.get("reply_to"),
                "note": data.get("note", ""), "file": self.file_data,
                "file_name": self.file_name}


class EntryUpdateForm(FileMixin, forms.ModelForm):
    """An edit of a registered document: everything but its number, register and year."""

    registered_on = IsoDateField(label=capfirst(_("registered on")))
    document_date = IsoDateField(label=capfirst(_("document date")), required=False)
    answer_due = IsoDateField(label=capfirst(_("answer due")), required=False)
    answered_on = IsoDateField(label=capfirst(_("answered on")), required=False)
    plan_file = PlanFileChoiceField(label=capfirst(PLAN_FILE), queryset=PlanFile.objects.none(),
                                    required=False, empty_label=_("— not filed yet —"))
    responsible = ResponsibleChoiceField(label=capfirst(_("responsible")),
                                         queryset=get_user_model().objects.none(),
                                         required=False, empty_label=_("— nobody —"))
    file = _file_field(_("A new file replaces the stored one."))

    class Meta:
        model = RegisterEntry
        fields = list(ENTRY_FIELDS)
        widgets = {"title": forms.Textarea(attrs={"rows": 2}),
                   "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        entry = self.instance
        self.fields["responsible"].queryset = selectors.responsible_choices(
            keep=entry.responsible_id)
        self.fields["plan_file"].queryset = PlanFile.objects.visible_to(user)
        offered = list(selectors.open_files(entry.year))
        if entry.plan_file_id and all(f.pk != entry.plan_file_id for f in offered):
            offered.insert(0, entry.plan_file)
        self.fields["plan_file"].choices = [("", self.fields["plan_file"].empty_label)] + [
            (plan_file.pk, file_label(plan_file)) for plan_file in offered]
        incoming = entry.register.kind == RegisterKind.INCOMING
        if not incoming:
            for name in ("their_number", "answer_due", "answered_on", "answer_note"):
                del self.fields[name]
        if not entry.has_file and entry.file_destroyed_on is not None:
            del self.fields["file"]
        elif not entry.has_file:
            self.fields["file"].help_text = _("Optional: PDF, DOCX, ODT, XLSX, ODS, JPG or "
                                              "PNG, checked by its content.")
        answer = Fieldset(_("The answer"), _row("answer_due", "answered_on"), "answer_note") \
            if incoming else Div()
        self.helper = form_helper(
            _row("registered_on", "document_date"),
            _row("their_number", "correspondent") if incoming else "correspondent",
            "title", "plan_file", "responsible", answer, "note",
            *(["file"] if "file" in self.fields else []))

    def changed_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ENTRY_FIELDS
                if name in self.fields}


class AnsweredForm(forms.Form):
    """An incoming document answered without a registered letter."""

    answered_on = IsoDateField(label=capfirst(_("answered on")))
    note = forms.CharField(label=_("How was it answered?"), max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("E.g. by phone on 2026-12-03, the librarian was "
                                       "advised to…"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("answered_on", "note")
