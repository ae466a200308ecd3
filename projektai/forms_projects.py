"""The project's own form (new and edit), its status change and management's decline.
Every choice is scoped: a librarian picks only their library and its people; the status
is never edited here (the status machine in ``services`` moves it)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Membership, Organisation
from bibliotekos.scoping import visible_library_ids
from paskyros.forms import CleanCharField
from paskyros.models import Role
from portalas.forms import CommaDecimalField, IsoDateField
from portalas.ordering import lt_order
from projektai import services
from projektai.models import Call, FundingProgramme, Project, ProjectRole, ProjectStatus

DATE_FIELDS = ["starts_on", "ends_on", "application_deadline", "submitted_on", "decided_on",
               "sustainability_until"]
MONEY_FIELDS = ["requested_amount", "granted_amount", "spent_amount"]
TEXT_FIELDS = ["title", "acronym", "call_name", "application_number", "contract_number",
               "summary"]


class CallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.deadline:%Y-%m-%d})"


def _in_use(queryset, chosen_ids):
    """The rows in use, and those the project already points to."""
    return queryset.filter(Q(active=True) | Q(pk__in=[pk for pk in chosen_ids if pk]))


def responsible_choices(user, project: Project):
    """Who may be named responsible: staff choose among the department's people (and, for
    a library's project, that library's people); a librarian among the people of their
    library. The people already named stay choosable."""
    users = get_user_model().objects.filter(is_active=True)
    if user.can_manage_territory:
        allowed = Q(role__in=[Role.STAFF, Role.MANAGEMENT])
        if project.owner_library_id:
            allowed |= Q(pk__in=Membership.objects.filter(
                library_id=project.owner_library_id).values("user_id"))
    else:
        allowed = Q(role=Role.LIBRARIAN, pk__in=Membership.objects.filter(
            library_id__in=visible_library_ids(user)).values("user_id"))
    if project.pk:
        allowed |= Q(pk__in=project.responsible.values("pk"))
    return users.filter(allowed).order_by(lt_order("full_name"), "email")


class ProjectForm(forms.ModelForm):
    """A new project: what it is, who runs it, its dates and the sum asked for."""

    call = CallChoiceField(label=_("Call"), queryset=Call.objects.none(), required=False,
                           help_text=_("If the project answers a call in the portal's list."))

    class Meta:
        model = Project
        fields = ["title", "acronym", "programme", "call", "call_name", "application_number",
                  "role", "lead_organisation", "owner_library", "summary", "responsible",
                  "starts_on", "ends_on", "application_deadline", "requested_amount"]
        field_classes = {**dict.fromkeys(DATE_FIELDS, IsoDateField),
                         **dict.fromkeys(MONEY_FIELDS, CommaDecimalField),
                         **dict.fromkeys(TEXT_FIELDS, CleanCharField)}
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}),
                   "responsible": forms.CheckboxSelectMultiple,
                   "role": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        project = self.instance
        self.fields["programme"].queryset = _in_use(
            FundingProgramme.objects.order_by(lt_order("name")), [project.programme_id])
        self.fields["lead_organisation"].queryset = _in_use(
            Organisation.objects.order_by(lt_order("name")), [project.lead_organisation_id])
        calls = Call.objects.visible_to(user).filter(
            Q(published=True) | Q(pk=project.call_id or 0))
        self.fields["call"].queryset = calls.order_by("-deadline", "pk")
        self.fields["responsible"].queryset = responsible_choices(user, project)
        self.fields["responsible"].help_text = _("They get the deadline reminders. None "
                                                 "ticked: you.") if project.pk is None \
            else _("They get the deadline reminders.")
        self._owner_field(project)

    def _owner_field(self, project: Project) -> None:
        field = self.fields["owner_library"]
        field.queryset = services.libraries_for_new_project(self.user).order_by(
            lt_order("name"))
        if self.user.can_manage_territory:
            field.required = False
            field.empty_label = _("— none: the department's project —")
            return
        # a librarian registers their own library's project, never the department's
        field.required = True
        field.empty_label = None
        field.help_text = _("The project of your library.")
        if project.pk is not None:
            field.disabled = True  # a project stays with its library
            field.queryset = field.queryset.model.objects.filter(pk=project.owner_library_id)
        else:
            own = (Membership.objects.filter(user=self.user).order_by("pk")
                   .values_list("library_id", flat=True).first())
            self.initial.setdefault("owner_library", own)

    def clean(self):
        data = super().clean()
        if data.get("role") == ProjectRole.LEAD:
            data["lead_organisation"] = None
        return data


class ProjectUpdateForm(ProjectForm):
    """Editing adds what becomes known later: the contract, the sums granted and spent,
    the submission and decision dates, the sustainability period."""

    class Meta(ProjectForm.Meta):
        fields = [*ProjectForm.Meta.fields, "contract_number", "granted_amount",
                  "spent_amount", "submitted_on", "decided_on", "sustainability_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.budget_lines.exists():
            self.fields["spent_amount"].disabled = True
            self.fields["spent_amount"].help_text = _("Counted from the budget lines.")


class StatusForm(forms.Form):
    """A move along the pipeline: where to, the version seen, an optional note."""

    to = forms.ChoiceField(label=_("New status"), choices=ProjectStatus.choices)
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    note = CleanCharField(label=_("Note"), max_length=255, required=False)


class DeclineForm(forms.Form):
    note = CleanCharField(label=_("What should change"), max_length=240,
                          widget=forms.Textarea(attrs={"rows": 3}))
