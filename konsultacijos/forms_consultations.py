"""The consultation form (the quick entry and the edit), its attachment and the topics.

The library is typed, not picked from a long select: an ``<input list=…>`` offers every
open library as "Name (CODE)" (browsers match any part of it), and the server resolves
what was typed — the offered text, the code, the exact name, or a part of the name or
code that only one open library has, with or without the Lithuanian letters' marks."""

import re
import unicodedata
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bibliotekos.models import Library, Person
from bibliotekos.scoping import descendant_ids
from konsultacijos.models import MAX_MINUTES, Channel, Consultation, Topic
from mokymai.models import EventStatus, TrainingEvent
from paskyros.forms import CleanCharField
from paskyros.models import Role
from portalas.forms import IsoDateField
from portalas.ordering import lt_order
from projektai.forms_sections import DOCUMENT_TYPES, content_kind, extension, safe_filename
from projektai.models import Project, ProjectStatus

# Projects a new consultation may be about: not dropped or finished (the one a record
# already names stays choosable).
FINISHED_PROJECTS = (ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN, ProjectStatus.CLOSED)
# Training events offered: those of the past year and the coming ones.
EVENTS_BACK = timedelta(days=365)
SHOWN_CANDIDATES = 5


# --- the library, typed ---------------------------------------------------------------------

def library_label(library: Library) -> str:
    return f"{library.name} ({library.code})"


def fold(text: str) -> str:
    """Lower case, without the marks of ą, č, ę, ė, į, š, ų, ū, ž, spaces collapsed:
    "DARBĖNŲ" and "darbenu" fold alike."""
    decomposed = unicodedata.normalize("NFKD", " ".join((text or "").split()).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


LABEL = re.compile(r"^(?P<name>.*)\((?P<code>[^()]+)\)$")


def resolve_library(text: str, libraries) -> Library:
    """The one library of ``libraries`` that ``text`` names; ValidationError saying why
    not (none, or several — a few of them named)."""
    text = " ".join((text or "").split())
    by_code = {library.code.casefold(): library for library in libraries}
    match = LABEL.match(text)
    if match and match["code"].strip().casefold() in by_code:
        return by_code[match["code"].strip().casefold()]
    if text.casefold() in by_code:
        return by_code[text.casefold()]
    wanted = fold(text)
    exact = [library for library in libraries if fold(library.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    found = exact or [library for library in libraries
                      if wanted in fold(library.name) or wanted in fold(library.code)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            _("No open library matches “%(text)s”. Type a part of its name or its code and "
              "pick it from the list."), code="no_library", params={"text": text})
    shown = "; ".join(library_label(library) for library in found[:SHOWN_CANDIDATES])
    raise ValidationError(
        _("“%(text)s” matches %(count)s libraries (%(shown)s%(more)s). Type more of the name "
          "or pick one from the list."), code="many_libraries",
        params={"text": text, "count": len(found), "shown": shown,
                "more": "…" if len(found) > SHOWN_CANDIDATES else ""})


class LibraryField(forms.CharField):
    """A library typed as text, resolved among ``libraries`` (set by the form)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)
        self.libraries: list[Library] = []

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        return resolve_library(text, self.libraries)


# --- minutes, or hours --------------------------------------------------------------------

_PLAIN = re.compile(r"^(\d{1,4})\s*(?:min\.?|minut\w*|m)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_HOURS = re.compile(r"^(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:h|val\.?|valand\w*)"
                    r"(?:\s*(\d{1,2})\s*(?:min\.?|minut\w*|m)?)?$")


def parse_minutes(text: str) -> int:
    """Minutes from "20", "20 min", "1,5 h", "1.5 val.", "1 h 30 min" or "1:30";
    ValueError for anything else."""
    text = " ".join(str(text).split()).casefold()
    if match := _PLAIN.match(text):
        return int(match[1])
    if match := _CLOCK.match(text):
        return int(match[1]) * 60 + int(match[2])
    if match := _HOURS.match(text):
        hours = Decimal(match[1].replace(",", "."))
        minutes = (hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return int(minutes) + int(match[2] or 0)
    raise ValueError(text)


class MinutesField(forms.IntegerField):
    """The time a consultation took: minutes, or hours typed as "1,5 h"."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter the time in minutes (e.g. 20) or in hours (e.g. 1,5 h)."),
        "range": _("Between 1 minute and %(max)s hours: longer work is a field visit or a "
                   "training."),
    }

    def __init__(self, **kwargs):
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            minutes = value
        else:
            try:
                minutes = parse_minutes(value)
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not 1 <= minutes <= MAX_MINUTES:
            raise ValidationError(self.error_messages["range"], code="range",
                                  params={"max": MAX_MINUTES // 60})
        return minutes

    def widget_attrs(self, widget):
        return {"inputmode": "text", "size": "8", "autocomplete": "off"}


# --- the attachment -------------------------------------------------------------------------

ACCEPT = ".pdf,.docx,.xlsx,.odt,.ods,.jpg,.jpeg,.png,.zip"


def clean_upload(upload):
    """One file as a consultation's attachment: within the size limit, a known type whose
    content matches its name; the name made safe."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(_("The file is larger than %(max)s MB.")
                              % {"max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
                              code="too_large")
    ext = extension(upload.name)
    if ext not in DOCUMENT_TYPES:
        raise ValidationError(_("Upload a PDF, DOCX, XLSX, ODT, ODS, JPG, PNG or ZIP file."),
                              code="file_type")
    upload.seek(0)
    kind = content_kind(upload.read(16))
    upload.seek(0)
    expected = "zip" if DOCUMENT_TYPES[ext].startswith(
        ("application/vnd.", "application/zip")) else ext
    if kind != expected:
        raise ValidationError(_("The file's content does not match its type (.%(ext)s): "
                                "upload the document itself.") % {"ext": ext},
                              code="file_type")
    upload.name = safe_filename(upload.name, fallback="prisegtukas")
    return upload


def attachment_field(**kwargs) -> forms.FileField:
    return forms.FileField(
        label=kwargs.pop("label", _("Attachment")),
        help_text=_("Optional: one PDF, DOCX, XLSX, ODT, ODS, JPG, PNG or ZIP file, up to "
                    "%(max)s MB.") % {"max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}), **kwargs)


class AttachmentForm(forms.Form):
    file = attachment_field(label=_("File"))

    def clean_file(self):
        return clean_upload(self.cleaned_data["file"])


# --- the consultation ---------------------------------------------------------------------

class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.list_name}, {obj.position}" if obj.position else obj.list_name


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.acronym})" if obj.acronym else obj.title


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.starts_on:%Y-%m-%d} {obj.title}" if obj.starts_on else obj.title


def people_of(user, library: Library | None):
    """The people of a library and its outlets the user may see (none without a library)."""
    if library is None:
        return Person.objects.none()
    ids = {library.pk} | descendant_ids([library.pk])
    return (Person.objects.visible_to(user).filter(library__in=ids)
            .order_by(lt_order("last_name"), lt_order("first_name"), "pk"))


def open_libraries(user, keep: Library | None = None) -> list[Library]:
    """Every open library the user sees, in Lithuanian order (and the one a record
    already names, even when it has closed since)."""
    libraries = Library.objects.visible_to(user).open_now()
    if keep is not None:
        libraries = Library.objects.visible_to(user).filter(
            Q(pk__in=libraries.values("pk")) | Q(pk=keep.pk))
    return list(libraries.only("pk", "code", "name").order_by(lt_order("name"), "code"))


class ConsultationForm(forms.ModelForm):
    """One short form for the keyboard: the library typed, then date, channel, topic, the
    person, the question and the answer, the time, and what else is optional."""

    library = LibraryField(
        label=_("Library"),
        help_text=_("Type a part of its name or its code and pick it from the list."))
    person = PersonChoiceField(label=_("Person consulted"), queryset=Person.objects.none(),
                               required=False, empty_label=_("— not in the registry —"))
    project = ProjectChoiceField(label=_("Project"), queryset=Project.objects.none(),
                                 required=False, empty_label=_("— none —"))
    event = EventChoiceField(label=_("Training event"), queryset=TrainingEvent.objects.none(),
                             required=False, empty_label=_("— none —"))

    class Meta:
        model = Consultation
        fields = ["library", "held_on", "channel", "topic", "person", "person_name",
                  "question", "answer", "minutes", "staff_member", "follow_up",
                  "follow_up_due", "project", "event"]
        field_classes = {"held_on": IsoDateField, "follow_up_due": IsoDateField,
                         "minutes": MinutesField, "question": CleanCharField,
                         "answer": CleanCharField, "person_name": CleanCharField,
                         "follow_up": CleanCharField}
        widgets = {"question": forms.Textarea(attrs={"rows": 3}),
                   "answer": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"minutes": _("Minutes, e.g. 20; or hours, e.g. 1,5 h."),
                      "follow_up": _("What is still to be done, if anything.")}

    def __init__(self, *args, user, person_url: str = "", **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        record = self.instance
        self.is_new = record.pk is None
        self.libraries = open_libraries(user, record.library if record.library_id else None)
        field = self.fields["library"]
        field.libraries = self.libraries
        field.widget.attrs.update({"list": "consultation-libraries", "autocomplete": "off",
                                   "autofocus": True, "spellcheck": "false"})
        if person_url:
            field.widget.attrs.update({
                "hx-get": person_url, "hx-trigger": "change, input changed delay:600ms",
                "hx-target": "#person-field", "hx-select": "#person-field",
                "hx-swap": "outerHTML", "hx-sync": "this:replace"})
        if (record.library_id and not self.is_bound
                and self.initial.get("library") in (None, "", record.library_id)):
            self.initial["library"] = library_label(record.library)
        self.chosen_library = self._chosen_library()
        self._choices(user, record)

    def _chosen_library(self) -> Library | None:
        """The library the form is about now (what was typed, else the record's), for the
        choice of people."""
        raw = self.data.get(self.add_prefix("library")) if self.is_bound else \
            self.initial.get("library")
        if isinstance(raw, Library):
            return raw
        if raw:
            try:
                return resolve_library(str(raw), self.libraries)
            except ValidationError:
                return None
        return self.instance.library if self.instance.library_id else None

    def _choices(self, user, record: Consultation) -> None:
        topics = Topic.objects.filter(Q(active=True) | Q(pk=record.topic_id or 0))
        self.fields["topic"].queryset = topics.order_by("order", lt_order("name"))
        self.fields["topic"].empty_label = None if record.topic_id else _("— choose —")
        channels = [(value, label) for value, label in Channel.choices
                    if value != Channel.PORTAL or record.channel == Channel.PORTAL
                    and not self.is_new]
        self.fields["channel"].choices = channels
        people = people_of(user, self.chosen_library)
        if self.is_bound and self.chosen_library is None:
            # the library is not settled: check the person against all the user sees (the
            # service refuses one of another library)
            people = Person.objects.visible_to(user)
        self.fields["person"].queryset = people
        self.people_count = people.count() if self.chosen_library is not None else 0
        staff = get_user_model().objects.filter(
            Q(is_active=True, role__in=[Role.STAFF, Role.ADMIN])
            | Q(pk=record.staff_member_id or 0))
        self.fields["staff_member"].queryset = staff.order_by(lt_order("full_name"), "email")
        self.fields["staff_member"].empty_label = None
        self.fields["staff_member"].required = False  # none sent: the one who logs it
        if self.is_new and not self.initial.get("staff_member"):
            self.initial["staff_member"] = user.pk
        projects = Project.objects.visible_to(user).filter(
            ~Q(status__in=FINISHED_PROJECTS) | Q(pk=record.project_id or 0))
        self.fields["project"].queryset = projects.order_by(lt_order("title"), "pk")
        since = timezone.localdate() - EVENTS_BACK
        events = TrainingEvent.objects.visible_to(user).filter(
            Q(starts_on__gte=since) & ~Q(status=EventStatus.CANCELLED)
            | Q(pk=record.event_id or 0))
        self.fields["event"].queryset = events.order_by("-starts_on", "title")

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > timezone.localdate():
            raise ValidationError(_("A consultation is logged once it has taken place: the "
                                    "date cannot be in the future."), code="future")
        return held_on

    def clean(self):
        data = super().clean()
        follow_up, due = data.get("follow_up", ""), data.get("follow_up_due")
        if due and not follow_up and "follow_up" not in self.errors:
            self.add_error("follow_up", _("Say what is to be done by the follow-up date."))
        if follow_up and not due and "follow_up_due" not in self.errors:
            self.add_error("follow_up_due", _("Give the date the follow-up is due by."))
        person = data.get("person")
        library = data.get("library")
        if person and library and person.library_id not in (
                {library.pk} | descendant_ids([library.pk])):
            self.add_error("person", _("This person does not work at the library consulted."))
        if person:
            data["person_name"] = ""
        if not data.get("staff_member") and "staff_member" not in self.errors:
            data["staff_member"] = (self.instance.staff_member if self.instance.staff_member_id
                                    else self.user)
        return data


class QuickEntryForm(ConsultationForm):
    """A new record, with an optional attachment."""

    attachment = attachment_field(required=False)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        return clean_upload(upload) if upload else None


# --- topics --------------------------------------------------------------------------------

class TopicForm(forms.ModelForm):
    name = CleanCharField(label=pgettext_lazy("name of a thing", "Name"), max_length=100)

    class Meta:
        model = Topic
        fields = ["name", "order", "active"]
        help_texts = {"order": _("Lists show the topics from the smallest number up."),
                      "active": _("A topic out of use stays on the records that have it but "
                                  "is not offered for new ones.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = Topic.objects.exclude(pk=self.instance.pk or 0)
        same = next((topic for topic in others.only("pk", "name")
                     if topic.name.casefold() == name.casefold()), None)
        if same is not None:
            raise ValidationError(_("The list already has the topic “%(name)s”.")
                                  % {"name": same.name}, code="duplicate")
        return name
