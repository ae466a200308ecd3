"""Forms of the attendance pages: one tick on the list, the upload of a meeting tool's
participant report."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mokymai.attendance_import import MAX_BYTES


class MarkForm(forms.Form):
    """One participant ticked (present=1) or unticked (present=0) at one session."""

    registration = forms.IntegerField(min_value=1)
    present = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")],
                                     coerce=lambda value: value == "1")
    q = forms.CharField(required=False, max_length=100)


class AttendanceImportForm(forms.Form):
    file = forms.FileField(label=_("Participant report of the meeting (.csv)"),
                           help_text=_("Zoom: Reports → Usage → Participants → Export. "
                                       "Teams: the meeting's Attendance tab → Download."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than %(max)s MB. A participant "
                                    "report is much smaller: check that this is the right "
                                    "file.") % {"max": MAX_BYTES // (1024 * 1024)})
        return upload
