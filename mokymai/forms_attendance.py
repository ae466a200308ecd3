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


class ManualMatchForm(forms.Form):
    """The preview's choices for the rows the import could not match: for each, one of the
    registered participants no row matched (or nobody). A field per row, ``row-<line>``."""

    def __init__(self, data=None, *, unmatched=(), missing=()):
        super().__init__(data)
        choices = [("", _("— not matched —"))] + [
            (str(r.pk), " ".join(part for part in (
                r.person.last_name, r.person.first_name,
                f"({r.library.name})" if r.library_id and r.library else "") if part))
            for r in missing]
        for item in unmatched:
            self.fields[self.field_name(item.row.line)] = forms.TypedChoiceField(
                choices=choices, required=False, coerce=int, empty_value=None,
                label=_("Registered participant"),
                # the select sits in the preview's table, the Apply button in its form
                widget=forms.Select(attrs={"form": "import-apply",
                                           "class": "form-select form-select-sm"}))

    @staticmethod
    def field_name(line: int) -> str:
        return f"row-{line}"

    def chosen(self) -> dict[int, int]:
        """Report row (line) → registration id, for the rows given a participant."""
        return {int(name.removeprefix("row-")): value
                for name, value in self.cleaned_data.items() if value is not None}
