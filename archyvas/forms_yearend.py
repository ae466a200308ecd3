"""Forms of the year end: the appraisal of expired files (into a new draft act or a draft
being prepared), a draft act's edit (basis, each file's appraisal, files removed and
added), the approval (the approving document, for one made on paper) and the return (the
reason). Each file's fields are named after it (``decision_<id>``), and the page reads them
row by row (``rows()``)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archyvas.models import ActStatus, Appraisal, DestructionAct
from archyvas.services_yearend import MAX_EXTEND_YEARS, Appraised

__all__ = ["ActFilter", "ActForm", "AppraisalForm", "ApproveForm", "ReturnForm", "file_label"]


def file_label(plan_file) -> str:
    return f"{plan_file.plan.year} {plan_file.index} {plan_file.title}"


def _appraisal_fields(form, key, label: str, *, decision=Appraisal.DESTROY, years=None,
                      note="") -> None:
    """``decision_<key>``, ``years_<key>``, ``note_<key>``: one file's appraisal."""
    form.fields[f"decision_{key}"] = forms.ChoiceField(
        label=_("Appraisal of %(file)s") % {"file": label}, choices=Appraisal.choices,
        initial=decision, widget=forms.RadioSelect, required=False)
    form.fields[f"years_{key}"] = forms.IntegerField(
        label=_("More years for %(file)s") % {"file": label}, required=False, min_value=1,
        max_value=MAX_EXTEND_YEARS, initial=years)
    form.fields[f"note_{key}"] = forms.CharField(
        label=_("Reason or note for %(file)s") % {"file": label}, required=False,
        max_length=500, initial=note)


def _check_appraisal(form, key) -> None:
    data = form.cleaned_data
    if data.get(f"decision_{key}") != Appraisal.EXTEND:
        return
    if not data.get(f"years_{key}"):
        form.add_error(f"years_{key}", _("Say for how many more years the file is kept."))
    if not (data.get(f"note_{key}") or "").strip():
        form.add_error(f"note_{key}", _("Say why the file is kept longer."))


def _appraised(form, key, plan_file) -> Appraised:
    data = form.cleaned_data
    decision = data.get(f"decision_{key}") or Appraisal.DESTROY
    return Appraised(plan_file=plan_file, decision=decision,
                     extend_years=data.get(f"years_{key}") if decision == Appraisal.EXTEND
                     else None, note=(data.get(f"note_{key}") or "").strip())


class AppraisalForm(forms.Form):
    """The expired files waiting for appraisal: those picked, each destroyed or kept longer,
    go into a new draft act or a draft being prepared."""

    into = forms.ChoiceField(label=_("Put the files into"), required=False)
    basis = forms.CharField(
        label=_("Basis of the appraisal"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a new act: who assessed the files and why they are no longer "
                    "needed."))

    def __init__(self, *args, files, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.files = list(files)
        self.drafts = {str(act.pk): act for act in drafts}
        self.fields["into"].choices = [("", _("A new draft act"))] + [
            (pk, str(act)) for pk, act in self.drafts.items()]
        for plan_file in self.files:
            label = file_label(plan_file)
            self.fields[f"pick_{plan_file.pk}"] = forms.BooleanField(
                label=_("Appraise %(file)s") % {"file": label}, required=False)
            _appraisal_fields(self, plan_file.pk, label)

    def rows(self) -> dict:
        """{file id: its bound fields} for the page's table."""
        return {f.pk: {"pick": self[f"pick_{f.pk}"], "decision": self[f"decision_{f.pk}"],
                       "years": self[f"years_{f.pk}"], "note": self[f"note_{f.pk}"]}
                for f in self.files}

    def clean(self):
        cleaned = super().clean()
        picked = [f for f in self.files if cleaned.get(f"pick_{f.pk}")]
        if not picked:
            raise forms.ValidationError(_("Choose at least one file to appraise."))
        for plan_file in picked:
            _check_appraisal(self, plan_file.pk)
        self.picked = picked
        return cleaned

    def choices(self) -> list[Appraised]:
        return [_appraised(self, f.pk, f) for f in self.picked]

    def target(self) -> DestructionAct | None:
        return self.drafts.get(self.cleaned_data.get("into") or "")


class ActForm(forms.ModelForm):
    """A draft act: its basis, each file's appraisal or removal, and expired files to add
    (to destroy; their appraisal can change afterwards)."""

    add = forms.ModelMultipleChoiceField(
        label=_("Add files whose retention ended"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = DestructionAct
        fields = ["basis"]
        widgets = {"basis": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, items, addable, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.items = list(items)
        self.fields["add"].queryset = addable
        self.fields["add"].label_from_instance = file_label
        for item in self.items:
            label = file_label(item.plan_file)
            _appraisal_fields(self, item.pk, label, decision=item.decision,
                              years=item.extend_years, note=item.note)
            self.fields[f"remove_{item.pk}"] = forms.BooleanField(
                label=_("Remove %(file)s from the act") % {"file": label}, required=False)

    def rows(self) -> list[dict]:
        return [{"item": item, "decision": self[f"decision_{item.pk}"],
                 "years": self[f"years_{item.pk}"], "note": self[f"note_{item.pk}"],
                 "remove": self[f"remove_{item.pk}"]} for item in self.items]

    def clean(self):
        cleaned = super().clean()
        for item in self.items:
            if not cleaned.get(f"remove_{item.pk}"):
                _check_appraisal(self, item.pk)
        return cleaned

    def decisions(self) -> dict:
        return {item.pk: _appraised(self, item.pk, item.plan_file) for item in self.items
                if not self.cleaned_data.get(f"remove_{item.pk}")}

    def removed(self) -> set:
        return {item.pk for item in self.items if self.cleaned_data.get(f"remove_{item.pk}")}

    def added(self) -> list[Appraised]:
        return [Appraised(plan_file=f) for f in self.cleaned_data.get("add") or []]


class ApproveForm(forms.Form):
    reference = forms.CharField(
        label=_("Approving document"), max_length=200, required=False,
        help_text=_("For an approval made on paper: e.g. the director's order of 2026-02-10 "
                    "No. V-12."))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("returning an act", "Reason"),
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class ActFilter(django_filters.FilterSet):
    """The acts list: the year and the status."""

    year = django_filters.ChoiceFilter(label=_("Year"), choices=(), empty_label=_("Any year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActStatus.choices,
                                         empty_label=_("Any status"))

    class Meta:
        model = DestructionAct
        fields = ["year", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        years = (DestructionAct.objects.visible_to(user).order_by("-year")
                 .values_list("year", flat=True).distinct()) if user is not None else []
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]
