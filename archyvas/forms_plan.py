"""Forms of the file plan area: a new year's plan (a copy of another year's, or empty),
the plan's header, its approval, a file (the BDSTR item's select fills an empty title and
retention; an approved plan's file shows only what may still change), a BDSTR item and
the BDSTR table to import."""

from crispy_forms.layout import Div, Fieldset
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from archyvas import selectors_plan as selectors
from archyvas.models import BdstrItem, FilePlan, PlanFile
from paskyros.models import Role
from portalas.forms import IsoDateField, YearField, form_helper
from portalas.ordering import lt_order

#: The largest BDSTR table the import takes.
MAX_TABLE_BYTES = 5 * 1024 * 1024


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


def checked(form, check, probe) -> None:
    """Run a service's check on ``probe`` (the typed values) and put its refusals on the
    fields that have no error yet, so the model's own constraints are not checked twice."""
    from archyvas.services_plan import Refused

    try:
        check(probe)
    except Refused as refusal:
        for field, errors in refusal.error_dict.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, [m for e in errors for m in e.messages])


class PlanCreateForm(forms.Form):
    year = YearField(help_text=_("The year the plan's files are kept in."))
    source = forms.ModelChoiceField(
        label=_("Start from"), queryset=FilePlan.objects.none(), required=False,
        empty_label=_("An empty plan"),
        help_text=_("A copy takes every file of that plan: its index, title, retention, BDSTR "
                    "item, note, responsible person and document kinds. Change what the new "
                    "year needs before approving it."))
    unit_name = forms.CharField(
        label=capfirst(_("structural unit")), max_length=200, required=False,
        help_text=_("Left empty, a copy keeps the unit of the plan it copies."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        plans = FilePlan.objects.visible_to(user).order_by("-year")
        self.fields["source"].queryset = plans
        self.fields["source"].label_from_instance = lambda plan: str(plan)
        self.fields["year"].initial = selectors.next_plan_year(timezone.localdate())
        self.fields["source"].initial = plans.values_list("pk", flat=True).first()
        self.helper = form_helper(_row("year", "source"), "unit_name")


class PlanHeaderForm(forms.ModelForm):
    class Meta:
        model = FilePlan
        fields = ["unit_name"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("unit_name")


class PlanApproveForm(forms.Form):
    approved_on = IsoDateField(label=capfirst(_("approved on")),
                               help_text=_("The date of the approving document."))
    approval_reference = forms.CharField(
        label=capfirst(_("approving document")), max_length=200,
        help_text=FilePlan._meta.get_field("approval_reference").help_text)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].initial = timezone.localdate()
        self.helper = form_helper(_row("approved_on", "approval_reference"))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class BdstrItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return selectors.bdstr_label(obj)


def responsible_people(current_id=None):
    """Department staff and management who may keep a file (and whoever keeps it now)."""
    return (get_user_model().objects
            .filter(Q(is_active=True, role__in=[Role.STAFF, Role.MANAGEMENT, Role.ADMIN])
                    | Q(pk=current_id))
            .order_by(lt_order("full_name"), "email"))


class PlanFileForm(forms.ModelForm):
    """A file. ``fixed`` (an approved plan): only the note, the responsible person and the
    document kinds."""

    bdstr_item = BdstrItemChoiceField(
        label=capfirst(_("BDSTR item")), queryset=BdstrItem.objects.none(), required=False,
        help_text=_("Chosen with the title or the retention left empty, the item's are used."))
    kinds = forms.MultipleChoiceField(
        label=capfirst(_("document kinds filed here")), required=False, choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("“File it” on such a document suggests this file. Each kind suggests one "
                    "file of the plan."))
    responsible = PersonChoiceField(label=capfirst(_("responsible")),
                                    queryset=get_user_model().objects.none(), required=False)

    class Meta:
        model = PlanFile
        fields = ["index", "title", "bdstr_item", "permanent", "retention_years", "note",
                  "responsible", "kinds"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["title"].required = False
        self.fields["responsible"].queryset = responsible_people(instance.responsible_id)
        self.fields["kinds"].choices = selectors.kind_choices(instance.kinds or [])
        self.fields["kinds"].initial = instance.kinds
        if fixed:
            for name in ("index", "title", "bdstr_item", "permanent", "retention_years"):
                del self.fields[name]
            self.helper = form_helper("note", "responsible", "kinds")
            return
        current = instance.bdstr_item if instance.bdstr_item_id else None
        field = self.fields["bdstr_item"]
        field.queryset = BdstrItem.objects.filter(
            Q(in_force=True) | Q(pk=getattr(current, "pk", None)))
        field.choices = [("", _("– none –")), *selectors.bdstr_choices(current)]
        self.fields["index"].widget.attrs.update({"inputmode": "decimal", "size": 10})
        self.fields["retention_years"].widget.attrs.update({"min": 1, "max": 100})
        self.helper = form_helper(
            _row("index", "bdstr_item", size="col-md-6"), "title",
            Fieldset(_("Retention"), _row("retention_years", "permanent")),
            "note", "responsible", "kinds")

    def clean(self):
        from archyvas.services_plan import check_file

        data = super().clean()
        instance = self.instance
        probe = PlanFile(pk=instance.pk, plan_id=instance.plan_id, **{
            name: data.get(name, getattr(instance, name))
            for name in ("index", "title", "permanent", "retention_years", "bdstr_item",
                         "kinds")})
        checked(self, check_file, probe)
        return data


class BdstrItemForm(forms.ModelForm):
    class Meta:
        model = BdstrItem
        fields = ["act", "code", "title", "permanent", "retention_years", "note", "in_force"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}),
                   "act": forms.TextInput(attrs={"list": "bdstr-acts"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retention_years"].widget.attrs.update({"min": 1, "max": 100})
        self.acts = list(BdstrItem.objects.order_by("act").values_list("act", flat=True)
                         .distinct())
        self.helper = form_helper(
            _row("act", "code"), "title",
            Fieldset(_("Retention"), _row("retention_years", "permanent")),
            "note", "in_force")

    def clean(self):
        from archyvas.services_plan_bdstr import check_bdstr_item

        data = super().clean()
        probe = BdstrItem(pk=self.instance.pk, **{
            name: data.get(name) for name in ("act", "code", "title", "permanent",
                                              "retention_years")})
        checked(self, check_bdstr_item, probe)
        return data


class BdstrImportForm(forms.Form):
    file = forms.FileField(
        label=_("Table (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("The columns of the export: teisės aktas, punktas, dokumentai, saugojimo "
                    "terminas (“nuolat” or years), pastaba, galioja (“taip” or “ne”)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TABLE_BYTES:
            raise ValidationError(_("The file is larger than %(max)s MB.")
                                  % {"max": MAX_TABLE_BYTES // (1024 * 1024)}, code="too_large")
        return upload
