"""Forms of the minutes and decisions: the introduction, the agenda items (a formset: add,
remove, renumber), a decision, marking it done, reassigning and cancelling it. Choices are
what the user may pick (the meeting's items; the group's current members with an account
and staff); the services check again."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bendradarbiavimas.models import AgendaItem, Decision, Meeting
from bendradarbiavimas.selectors_minutes import decision_owner_choices
from portalas.forms import IsoDateField

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists starting with “-”; an empty line "
                  "between paragraphs.")


class MinutesForm(forms.Form):
    intro = forms.CharField(
        label=_("Introduction"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: anything said before the agenda (Markdown)."))


class AgendaItemForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    order = forms.IntegerField(label=pgettext_lazy("agenda item", "No."), min_value=1,
                               max_value=999, required=False,
                               widget=forms.NumberInput(attrs={"class": "form-control"}))
    title = forms.CharField(label=_("Item"), max_length=500, required=False)
    presenter = forms.CharField(label=_("Presented by"), max_length=255, required=False)
    discussed = forms.CharField(label=_("Discussed (SVARSTYTA)"), required=False,
                                max_length=20000, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=MARKDOWN_HELP)
    votes = forms.CharField(label=_("Voted"), max_length=120, required=False,
                            help_text=_("For example: for 5, against 0, abstained 1."))
    decided = forms.CharField(label=_("Decided (NUTARTA)"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=MARKDOWN_HELP)

    def clean(self):
        data = super().clean()
        filled = any((data.get(name) or "").strip() for name in
                     ("presenter", "discussed", "votes", "decided"))
        if filled and not (data.get("title") or "").strip() and not data.get("DELETE"):
            self.add_error("title", _("Name the item."))
        return data


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and (form.cleaned_data.get("title") or "").strip()]
        if not kept:
            raise forms.ValidationError(_("The minutes need at least one agenda item."))


AgendaItemFormSet = forms.formset_factory(AgendaItemForm, formset=BaseItemFormSet, extra=1,
                                          can_delete=True, max_num=60, validate_max=True)


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


def _owner_field(meeting: Meeting) -> OwnerChoiceField:
    return OwnerChoiceField(
        queryset=decision_owner_choices(meeting.group), required=False,
        label=pgettext_lazy("decision", "Responsible"),
        help_text=_("A current member of the group with a portal account, or department "
                    "staff."))


class OwnerMixin:
    def clean(self):
        data = super().clean()
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            self.add_error("owner", _("Choose who is responsible, or type the name of "
                                      "someone outside the portal."))
        return data


class DecisionForm(OwnerMixin, forms.ModelForm):
    """A new decision (owner included) or an edit (the owner changes by reassigning)."""

    due_on = IsoDateField(label=_("Deadline"), required=False)

    class Meta:
        model = Decision
        fields = ["item", "text", "owner", "owner_name", "due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: Meeting, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["item"].queryset = AgendaItem.objects.filter(meeting=meeting).order_by(
            "order", "pk")
        self.fields["item"].label_from_instance = lambda item: f"{item.order}. {item.title}"
        if self.instance.pk:
            del self.fields["owner"]
            del self.fields["owner_name"]
        else:
            self.fields["owner"] = _owner_field(meeting)
            self.fields["owner_name"].help_text = _("Only when the responsible person is not "
                                                    "in the portal.")

    def clean(self):
        if self.instance.pk:
            return forms.ModelForm.clean(self)
        return super().clean()

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        day = timezone.localtime(self.meeting.starts_at).date()
        if due_on is not None and due_on < day:
            raise forms.ValidationError(_("The deadline cannot be before the meeting "
                                          "(%(day)s).") % {"day": day.isoformat()})
        return due_on


class DoneForm(forms.Form):
    done_on = IsoDateField(label=_("Done on"))
    note = forms.CharField(label=_("How it was done"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate()


class ReassignForm(OwnerMixin, forms.Form):
    owner_name = forms.CharField(label=_("Or someone outside the portal"), max_length=160,
                                 required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"owner": _owner_field(meeting), **self.fields}
        self.fields["owner"].label = _("New responsible person")


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
