"""Forms of the contests area: a contest (dates typed YYYY-MM-DD, the timetable in order,
the rules file checked by its content), a category with who is eligible, a criterion
with its weight and score range, and a jury member (a portal user, the role)."""

from crispy_forms.layout import Div, Fieldset
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apdovanojimai import services_contests as services
from apdovanojimai.models import Category, Contest, Criterion, JuryRole, NomineeKind
from bibliotekos.models import LibraryKind, Position
from portalas.forms import IsoDateField, YearField, form_helper
from portalas.ordering import lt_order


def _row(*names, size="col-md-6"):
    return Div(*[Div(name, css_class=size) for name in names], css_class="row g-2")


def refusal_to_form(form, refusal) -> None:
    """A service's refusal onto the form: per field where it names one."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None,
                           [message for error in errors for message in error.messages])
    else:
        form.add_error(None, refusal.messages)


class ContestForm(forms.ModelForm):
    year = YearField()
    nominations_open = IsoDateField(label=capfirst(_("nominations open")))
    nominations_close = IsoDateField(
        label=capfirst(_("nominations close")),
        help_text=Contest._meta.get_field("nominations_close").help_text)
    scoring_until = IsoDateField(label=capfirst(_("jury scores until")), required=False)
    results_on = IsoDateField(label=capfirst(_("results announced")), required=False)
    rules_file = forms.FileField(
        label=capfirst(_("rules (file)")), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
        help_text=_("PDF, DOCX or ODT; signed-in users download it from the contest's page."))

    class Meta:
        model = Contest
        fields = list(services.CONTEST_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4}),
                   "rules": forms.Textarea(attrs={"rows": 6}),
                   "diploma_text": forms.Textarea(attrs={"rows": 2}),
                   "letter_text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Fieldset(_("The contest"), "title", _row("year", "level"), "description"),
            Fieldset(_("Rules"), "rules", "rules_file"),
            Fieldset(_("Timetable"), _row("nominations_open", "nominations_close"),
                     _row("scoring_until", "results_on")),
            Fieldset(_("Diplomas and thank-you letters"), "diploma_text", "letter_text",
                     _row("signatory_name", "signatory_position")))

    def clean_rules_file(self):
        upload = self.cleaned_data.get("rules_file")
        if isinstance(upload, UploadedFile):
            services.check_rules_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        probe = Contest(**{name: data.get(name) for name in
                           ("nominations_open", "nominations_close", "scoring_until",
                            "results_on")})
        try:
            services.check_timetable(probe)
        except services.Refused as refusal:
            for field, errors in refusal.error_dict.items():
                if field not in self.errors:
                    self.add_error(field, [m for e in errors for m in e.messages])
        return data


class CategoryForm(forms.ModelForm):
    library_kinds = forms.MultipleChoiceField(
        label=capfirst(_("kinds of library")), choices=LibraryKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Category._meta.get_field("library_kinds").help_text)
    positions = forms.ModelMultipleChoiceField(
        label=capfirst(_("posts")), queryset=Position.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a nominated person: one of these posts; none chosen: any."))

    class Meta:
        model = Category
        fields = ["name", "description", "nominee_kind", "library_kinds", "positions",
                  "min_service_years", "places", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.positions.values_list("pk", flat=True)) \
            if self.instance.pk else []
        self.fields["positions"].queryset = (
            Position.objects.filter(Q(active=True) | Q(pk__in=chosen))
            .order_by("order", lt_order("name")))
        self.fields["min_service_years"].widget.attrs.update({"min": 0, "max": 60})
        self.fields["places"].widget.attrs.update({"min": 1, "max": 50})
        self.helper = form_helper(
            "name", "description", "nominee_kind",
            Fieldset(_("Who is eligible"), "library_kinds", "positions", "min_service_years"),
            _row("places", "order"))

    def clean_places(self):
        places = self.cleaned_data.get("places")
        if places is not None and places < 1:
            raise ValidationError(_("At least one nomination of a category wins."),
                                  code="places")
        return places

    def clean_min_service_years(self):
        years = self.cleaned_data.get("min_service_years")
        if years is not None and years > 60:
            raise ValidationError(_("At most 60 years."), code="years")
        return years

    def clean(self):
        data = super().clean()
        if data.get("nominee_kind") and data["nominee_kind"] != NomineeKind.PERSON:
            if data.get("positions"):
                self.add_error("positions", _("Posts apply only when a person is "
                                              "nominated."))
            if data.get("min_service_years"):
                self.add_error("min_service_years", _("Years of service apply only when a "
                                                      "person is nominated."))
        return data


class CriterionForm(forms.ModelForm):
    weight = forms.DecimalField(label=capfirst(_("weight")), max_digits=5, decimal_places=2,
                                min_value=0, initial=1,
                                help_text=_("Relative: the page shows it also as a share of "
                                            "100 %."))

    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "min_score", "max_score", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.helper = form_helper("name", "description",
                                  _row("weight", "min_score", "max_score", "order",
                                       size="col-sm-6 col-md-3"))

    def clean(self):
        data = super().clean()
        probe = Criterion(weight=data.get("weight"), min_score=data.get("min_score"),
                          max_score=data.get("max_score"))
        try:
            services.check_criterion(probe)
        except services.Refused as refusal:
            for field, errors in refusal.error_dict.items():
                if field not in self.errors:
                    self.add_error(field, [m for e in errors for m in e.messages])
        return data


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} <{obj.email}>" if obj.full_name else obj.email


class JurorAddForm(forms.Form):
    user = UserChoiceField(label=_("Portal user"), queryset=get_user_model().objects.none(),
                           help_text=_("Scoring needs a portal account."))
    role = forms.ChoiceField(label=capfirst(_("role")), choices=JuryRole.choices,
                             initial=JuryRole.MEMBER, widget=forms.RadioSelect,
                             help_text=_("A jury has one chair: choosing a new chair makes "
                                         "the present one a member."))

    def __init__(self, *args, contest, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.fields["user"].queryset = (
            get_user_model().objects.filter(is_active=True)
            .exclude(jury_seats__contest=contest)
            .order_by(lt_order("full_name"), "email"))
        self.helper = form_helper("user", "role")


class JurorRoleForm(forms.Form):
    role = forms.ChoiceField(label=capfirst(_("role")), choices=JuryRole.choices,
                             widget=forms.RadioSelect,
                             help_text=_("A jury has one chair: choosing a new chair makes "
                                         "the present one a member."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("role")
