"""Forms of a task: report progress or completion (a note or a file), delegate onwards,
reopen (the giver), comment."""

from crispy_forms.layout import Div
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pavedimai import storage
from pavedimai.forms_assignments import PeopleMixin, others_field, people_field
from pavedimai.models import Task
from pavedimai.selectors_people import assignable_people
from portalas.forms import IsoDateField, form_helper

__all__ = ["CommentForm", "DelegateForm", "ReopenForm", "ReportForm"]


class NoteFileMixin:
    """A note or a file (at least one), the file checked by its content."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            try:
                storage.check_upload(upload)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("file") \
                and "file" not in self.errors:
            self.add_error("text", _("Write a note or attach a file."))
        return cleaned


def _note(label, help_text="") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=5000, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": 3}))


def _file(label) -> forms.FileField:
    return forms.FileField(label=label, required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": storage.ACCEPT}),
                           help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or "
                                       "PNG."))


class ReportForm(NoteFileMixin, forms.Form):
    """What was done; the button pressed says whether it is progress or completion."""

    text = _note(_("Note"), _("What has been done, what is left."))
    file = _file(_("File (the result, a draft…)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("text", "file")


class DelegateForm(PeopleMixin, forms.Form):
    people = people_field(_("To whom"))
    others = others_field()
    deadline = IsoDateField(label=_("Their deadline"), required=False)
    text = _note(_("Note for them"), _("What part they are to do, what you expect."))

    def __init__(self, *args, task: Task, **kwargs):
        self.task = task
        super().__init__(*args, **kwargs)
        taken = Task.objects.filter(assignment_id=task.assignment_id).values("assignee_id")
        self.fields["people"].queryset = assignable_people(
            exclude=[task.assignment.given_by_id]).exclude(pk__in=taken)
        self.fields["deadline"].help_text = _(
            "Empty: your deadline, %(day)s. An earlier day is allowed, a later one not.") % {
            "day": task.deadline.isoformat()}
        self.helper = form_helper("people", "others", Div(
            Div("deadline", css_class="col-sm-6 col-md-4"), css_class="row"), "text")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"people": data["chosen"], "deadline": data.get("deadline"),
                "text": data.get("text", "")}


class ReopenForm(forms.Form):
    text = forms.CharField(label=_("What is still to be done?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("The person reads this in the e-mail and on the page."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("text")


class CommentForm(NoteFileMixin, forms.Form):
    text = _note(pgettext_lazy("noun", "Comment"))
    file = _file(_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("text", "file")
