"""Forms of the activity calendar: an event (new and edit) and its cancellation.

The library is a choice among the user's own libraries (a director's with the outlets;
every open library for staff). Dates are typed as YYYY-MM-DD, times as HH:MM (24-hour,
whatever the browser's language). A start that has already passed needs the "already took
place" box: a wrong year or month is caught instead of filed as an upcoming event. The
version the user opened travels in a hidden field (``VersionedUpdateMixin``)."""


from crispy_forms.layout import Div, Fieldset
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from paskyros.forms import CleanCharField
from portalas.forms import ClockField, ClockInput, IsoDateField, form_helper  # noqa: E402,F401 - the kit's
from portalas.ordering import lt_order
from viesinimas import services_events as services
from viesinimas.models import ActivityEvent, Theme


class LibraryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class EventForm(forms.ModelForm):
    library = LibraryChoiceField(label=_("Library"), queryset=None,
                                 empty_label=None)
    title = CleanCharField(label=_("Title"), max_length=200)
    starts_on = IsoDateField(label=_("Starts on"))
    ends_on = IsoDateField(label=_("Ends on"), required=False,
                           help_text=_("For an exhibition or a campaign of several days; "
                                       "empty: one day."))
    start_time = ClockField(label=_("Starts at"), required=False)
    end_time = ClockField(label=_("Ends at"), required=False)
    place = CleanCharField(label=_("Place"), max_length=200, required=False,
                           help_text=_("Empty: at the library."))
    campaign = CleanCharField(
        label=_("National campaign"), max_length=120, required=False,
        help_text=_("When the event is part of a campaign, e.g. Bibliotekų savaitė."))
    link = forms.URLField(label=_("Link"), required=False, max_length=500,
                          assume_scheme="https",
                          help_text=_("The event's page on the library's website or in "
                                      "social media."))
    description = CleanCharField(
        label=_("Description"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italic*, lists, links."))
    themes = forms.ModelMultipleChoiceField(label=_("Themes"), queryset=Theme.objects.none(),
                                            required=False,
                                            widget=forms.CheckboxSelectMultiple)
    record_of_past = forms.BooleanField(
        label=_("This event has already taken place: I am recording it."), required=False,
        help_text=_("Needed only when the start date has already passed."))
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    class Meta:
        model = ActivityEvent
        fields = ["library", "title", "kind", "starts_on", "ends_on", "start_time",
                  "end_time", "place", "audience", "themes", "campaign", "link", "public",
                  "description"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        event = self.instance
        self.fields["library"].queryset = (services.libraries_for(user, event.library_id)
                                           .order_by(lt_order("name"), "pk"))
        chosen = list(event.themes.values_list("pk", flat=True)) if event.pk else []
        self.fields["themes"].queryset = Theme.objects.filter(
            Q(active=True) | Q(pk__in=chosen)).order_by("order", lt_order("name"), "pk")
        if event.pk:
            self.initial.setdefault("version", event.version)
        self.helper = form_helper(
            "library", "title",
            Div(Div("kind", css_class="col-md-6"), Div("audience", css_class="col-md-6"),
                css_class="row g-2"),
            Fieldset(_("When"),
                     Div(Div("starts_on", css_class="col-sm-6 col-lg-3"),
                         Div("start_time", css_class="col-sm-6 col-lg-3"),
                         Div("ends_on", css_class="col-sm-6 col-lg-3"),
                         Div("end_time", css_class="col-sm-6 col-lg-3"),
                         css_class="row g-2"),
                     "record_of_past"),
            "place", "description",
            *(["themes"] if self.has_themes() else []),
            Div(Div("campaign", css_class="col-md-6"), Div("link", css_class="col-md-6"),
                css_class="row g-2"),
            "public")

    def has_themes(self) -> bool:
        """Whether there are themes to tick (the list is empty until staff fill it)."""
        if not hasattr(self, "_theme_choices"):
            self._theme_choices = list(self.fields["themes"].queryset)
            if not self._theme_choices:
                del self.fields["themes"]
        return bool(self._theme_choices)

    def clean(self):
        """The event's rules (``services_events.check``) on the dates and times typed, as
        soon as those are readable, whatever else the form still lacks."""
        data = super().clean()
        when = ("starts_on", "ends_on", "start_time", "end_time")
        if data.get("starts_on") is None or any(name in self.errors for name in when):
            return data
        stored = self.instance
        probe = ActivityEvent(**{name: data.get(name) for name in when})
        moved = (stored.pk is None or probe.starts_on != stored.starts_on
                 or probe.start_time != stored.start_time)
        try:
            services.check(probe, record_of_past=data.get("record_of_past", False),
                           moved=moved)
        except services.Refused as refusal:
            for field, errors in refusal.error_dict.items():
                for error in errors:
                    self.add_error(field if field in self.fields else None, error.messages)
        else:
            data["ends_on"] = probe.ends_on      # ending on the first day: one day
        return data


class CancelForm(forms.Form):
    reason = CleanCharField(label=_("Why is the event cancelled?"), max_length=500,
                            widget=forms.TextInput(attrs={"maxlength": "500"}),
                            error_messages={"required": _("Say why the event is "
                                                          "cancelled.")})
