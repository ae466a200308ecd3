"""Forms of the nominations: the nomination (the nominee chosen by the category's kind,
only from what the user may nominate — ``services_nominations.nominee_queryset``), its
edit (carrying the ``version`` it was opened with), and the reason a nomination is not
admitted. Attachments: several files, each checked by its content and size."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apdovanojimai import services_nominations as services
from apdovanojimai.models import Category, NomineeKind
from paskyros.forms import CleanCharField
from portalas.ordering import lt_order

ACCEPT = ".pdf,.docx,.jpg,.jpeg,.png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked by ``services.check_file``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
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
                services.check_file(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        if len(cleaned) > services.MAX_FILES:
            raise ValidationError(_("At most %(max)s files per nomination.")
                                  % {"max": services.MAX_FILES})
        return cleaned


def files_field():
    return MultipleFileField(
        label=_("Attachments"),
        help_text=_("Letters of support, photos, a description: PDF, DOCX, JPEG or PNG, up "
                    "to 10 files; you may choose several at once."))


class NomineeField(forms.ModelChoiceField):
    kind = NomineeKind.PERSON

    def label_from_instance(self, obj):
        if self.kind == NomineeKind.PERSON:
            parts = [obj.list_name, str(obj.post or obj.position or ""),
                     obj.library.name if obj.library else ""]
            return " · ".join(part for part in parts if part)
        if self.kind == NomineeKind.LIBRARY:
            return f"{obj.name} ({obj.code})"
        return f"{obj.title} · {obj.library.name}"


NOMINEE_LABELS = {NomineeKind.PERSON: _("The person nominated"),
                  NomineeKind.LIBRARY: _("The library nominated"),
                  NomineeKind.PRACTICE: _("The good practice nominated")}
NOMINEE_HELP = {
    NomineeKind.PERSON: _("People of the registry who work in the libraries you direct."),
    NomineeKind.LIBRARY: _("Your library and its outlets."),
    NomineeKind.PRACTICE: _("Practices of your libraries published in the good-practice "
                            "catalogue."),
}
ORDER = {NomineeKind.PERSON: ("last_name", "first_name"), NomineeKind.LIBRARY: ("name",),
         NomineeKind.PRACTICE: ("title",)}


class NominationForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.none(),
                                      widget=forms.HiddenInput)
    nominee = NomineeField(queryset=None)
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Why they deserve the award, against the contest's criteria."))
    files = files_field()

    def __init__(self, *args, user, category: Category, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.category = user, category
        kind = category.nominee_kind
        self.fields["category"].queryset = Category.objects.filter(pk=category.pk)
        self.fields["category"].initial = category.pk
        first, *rest = ORDER[kind]
        nominee = self.fields["nominee"]
        nominee.kind = kind
        nominee.queryset = (services.nominee_queryset(user, kind)
                            .order_by(lt_order(first), *rest, "pk"))
        nominee.label = NOMINEE_LABELS[kind]
        nominee.help_text = (NOMINEE_HELP[kind] if not services.may_manage(user)
                             else _("Anyone of the territory (you are the department's staff)."))
        nominee.error_messages["invalid_choice"] = _(
            "Choose someone from the list: you may nominate only from the libraries you "
            "direct.")

    def clean_justification(self):
        text = (self.cleaned_data.get("justification") or "").strip()
        if not text:
            raise ValidationError(_("Say why you nominate them."), code="required")
        return text

    def nominee_kwargs(self) -> dict:
        return {self.category.nominee_kind: self.cleaned_data["nominee"]}


class NominationUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Why they deserve the award, against the contest's criteria."))
    files = files_field()

    def clean_justification(self):
        text = (self.cleaned_data.get("justification") or "").strip()
        if not text:
            raise ValidationError(_("Say why you nominate them."), code="required")
        return text


class RejectForm(forms.Form):
    reason = CleanCharField(label=_("Why it is not admitted"),
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("The nominator receives this by e-mail."))
