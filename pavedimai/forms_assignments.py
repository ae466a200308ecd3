"""Forms of the assignments themselves: giving one, editing it, cancelling it; and the
parts the task forms share — whom to (a list to tick and a box to type others by e-mail or
name) and several files, each checked by its content."""

from crispy_forms.layout import Div
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pavedimai import services_assignments as services
from pavedimai import storage
from pavedimai.models import Assignment, Task
from pavedimai.selectors_people import assignable_people, find_people, person_name
from portalas.forms import IsoDateField, form_helper

__all__ = ["AssignmentForm", "AssignmentUpdateForm", "CancelForm", "MultipleFileField",
           "PeopleField", "PeopleMixin", "refusal_to_form"]


def refusal_to_form(form, refusal) -> None:
    """A service's refusal onto the form: per field where it names one."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            target = field if field in form.fields else None
            if field == "people" and "people" not in form.fields and "others" in form.fields:
                target = "others"
            form.add_error(target, [message for error in errors for message in error.messages])
    else:
        form.add_error(None, refusal.messages)


# --- people -------------------------------------------------------------------------------------

class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{person_name(obj)} · {obj.get_role_display()}"


def people_field(label) -> PeopleField:
    return PeopleField(label=label, queryset=assignable_people(), required=False,
                       help_text=_("Active staff and management accounts."))


def others_field() -> forms.CharField:
    return forms.CharField(
        label=_("Others, by e-mail address or full name"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        help_text=_("One per line, or separated by commas. Only people with an active portal "
                    "account can be given an assignment."))


class PeopleMixin:
    """``people`` (ticked) and ``others`` (typed) become ``cleaned_data["chosen"]``; a typed
    word naming no active staff or management account is an error on ``others``."""

    people_required = True

    def clean(self):
        cleaned = super().clean()
        chosen = list(cleaned.get("people") or [])
        found = find_people(cleaned.get("others", ""))
        for error in found.errors:
            self.add_error("others", error)
        chosen += found.people
        if self.people_required and not chosen and not found.errors \
                and "people" not in self.errors:
            self.add_error("people", _("Choose at least one person."))
        cleaned["chosen"] = list({person.pk: person for person in chosen}.values())
        return cleaned


# --- files --------------------------------------------------------------------------------------

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by its content (``storage.check_upload``);
    the names as the person's computer called them in ``names``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": storage.ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        cleaned, errors = [], []
        for upload in uploads:
            if not upload:
                continue
            upload = super().clean(upload, initial)
            try:
                storage.check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        if len(cleaned) > storage.MAX_ATTACHMENTS:
            raise ValidationError(_("At most %(max)s files per assignment.")
                                  % {"max": storage.MAX_ATTACHMENTS})
        return cleaned


def files_field(label=None) -> MultipleFileField:
    return MultipleFileField(
        label=label or _("Attachments"),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or PNG, up to 10 files; "
                    "you may choose several at once."))


def _deadline_help():
    return _("Today or a later day.")


# --- giving -------------------------------------------------------------------------------------

class AssignmentForm(PeopleMixin, forms.Form):
    title = forms.CharField(label=capfirst(_("title")), max_length=services.TITLE_MAX)
    text = forms.CharField(label=capfirst(_("what is to be done")),
                           widget=forms.Textarea(attrs={"rows": 6}))
    people = people_field(_("To whom"))
    others = others_field()
    deadline = IsoDateField(label=capfirst(_("deadline")), help_text=_deadline_help())
    files = files_field()

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = assignable_people(exclude=[user])
        self.helper = form_helper(
            "title", "text", "people", "others",
            Div(Div("deadline", css_class="col-sm-6 col-md-4"), css_class="row"), "files")

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        today = timezone.localdate()
        try:
            services.check_deadline(deadline, given_on=today, today=today)
        except services.Refused as refusal:
            raise ValidationError(refusal.error_dict["deadline"][0].messages) from None
        return deadline

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "text": data["text"], "people": data["chosen"],
                "deadline": data["deadline"], "files": data.get("files") or []}


# --- editing ------------------------------------------------------------------------------------

class AssignmentUpdateForm(PeopleMixin, forms.ModelForm):
    """The giver's edit: the words, the deadline, more people, more files (the people and
    files already there stay)."""

    people_required = False
    people = people_field(_("Add people"))
    others = others_field()
    files = files_field(_("More attachments"))

    class Meta:
        model = Assignment
        fields = ["title", "text", "deadline"]
        field_classes = {"deadline": IsoDateField}
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["title"].label = capfirst(_("title"))
        self.fields["text"].label = capfirst(_("what is to be done"))
        self.fields["deadline"].label = capfirst(_("deadline"))
        self.fields["deadline"].help_text = _(
            "Tasks that had the old deadline move with it; a delegate's earlier deadline "
            "stays.")
        taken = Task.objects.filter(assignment_id=self.instance.pk).values("assignee_id")
        self.fields["people"].queryset = assignable_people(
            exclude=[self.instance.given_by_id]).exclude(pk__in=taken)
        self.fields["people"].help_text = _("Those already given it are not listed.")
        self.helper = form_helper(
            "title", "text", Div(Div("deadline", css_class="col-sm-6 col-md-4"),
                                 css_class="row"), "people", "others", "files")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "text": data["text"], "deadline": data["deadline"],
                "people": data["chosen"], "files": data.get("files") or []}


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The people given it read this."))
