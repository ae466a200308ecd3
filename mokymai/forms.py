"""Forms of a training event: the event itself, its sessions and its costs (one page), and
a change of its status. Times are typed as Vilnius wall-clock time and stored in UTC
(``portalas.clock.aware``: a time the clocks skip or repeat is a field error)."""

from datetime import datetime, time
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from bibliotekos.models import LibraryKind, Position
from mokymai.models import (
    Cost,
    EventStatus,
    Lecturer,
    Programme,
    Session,
    Topic,
    TrainingEvent,
)
from paskyros.forms import CleanCharField
from portalas.clock import aware
from portalas.forms import (  # noqa: E402,F401 - the kit's
    ClockField,
    ClockInput,
    CommaDecimalField,
    IsoDateField,
)
from portalas.ordering import lt_order


def _local(moment: datetime | None):
    """A stored moment as the Vilnius date and time a person typed."""
    if moment is None:
        return None, None
    local = timezone.localtime(moment)
    return local.date(), local.time().replace(second=0, microsecond=0)


def _in_use(queryset, chosen_ids):
    """The rows in use, and those an existing object already points to."""
    return queryset.filter(Q(active=True) | Q(pk__in=list(chosen_ids)))


class EventForm(forms.ModelForm):
    title = CleanCharField(label=_("Title"), max_length=255)
    description = CleanCharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What participants will learn, for whom; plain text (an empty line "
                    "starts a paragraph)."))
    online_url = forms.URLField(
        label=_("Online link"), required=False, max_length=200, assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Shown to the registered participants and lecturers only."))
    audience_kinds = forms.MultipleChoiceField(
        label=_("For libraries of the kinds"), choices=LibraryKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: libraries of every kind."))
    audience_posts = forms.ModelMultipleChoiceField(
        label=_("For people in the posts"), queryset=Position.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: people in any post."))
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    opens_day = IsoDateField(label=_("Registration opens on"), required=False)
    opens_time = ClockField(label=_("Opening time"), required=False,
                            help_text=_("Empty: at the start of the day (00:00)."))
    closes_day = IsoDateField(label=_("Registration closes on"), required=False)
    closes_time = ClockField(label=_("Closing time"), required=False,
                             help_text=_("Empty: at the end of the day (23:59)."))
    hours = CommaDecimalField(label=_("Academic hours"), required=False, max_digits=6,
                              decimal_places=2, min_value=Decimal("0"),
                              max_value=Decimal("2000"))
    organiser = CleanCharField(label=_("Organiser"), max_length=255, required=False)
    partners = CleanCharField(label=_("Partners"), max_length=500, required=False)
    contact = CleanCharField(
        label=_("Contact"), max_length=255, required=False,
        help_text=_("Who answers questions: a name, an e-mail address, a phone number."))
    venue = CleanCharField(label=pgettext_lazy("place", "Venue"), max_length=255, required=False,
                           help_text=_("The place and address, for an event on site."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = TrainingEvent
        fields = ["kind", "title", "description", "programme", "topics", "format", "venue",
                  "online_url", "audience_kinds", "audience_posts", "capacity", "hours",
                  "completion_percent", "organiser", "partners", "contact"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        event = self.instance
        existing = event.pk is not None
        self.fields["programme"].queryset = _in_use(
            Programme.objects.all(), [event.programme_id] if event.programme_id else [])
        self.fields["programme"].help_text = _("If the event runs a professional-development "
                                               "programme.")
        self.fields["topics"].queryset = _in_use(
            Topic.objects.order_by(lt_order("name")),
            event.topics.values_list("pk", flat=True) if existing else [])
        self.fields["audience_posts"].queryset = _in_use(
            Position.objects.all(),
            event.audience_posts.values_list("pk", flat=True) if existing else [])
        self.fields["capacity"].widget.attrs.update({"min": 0, "max": 10000})
        self.fields["completion_percent"].widget.attrs.update({"min": 1, "max": 100})
        if existing:
            counted = sum((s.hours for s in event.sessions.all()), Decimal("0.00"))
            self.fields["hours"].help_text = _(
                "Empty: counted from the sessions (now %(hours)s).") % {
                "hours": formats.number_format(counted, 2, use_l10n=True)}
            self.initial["opens_day"], self.initial["opens_time"] = _local(
                event.registration_opens)
            self.initial["closes_day"], self.initial["closes_time"] = _local(
                event.registration_closes)
            self.initial["version"] = event.version
        else:
            self.fields["hours"].help_text = _("Empty: counted from the sessions.")
            self.initial.setdefault("organiser", settings.TRAINING_ORGANISER)

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is None or self.instance.pk is None:
            return capacity
        taken = self.instance.registrations.registered().count()
        if capacity < taken:
            raise ValidationError(ngettext(
                "%(count)s person is already registered: the places cannot be fewer.",
                "%(count)s people are already registered: the places cannot be fewer.",
                taken) % {"count": taken}, code="below_registered")
        return capacity

    def _moment(self, day_name: str, time_name: str, default: time):
        day = self.cleaned_data.get(day_name)
        clock = self.cleaned_data.get(time_name)
        if day is None:
            if clock is not None:
                self.add_error(day_name, _("Give the date too."))
            return None
        try:
            return aware(day, clock or default)
        except ValidationError as error:
            self.add_error(time_name, error)
            return None

    def clean(self):
        data = super().clean()
        opens = self._moment("opens_day", "opens_time", time(0, 0))
        closes = self._moment("closes_day", "closes_time", time(23, 59))
        if opens and closes and closes <= opens:
            self.add_error("closes_day", _("Registration must close after it opens."))
        self.instance.registration_opens = opens
        self.instance.registration_closes = closes
        return data


class LecturerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        person = obj.person
        name = f"{person.last_name} {person.first_name}".strip()
        return f"{name} ({obj.organisation})" if obj.organisation else name


class SessionForm(forms.ModelForm):
    day = IsoDateField(label=_("Date"))
    start = ClockField(label=_("Starts"))
    end = ClockField(label=_("Ends"))
    topic = CleanCharField(label=_("Topic"), max_length=255, required=False)
    lecturers = LecturerChoiceField(
        label=_("Lecturers"), queryset=Lecturer.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose more than one."))
    venue = CleanCharField(label=pgettext_lazy("place", "Venue"), max_length=255, required=False,
                           help_text=_("Empty: the event's venue."))

    class Meta:
        model = Session
        fields = ["day", "start", "end", "topic", "lecturers", "venue"]

    def __init__(self, *args, lecturers=None, lecturer_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["lecturers"]
        if lecturers is not None:
            field.queryset = lecturers
        if lecturer_choices is not None:
            field.choices = lecturer_choices  # one query for the whole formset, not per row
            if not lecturer_choices:
                field.help_text = _("The list of lecturers is empty: add them under "
                                    "Lecturers first.")
        if self.instance.pk:
            self.initial["day"], self.initial["start"] = _local(self.instance.starts_at)
            self.initial["end"] = _local(self.instance.ends_at)[1]

    def _moment(self, name: str):
        day, clock = self.cleaned_data.get("day"), self.cleaned_data.get(name)
        if day is None or clock is None:
            return None
        try:
            return aware(day, clock)
        except ValidationError as error:
            self.add_error(name, error)
            return None

    def clean(self):
        data = super().clean()
        starts, ends = self._moment("start"), self._moment("end")
        if starts and ends and ends <= starts:
            self.add_error("end", _("The session must end after it starts."))
        if starts and ends:
            self.instance.starts_at, self.instance.ends_at = starts, ends
        return data


class BaseSessionFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, user=None, **kwargs):
        lecturers = (Lecturer.objects.visible_to(user) if user is not None
                     else Lecturer.objects.none())
        lecturers = lecturers.select_related("person").order_by(
            lt_order("person__last_name"), lt_order("person__first_name"))
        field = LecturerChoiceField(queryset=lecturers)
        choices = list(field.choices)
        kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "lecturers": lecturers,
                                 "lecturer_choices": choices}
        super().__init__(*args, **kwargs)
        self.queryset = self.queryset.prefetch_related("lecturers")

    def clean(self):
        super().clean()
        for form in self.forms:
            if not self._should_delete_form(form) or form.instance.pk is None:
                continue
            if form.instance.attendances.exists():
                form.add_error(None, _("Attendance has been marked for this session: it "
                                       "cannot be removed. Change its time instead."))
                raise ValidationError(_("A session with attendance marks cannot be removed."),
                                      code="attended")


SessionFormSet = forms.inlineformset_factory(
    TrainingEvent, Session, form=SessionForm, formset=BaseSessionFormSet, extra=2,
    can_delete=True, max_num=200, validate_max=True)


class CostForm(forms.ModelForm):
    amount = CommaDecimalField(label=_("Amount, EUR"), max_digits=10, decimal_places=2,
                               min_value=Decimal("0"), max_value=Decimal("10000000"))
    note = CleanCharField(label=_("Note"), max_length=255, required=False)

    class Meta:
        model = Cost
        fields = ["kind", "amount", "note"]


CostFormSet = forms.inlineformset_factory(
    TrainingEvent, Cost, form=CostForm, extra=2, can_delete=True, max_num=100,
    validate_max=True)


class EventStatusForm(forms.Form):
    """A status transition; cancelling needs the message for the registered people."""

    to = forms.ChoiceField(choices=EventStatus.choices)
    message = forms.CharField(label=_("Message to the registered people"), required=False,
                              max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
