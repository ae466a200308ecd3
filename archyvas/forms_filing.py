"""Forms of the filing area: "File it" (a file of the year's plan and a note) and moving a
filed document to another file.

The select offers the open files of the document's year (the one its kind suggests first
chosen); the field accepts any file of a plan, so a file that closed after the page was
opened is refused by the service with its reason, not as an invalid choice."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archyvas.models import PlanFile
from archyvas.selectors_filing import file_label


class _PlanFileField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return file_label(obj)


def _offer(field, files, *, empty) -> None:
    """Show ``files`` in the select (the field still takes any file: the service decides)."""
    field.choices = [("", empty)] + [(plan_file.pk, file_label(plan_file)) for plan_file in files]


class FileItForm(forms.Form):
    plan_file = _PlanFileField(label=pgettext_lazy("archive", "File"),
                               queryset=PlanFile.objects.select_related("plan"),
                               error_messages={"required": _("Choose the file to file it "
                                                             "into.")})
    note = forms.CharField(label=_("Note"), max_length=500, required=False,
                           help_text=_("Optional: anything worth knowing about this copy."))

    def __init__(self, *args, files=(), **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self.fields["plan_file"], files, empty=_("Choose a file"))


class MoveForm(forms.Form):
    plan_file = _PlanFileField(label=_("Move to the file"),
                               queryset=PlanFile.objects.select_related("plan"),
                               error_messages={"required": _("Choose the file to move it "
                                                             "into.")})

    def __init__(self, *args, files=(), **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self.fields["plan_file"], files, empty=_("Choose a file"))
