"""Forms of a project's sections: partners, budget lines and co-financing, activities and
deliverables, indicators with the trainings that count toward them, and documents.

Each section is an inline model formset (rows removed with a tick, empty extra rows for
new ones); every row goes through the model's ``full_clean``. Choice lists (libraries,
organisations, trainings) are read once for the whole formset, not once a row. Money is
typed the Lithuanian way (``1 234,50``) and shown so."""

import re
import unicodedata
from datetime import timedelta
from decimal import Decimal
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Organisation
from mokymai.forms_certificates import file_kind
from mokymai.models import TrainingEvent
from paskyros.forms import CleanCharField
from portalas.forms import CommaDecimalField, IsoDateField, MoneyField
from portalas.ordering import lt_order
from projektai.models import (
    Activity,
    BudgetLine,
    CoFinancing,
    Deliverable,
    IndicatorMeasure,
    Project,
    ProjectDocument,
    ProjectIndicator,
    ProjectPartner,
)

MAX_ROWS = 200
EXTRA_ROWS = 2

# --- fields ------------------------------------------------------------------------------------


class QuantityField(CommaDecimalField):
    """A planned or achieved figure: ``1 200`` or ``12,5``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "text-end", "size": "10"})


class SharedChoicesMixin:
    """Choice lists read once for the formset: ``shared`` maps a field's name to its
    queryset (what validation accepts) and the list of choices (what the select shows)."""

    def __init__(self, *args, shared=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (queryset, choices) in (shared or {}).items():
            field = self.fields[name]
            field.queryset = queryset
            field.choices = choices


def _with_blank(rows) -> list:
    return [("", "---------"), *rows]


def _in_use(queryset, chosen_ids, *, active: Q):
    return queryset.filter(active | Q(pk__in=list(chosen_ids)))


def library_choices(chosen_ids=()):
    """Every open library of the registry (and those already chosen), in Lithuanian order."""
    queryset = _in_use(Library.objects.all(), chosen_ids, active=Q(closed__isnull=True))
    queryset = queryset.order_by(lt_order("name"), "pk")
    return queryset, _with_blank((lib.pk, lib.name) for lib in queryset)


def organisation_label(organisation: Organisation) -> str:
    name = organisation.name
    if organisation.short_name and organisation.short_name != name:
        name = f"{name} ({organisation.short_name})"
    if organisation.country and organisation.country != "LT":
        name = f"{name}, {organisation.country}"
    return name


def organisation_choices(chosen_ids=()):
    """The registry's organisations in use (and those already chosen), in Lithuanian order."""
    queryset = _in_use(Organisation.objects.all(), chosen_ids, active=Q(active=True))
    queryset = queryset.order_by(lt_order("name"), "pk")
    return queryset, _with_blank((o.pk, organisation_label(o)) for o in queryset)


# --- partners ----------------------------------------------------------------------------------

class PartnerForm(SharedChoicesMixin, forms.ModelForm):
    role = CleanCharField(label=capfirst(_("role in the project")), max_length=150, required=False)
    contribution = MoneyField(label=capfirst(_("contribution, EUR")), required=False)

    widths = {"library": "col-md-6 col-xl-3", "organisation": "col-md-6 col-xl-3",
              "role": "col-md-8 col-xl-4", "contribution": "col-md-4 col-xl-2"}

    class Meta:
        model = ProjectPartner
        fields = ["library", "organisation", "role", "contribution"]

    def clean(self):
        data = super().clean()
        library, organisation = data.get("library"), data.get("organisation")
        if "library" in self.errors or "organisation" in self.errors:
            return data
        # Attached to a field: the model's constraint on the pair is then not checked
        # again (one clear message, not two).
        if library and organisation:
            self.add_error("organisation", _("Choose a territory library or an organisation, "
                                             "not both: add the other as a row of its own."))
        elif not library and not organisation:
            self.add_error("library", _("Choose a territory library or an organisation."))
        return data


class PartnerFormSet(forms.BaseInlineFormSet):
    def clean(self):
        # Our own duplicate check replaces the formset's generic one, with a message that
        # names the partner.
        if any(self.errors):
            return
        seen: dict[tuple[str, int], int] = {}
        for number, form in enumerate(self.forms, start=1):
            if not form.cleaned_data or self._should_delete_form(form):
                continue  # an empty new row, or one being removed
            for name in ("library", "organisation"):
                chosen = form.cleaned_data.get(name)
                if chosen is None:
                    continue
                key = (name, chosen.pk)
                if key in seen:
                    message = (_("%(partner)s is already listed in row %(row)s.")
                               % {"partner": chosen, "row": seen[key]})
                    form.add_error(name, message)
                    raise ValidationError(_("A partner is listed twice."), code="duplicate")
                seen[key] = number

    def validate_unique(self):
        """Replaced by ``clean``: the formset holds every stored partner of the project, so
        checking its rows checks them all (the database's constraint stays the guard)."""


PartnerFormSetFactory = forms.inlineformset_factory(
    Project, ProjectPartner, form=PartnerForm, formset=PartnerFormSet, extra=EXTRA_ROWS,
    can_delete=True, max_num=MAX_ROWS, validate_max=True)


# --- budget -----------------------------------------------------------------------------------

class BudgetLineForm(forms.ModelForm):
    code = CleanCharField(label=capfirst(_("no.")), max_length=20, required=False)
    title = CleanCharField(label=capfirst(_("budget line")), max_length=255)
    planned = MoneyField(label=capfirst(_("planned, EUR")))
    spent = MoneyField(label=capfirst(_("spent, EUR")), required=False,
                       help_text=_("Empty: nothing spent yet."))

    widths = {"code": "col-4 col-md-2 col-xl-1", "title": "col-8 col-md-10 col-xl-5",
              "planned": "col-6 col-md-4 col-xl-2", "spent": "col-6 col-md-4 col-xl-2",
              "order": "col-6 col-md-4 col-xl-2"}

    class Meta:
        model = BudgetLine
        fields = ["code", "title", "planned", "spent", "order"]
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "max": 32767})}

    def clean_spent(self):
        return self.cleaned_data.get("spent") or Decimal("0")


BudgetLineFormSet = forms.inlineformset_factory(
    Project, BudgetLine, form=BudgetLineForm, extra=EXTRA_ROWS, can_delete=True,
    max_num=MAX_ROWS, validate_max=True)


class CoFinancingForm(SharedChoicesMixin, forms.ModelForm):
    source_name = CleanCharField(label=capfirst(_("source (if not in the list)")), max_length=200,
                                 required=False, help_text=_("For example: own funds."))
    amount = MoneyField(label=capfirst(_("amount, EUR")))

    widths = {"source": "col-md-6 col-xl-4", "source_name": "col-md-6 col-xl-4",
              "amount": "col-6 col-md-4 col-xl-2", "confirmed": "col-6 col-md-4 col-xl-2"}

    class Meta:
        model = CoFinancing
        fields = ["source", "source_name", "amount", "confirmed"]

    def clean(self):
        data = super().clean()
        if data.get("source") and (data.get("source_name") or "").strip():
            self.add_error("source_name", _("Choose the source from the list or type its "
                                            "name, not both."))
        return data


CoFinancingFormSet = forms.inlineformset_factory(
    Project, CoFinancing, form=CoFinancingForm, extra=EXTRA_ROWS, can_delete=True,
    max_num=MAX_ROWS, validate_max=True)


# --- activities and deliverables ---------------------------------------------------------------

class ActivityForm(forms.ModelForm):
    title = CleanCharField(label=capfirst(_("title")), max_length=255)
    starts_on = IsoDateField(label=capfirst(_("from")), required=False)
    ends_on = IsoDateField(label=capfirst(_("to (or the milestone's date)")), required=False)
    done_on = IsoDateField(label=capfirst(_("done on")), required=False)

    widths = {"kind": "col-md-4 col-xl-2", "title": "col-md-8 col-xl-6",
              "order": "col-md-4 col-xl-2 order-xl-last", "description": "col-12",
              "starts_on": "col-sm-4 col-xl-2", "ends_on": "col-sm-4 col-xl-2",
              "done_on": "col-sm-4 col-xl-2"}

    class Meta:
        model = Activity
        fields = ["kind", "title", "starts_on", "ends_on", "done_on", "order", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}),
                   "order": forms.NumberInput(attrs={"min": 0, "max": 32767})}


ActivityFormSet = forms.inlineformset_factory(
    Project, Activity, form=ActivityForm, extra=EXTRA_ROWS, can_delete=True,
    max_num=MAX_ROWS, validate_max=True)


class DeliverableForm(forms.ModelForm):
    title = CleanCharField(label=capfirst(_("deliverable")), max_length=255)
    due_on = IsoDateField(label=capfirst(_("due on")), required=False)
    delivered_on = IsoDateField(label=capfirst(_("delivered on")), required=False)
    link = forms.URLField(label=capfirst(_("link")), required=False, max_length=200,
                          assume_scheme="https")
    note = CleanCharField(label=capfirst(_("note")), max_length=255, required=False)

    widths = {"title": "col-md-8 col-xl-4", "due_on": "col-6 col-md-2 col-xl-2",
              "delivered_on": "col-6 col-md-2 col-xl-2", "link": "col-md-6 col-xl-4",
              "note": "col-md-6 col-xl-12"}

    class Meta:
        model = Deliverable
        fields = ["title", "due_on", "delivered_on", "link", "note"]


DeliverableFormSet = forms.inlineformset_factory(
    Project, Deliverable, form=DeliverableForm, extra=EXTRA_ROWS, can_delete=True,
    max_num=MAX_ROWS, validate_max=True)


# --- indicators --------------------------------------------------------------------------------

def event_label(event: TrainingEvent) -> str:
    return f"{event.starts_on:%Y-%m-%d} · {event.title}" if event.starts_on else event.title


def event_choices(user, project: Project, linked_ids=()):
    """The trainings the user sees that may count toward the project's indicators: those
    starting from two years before the project to a year after it (most recent first),
    and those already linked."""
    today = timezone.localdate()
    start = project.starts_on or today
    end = project.ends_on or start
    window = Q(starts_on__gte=start - timedelta(days=730), starts_on__lte=end
               + timedelta(days=365))
    queryset = (TrainingEvent.objects.visible_to(user)
                .filter(window | Q(pk__in=list(linked_ids)))
                .order_by("-starts_on", "title", "pk"))
    return queryset, [(e.pk, event_label(e)) for e in queryset.only("pk", "title", "starts_on")]


class IndicatorForm(SharedChoicesMixin, forms.ModelForm):
    name = CleanCharField(label=capfirst(_("indicator")), max_length=255)
    unit = CleanCharField(label=capfirst(_("unit")), max_length=30, initial="vnt.")
    planned = QuantityField(label=capfirst(_("planned")))
    achieved_manual = QuantityField(
        label=capfirst(_("achieved (entered)")), initial=Decimal("0"),
        help_text=_("For counted indicators: what was achieved besides the linked "
                    "trainings."))
    events = forms.ModelMultipleChoiceField(
        label=capfirst(_("trainings that count toward it")), queryset=TrainingEvent.objects.none(),
        required=False, widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("Only for indicators counted from trainings. Hold Ctrl (⌘ on a Mac) to "
                    "choose more than one."))

    widths = {"name": "col-md-8 col-xl-5", "unit": "col-6 col-md-4 col-xl-1",
              "measure": "col-md-6 col-xl-3", "planned": "col-6 col-md-3 col-xl-1",
              "achieved_manual": "col-6 col-md-3 col-xl-2", "order": "col-6 col-md-3 col-xl-2",
              "events": "col-12 col-xl-10"}

    class Meta:
        model = ProjectIndicator
        fields = ["name", "unit", "measure", "planned", "achieved_manual", "order", "events"]
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "max": 32767})}

    def __init__(self, *args, hidden_links=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Trainings linked by someone who sees more (a draft linked by the department): not
        # offered to this user, and kept when they save.
        self.hidden_ids = sorted((hidden_links or {}).get(self.instance.pk, ()))

    def clean(self):
        data = super().clean()
        events = data.get("events")
        if (events and data.get("measure") == IndicatorMeasure.MANUAL):
            self.add_error("events", _("Trainings count only toward an indicator counted "
                                       "from trainings: choose how it is counted, or leave "
                                       "the trainings out."))
        elif "events" in data and self.hidden_ids:
            data["events"] = [*events, *self.hidden_ids]
        return data


class IndicatorFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        # the rows' linked trainings in one query, not one a row
        kwargs.setdefault("queryset", ProjectIndicator.objects.prefetch_related("events"))
        super().__init__(*args, **kwargs)


IndicatorFormSetFactory = forms.inlineformset_factory(
    Project, ProjectIndicator, form=IndicatorForm, formset=IndicatorFormSet,
    extra=EXTRA_ROWS, can_delete=True, max_num=MAX_ROWS, validate_max=True)


# --- documents ---------------------------------------------------------------------------------

# The kinds of file a document may be, and what their content starts with: Office and
# OpenDocument files are ZIP archives.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "jpg": "image/jpeg",
    "png": "image/png",
    "zip": "application/zip",
}
ALIASES = {"jpeg": "jpg"}
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def content_kind(head: bytes) -> str | None:
    """``pdf``, ``jpg``, ``png`` (``mokymai``'s check of a certificate's file) or ``zip``
    by the content's first bytes."""
    if head.startswith(ZIP_SIGNATURES):
        return "zip"
    return file_kind(head)


def extension(name: str) -> str:
    suffix = PurePath(name or "").suffix.lower().lstrip(".")
    return ALIASES.get(suffix, suffix)


def safe_filename(name: str, *, fallback: str = "dokumentas") -> str:
    """A file name safe on every system and in a header: the last part of the path, the
    Lithuanian letters without their marks, only letters, digits, ``-`` and ``_``, a known
    extension in lower case (``Sutartis Nr. 5 (galutinė).PDF`` → ``Sutartis-Nr-5-galutine.pdf``)."""
    base = re.split(r"[\\/]", name or "")[-1]
    ext = extension(base)
    stem = base[: -(len(PurePath(base).suffix))] if PurePath(base).suffix else base
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_stem).strip("-_")[:80].strip("-_")
    cleaned = cleaned or fallback
    return f"{cleaned}.{ext}" if ext in DOCUMENT_TYPES else cleaned


class DocumentForm(forms.ModelForm):
    title = CleanCharField(label=capfirst(_("title")), max_length=255)
    note = CleanCharField(label=capfirst(_("note")), max_length=255, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX, ODT, ODS, JPG, PNG or ZIP."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".pdf,.docx,.xlsx,.odt,.ods,.jpg,.jpeg,.png,.zip"}))

    class Meta:
        model = ProjectDocument
        fields = ["kind", "title", "file", "note"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:  # nginx refuses bigger ones before
            raise ValidationError(_("The file is larger than %(max)s MB.")
                                  % {"max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
                                  code="too_large")
        ext = extension(upload.name)
        if ext not in DOCUMENT_TYPES:
            raise ValidationError(_("Upload a PDF, DOCX, XLSX, ODT, ODS, JPG, PNG or ZIP "
                                    "file."), code="file_type")
        upload.seek(0)
        kind = content_kind(upload.read(16))
        upload.seek(0)
        expected = "zip" if DOCUMENT_TYPES[ext].startswith(
            ("application/vnd.", "application/zip")) else ext
        if kind != expected:
            raise ValidationError(_("The file's content does not match its type "
                                    "(.%(ext)s): upload the document itself.")
                                  % {"ext": ext}, code="file_type")
        upload.name = safe_filename(upload.name)
        return upload
