"""Forms of the funders' programmes, their deadline rules, a project's deadlines and the
deadline calendar's filter. Each form takes the user; choices are what the user may pick."""

from datetime import date

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Membership, Organisation
from paskyros.models import Role
from portalas.forms import IsoDateField, form_helper
from portalas.ordering import lt_order
from projektai.models import Deadline, DeadlineRule, FundingProgramme, Project
from projektai.selectors_deadlines import date_warning

User = get_user_model()


# --- programmes --------------------------------------------------------------------------------

class ProgrammeForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             max_length=200,
                             validators=[URLValidator(schemes=["http", "https"])])

    class Meta:
        model = FundingProgramme
        fields = ["name", "short_name", "funder", "website", "note", "active"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        funders = Organisation.objects.visible_to(user).filter(active=True)
        if self.instance.funder_id:
            funders = funders | Organisation.objects.filter(pk=self.instance.funder_id)
        self.fields["funder"].queryset = funders.order_by(lt_order("name"))
        self.fields["name"].strip = True
        self.helper = form_helper(
            Row(Column("name", css_class="col-md-8"), Column("short_name", css_class="col-md-4")),
            Row(Column("funder", css_class="col-md-6"), Column("website", css_class="col-md-6")),
            "note", "active")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        other = (FundingProgramme.objects.filter(name__iexact=name)
                 .exclude(pk=self.instance.pk).first())
        if other is not None:
            raise forms.ValidationError(_("The list already has the programme “%(name)s”.")
                                        % {"name": other.name})
        return name


# --- deadline rules ------------------------------------------------------------------------------

def _example_dates(today: date) -> tuple[date, date]:
    return date(today.year, 3, 1), date(today.year, 12, 15)


class DeadlineRuleForm(forms.ModelForm):
    """A funder's rule, with an example project's dates to preview what it gives."""

    example_start = IsoDateField(label=_("Example project starts on"), required=False)
    example_end = IsoDateField(label=_("Example project ends on"), required=False)

    class Meta:
        model = DeadlineRule
        fields = ["title", "kind", "anchor", "offset", "working_days", "month", "day",
                  "latest_month", "latest_day", "remind_days", "remind_working", "active",
                  "order"]
        help_texts = {
            "offset": _("How many days after the date it counts from; a negative number "
                        "for days before."),
            "month": _("For a yearly deadline: the month (1–12)."),
            "day": _("For a yearly deadline: the day of the month."),
        }

    def __init__(self, *args, user, programme: FundingProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        start, end = _example_dates(timezone.localdate())
        self.fields["example_start"].initial = start
        self.fields["example_end"].initial = end
        for name in ("offset", "month", "day", "latest_month", "latest_day", "remind_days",
                     "order"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.helper = form_helper(
            Row(Column("title", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
            Fieldset(_("When it is due"),
                     Row(Column("anchor", css_class="col-md-6"),
                         Column("offset", css_class="col-md-3"),
                         Column("working_days", css_class="col-md-3 pt-md-4")),
                     Row(Column("month", css_class="col-6 col-md-3"),
                         Column("day", css_class="col-6 col-md-3"),
                         Column("latest_month", css_class="col-6 col-md-3"),
                         Column("latest_day", css_class="col-6 col-md-3"))),
            Fieldset(_("Reminder"),
                     Row(Column("remind_days", css_class="col-md-4"),
                         Column("remind_working", css_class="col-md-4 pt-md-4"))),
            Row(Column("order", css_class="col-md-4"),
                Column("active", css_class="col-md-4 pt-md-4")),
            Fieldset(_("Preview on an example project"),
                     Row(Column("example_start", css_class="col-6 col-md-4"),
                         Column("example_end", css_class="col-6 col-md-4"))))

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("example_start"), cleaned.get("example_end")
        if start and end and end < start:
            self.add_error("example_end", _("The project cannot end before it starts."))
        return cleaned

    def example_project(self) -> Project:
        """An unsaved project with the example dates (never stored)."""
        default_start, default_end = _example_dates(timezone.localdate())
        data = getattr(self, "cleaned_data", {})
        return Project(starts_on=data.get("example_start") or default_start,
                       ends_on=data.get("example_end") or default_end)


# --- a project's deadlines ----------------------------------------------------------------------

def responsible_choices(project: Project, chosen=()):
    """Who may answer for a deadline: for a department project the department's staff and
    management; for a library's project the people of that library (and the directors of
    the libraries it belongs to). Those already chosen stay offered."""
    users = User.objects.filter(is_active=True)
    if project.is_department:
        allowed = Q(role__in=(Role.STAFF, Role.MANAGEMENT))
    else:
        ancestors = []
        library = Library.objects.filter(pk=project.owner_library_id).only("parent_id").first()
        seen = set()
        while library is not None and library.parent_id and library.parent_id not in seen:
            seen.add(library.parent_id)
            ancestors.append(library.parent_id)
            library = Library.objects.filter(pk=library.parent_id).only("parent_id").first()
        members = Membership.objects.filter(
            Q(library_id=project.owner_library_id)
            | Q(library_id__in=ancestors, role=Membership.Role.DIRECTOR))
        allowed = Q(role=Role.LIBRARIAN, pk__in=members.values("user_id"))
    chosen_ids = [user.pk for user in chosen]
    return User.objects.filter(Q(pk__in=users.filter(allowed).values("pk"))
                               | Q(pk__in=chosen_ids)).order_by(lt_order("full_name"), "pk")


class DeadlineForm(forms.ModelForm):
    class Meta:
        model = Deadline
        fields = ["title", "kind", "due_on", "remind_days", "remind_working", "responsible",
                  "note"]
        field_classes = {"due_on": IsoDateField}
        widgets = {"responsible": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance.project = project
        chosen = list(self.instance.responsible.all()) if self.instance.pk else []
        self.fields["responsible"].queryset = responsible_choices(project, chosen)
        self.fields["remind_days"].widget.attrs["inputmode"] = "numeric"
        self._due_before = self.instance.due_on if self.instance.pk else None
        self.helper = form_helper(
            Row(Column("title", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
            Row(Column("due_on", css_class="col-md-4"),
                Column("remind_days", css_class="col-md-4"),
                Column("remind_working", css_class="col-md-4 pt-md-4")),
            "responsible", "note")

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    @property
    def warning(self) -> str:
        """A due date on a weekend or a public holiday is allowed, with a word of caution."""
        due = (self.cleaned_data.get("due_on") if hasattr(self, "cleaned_data")
               else self.initial.get("due_on", self.instance.due_on))
        return date_warning(due)

    def save(self, commit=True):
        deadline = super().save(commit=False)
        if self._due_before is not None and deadline.due_on != self._due_before:
            deadline.reminded_on = None  # the new date is reminded anew
        if commit:
            deadline.save()
            self.save_m2m()
        return deadline


# --- the calendar's filter -----------------------------------------------------------------------

class DeadlineCalendarFilterForm(forms.Form):
    OWNERS = [("", _("All projects")), ("department", _("The department's projects")),
              ("libraries", _("Libraries' projects"))]

    mine = forms.BooleanField(label=_("Only mine (I am responsible)"), required=False)
    owner = forms.ChoiceField(label=_("Whose projects"), choices=OWNERS, required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"mine": False, "owner": "", "overdue": False}
        return {"mine": self.cleaned_data["mine"], "owner": self.cleaned_data["owner"],
                "overdue": self.cleaned_data["overdue"]}
