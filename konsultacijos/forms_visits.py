"""Forms of the methodological field visits: the plan (library, date, purpose, who goes),
the report (met with, findings, recommendations) with the new agreed actions as rows, one
action added from the visit's page, cancelling with a reason and marking an action done.

Choices are scoped: the libraries are those the user sees (in Lithuanian order), the
people who go are the department's active staff (and whoever the visit already names).
The version the user saw travels in a hidden field: ``services`` refuses a save made
after someone else's."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bibliotekos.models import Library
from konsultacijos.models import FieldVisit, VisitAction
from paskyros.forms import CleanCharField
from paskyros.models import Role
from portalas.forms import IsoDateField
from portalas.ordering import lt_order

#: New agreed actions offered as empty rows on the report page ("more rows" adds these).
ACTION_ROWS = 3
MORE_ACTION_ROWS = 2
MAX_ACTIONS = 50


def library_choices(current_id=None):
    """Every library still open (and the one the visit already names), Lithuanian order.
    Staff plan visits: they see the whole territory."""
    today = timezone.localdate()
    open_now = Q(closed__isnull=True) | Q(closed__gt=today)
    if current_id:
        open_now |= Q(pk=current_id)
    return Library.objects.filter(open_now).order_by(lt_order("name"), "pk")


def participant_choices(chosen_ids=()):
    """The department's active people (staff and management), and those already named."""
    allowed = Q(is_active=True, role__in=[Role.STAFF, Role.MANAGEMENT])
    chosen = [pk for pk in chosen_ids if pk]
    if chosen:
        allowed |= Q(pk__in=chosen)
    return get_user_model().objects.filter(allowed).order_by(lt_order("full_name"), "email")


class LibraryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class VisitForm(forms.ModelForm):
    """The plan of a visit (new and edit)."""

    library = LibraryChoiceField(label=_("Library"), queryset=Library.objects.none())
    visit_on = IsoDateField(label=_("Date"))
    purpose = CleanCharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)
    participants = forms.ModelMultipleChoiceField(
        label=_("Who goes"), queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Say who goes.")})
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    class Meta:
        model = FieldVisit
        fields = ["library", "visit_on", "purpose", "participants"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        visit = self.instance
        self.fields["library"].queryset = library_choices(visit.library_id)
        chosen = list(visit.participants.values_list("pk", flat=True)) if visit.pk else []
        self.fields["participants"].queryset = participant_choices(chosen)
        if visit.pk:
            self.initial.setdefault("version", visit.version)
        else:
            self.initial.setdefault("participants", [user.pk])


class ReportForm(forms.ModelForm):
    """What the visit found and recommends (the agreed actions are rows of their own)."""

    met_with = CleanCharField(label=_("Met with"), max_length=300, required=False,
                              help_text=_("The library's people the visit met: names and "
                                          "posts."))
    findings = CleanCharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 6}),
                              max_length=10000,
                              error_messages={"required": _("Write what the visit found.")})
    recommendations = CleanCharField(label=_("Recommendations"), required=False,
                                     max_length=10000,
                                     widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    class Meta:
        model = FieldVisit
        fields = ["met_with", "findings", "recommendations"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)


class ActionForm(forms.ModelForm):
    """One agreed action: what, who answers for it, by when."""

    text = CleanCharField(label=_("Action"), max_length=500)
    responsible = CleanCharField(label=pgettext_lazy("agreed action", "Responsible"),
                                 max_length=150, required=False,
                                 help_text=_("A person or a post at the library."))
    due_on = IsoDateField(label=pgettext_lazy("agreed action", "Deadline"))

    widths = {"text": "col-md-12 col-xl-6", "responsible": "col-md-7 col-xl-4",
              "due_on": "col-md-5 col-xl-2"}

    class Meta:
        model = VisitAction
        fields = ["text", "responsible", "due_on"]


ActionFormSet = forms.modelformset_factory(
    VisitAction, form=ActionForm, extra=ACTION_ROWS, can_delete=True, max_num=MAX_ACTIONS,
    validate_max=True)


def action_formset(data=None):
    """New agreed actions only: the actions already agreed are listed, not edited here."""
    return ActionFormSet(data=data, queryset=VisitAction.objects.none(), prefix="actions")


class CancelForm(forms.Form):
    reason = CleanCharField(label=_("Reason for cancelling"), max_length=300,
                            error_messages={"required": _("Say why the visit is cancelled.")})


class ActionDoneForm(forms.Form):
    note = CleanCharField(label=_("Note"), max_length=500, required=False,
                          help_text=_("What was done (optional)."))
