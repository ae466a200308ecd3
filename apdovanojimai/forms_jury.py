"""The jury's forms: the conflict-of-interest declaration (with no "no conflict" choice when
a conflict is forced), the score sheet (one number per criterion within its range, one
decimal place) and the chair's protocol note. The services check everything again."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apdovanojimai.models import ConflictReason

NONE, CONFLICT = "none", "conflict"


class DeclarationForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your declaration"), widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Kind of conflict"), required=False,
                               choices=[("", "—"), *ConflictReason.choices])
    note = forms.CharField(label=_("Explanation"), required=False, max_length=300,
                           help_text=_("Optional: a few words for the department."))

    def __init__(self, *args, forced: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.forced = forced
        choices = [(CONFLICT, _("I have a conflict of interest with this nomination"))]
        if not forced:
            choices.insert(0, (NONE, _("I have no conflict of interest with this nomination")))
        else:
            self.fields["reason"].choices = [(forced, ConflictReason(forced).label)]
            self.fields["reason"].initial = forced
            self.initial.setdefault("answer", CONFLICT)
        self.fields["answer"].choices = choices

    def clean(self):
        data = super().clean()
        if self.forced:
            data["reason"] = self.forced
        elif data.get("answer") == CONFLICT and not data.get("reason"):
            self.add_error("reason", _("Say what the conflict of interest is."))
        return data

    @property
    def conflict(self) -> bool:
        return self.cleaned_data.get("answer") == CONFLICT


class ScoreForm(forms.Form):
    """One field per criterion (``c<id>``), the comment and the sheet's version."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("Seen by the chair and the department after scoring "
                                        "closes."))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=criterion.name, required=False, max_digits=5, decimal_places=1,
                min_value=Decimal(criterion.min_score), max_value=Decimal(criterion.max_score),
                help_text=_("From %(low)s to %(high)s; weight %(weight)s.") % {
                    "low": criterion.min_score, "high": criterion.max_score,
                    "weight": criterion.weight.normalize()},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                localize=True)
        order = [f"c{c.pk}" for c in self.criteria] + ["comment", "version"]
        self.order_fields(order)

    def criterion_fields(self):
        return [(criterion, self[f"c{criterion.pk}"]) for criterion in self.criteria]

    def values(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}


class ProtocolNoteForm(forms.Form):
    note = forms.CharField(label=pgettext_lazy("protocol", "Chair's note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Printed in the evaluation protocol: how the jury "
                                       "worked, anything to record about the decision."))
