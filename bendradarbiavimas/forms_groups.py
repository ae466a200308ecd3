"""Forms of the groups area: a group, a member (from the registry's people, a portal user
or someone from outside), the end of a membership, a meeting (its date typed as
YYYY-MM-DD and times as HH:MM, Vilnius wall-clock), its cancellation, and its attendance
(one radio group per member)."""

from crispy_forms.layout import Div
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas.models import (
    AttendanceStatus,
    GroupMember,
    Meeting,
    MemberRole,
    WorkingGroup,
)
from bibliotekos.models import Organisation, Person
from portalas.clock import aware
from portalas.forms import ClockField, IsoDateField, form_helper
from portalas.ordering import lt_order


def _row(*names, size="col-md-6"):
    return Div(*[Div(name, css_class=size) for name in names], css_class="row g-2")


class GroupForm(forms.ModelForm):
    established_on = IsoDateField(label=_("Established on"), required=False)
    term_ends_on = IsoDateField(label=_("Term ends on"), required=False,
                                help_text=_("Empty: without a set end."))
    closed_on = IsoDateField(label=_("Closed on"), required=False,
                             help_text=_("A group that has finished its work."))
    quorum = forms.IntegerField(
        label=_("Quorum"), required=False, min_value=1, max_value=500,
        help_text=_("How many voting members must attend. Empty: more than half of the "
                    "voting members on the meeting's day (observers do not count)."))

    class Meta:
        model = WorkingGroup
        fields = ["name", "kind", "level", "purpose", "coordinator", "order_title",
                  "order_file", "established_on", "term_ends_on", "closed_on", "quorum",
                  "public"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = Organisation.objects.order_by(lt_order("name"),
                                                                            "pk")
        self.helper = form_helper(
            "name", _row("kind", "level"), "purpose", "coordinator",
            _row("order_title", "order_file"),
            _row("established_on", "term_ends_on", "closed_on", size="col-md-4"),
            _row("quorum", "public"))

    def clean(self):
        data = super().clean()
        start, end = data.get("established_on"), data.get("term_ends_on")
        if start and end and end < start:
            self.add_error("term_ends_on", _("The term cannot end before the group was "
                                             "established."))
        return data


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        where = obj.library.name if obj.library_id else (
            obj.organisation.name if obj.organisation_id else "")
        return f"{obj.last_name} {obj.first_name}" + (f" — {where}" if where else "")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} <{obj.email}>" if obj.full_name else obj.email


SOURCES = [("person", _("A person of the registry")), ("user", _("A portal user")),
           ("external", _("Someone from outside"))]


class MemberForm(forms.Form):
    """A new member: one of three sources, then the role and the term."""

    source = forms.ChoiceField(label=_("Who"), choices=SOURCES, initial="person",
                               widget=forms.RadioSelect)
    person = PersonChoiceField(
        label=_("Person of the registry"), required=False, queryset=Person.objects.none(),
        help_text=_("People of the territory libraries and of organisations; their portal "
                    "account, when they have one, comes with them."))
    user = UserChoiceField(label=_("Portal user"), required=False,
                           queryset=get_user_model().objects.none())
    name = forms.CharField(label=_("Name"), max_length=160, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=255, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("Invitations go to this address (for a person of the "
                                         "registry, empty: their own)."))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices,
                             initial=MemberRole.MEMBER)
    starts_on = IsoDateField(label=_("Member from"), required=False)
    ends_on = IsoDateField(label=_("Member until"), required=False)

    def __init__(self, *args, user=None, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["person"].queryset = (
            Person.objects.filter(Q(library__isnull=False) | Q(organisation__isnull=False))
            .select_related("library", "organisation")
            .order_by(lt_order("last_name"), lt_order("first_name"), "pk"))
        self.fields["user"].queryset = (get_user_model().objects.filter(is_active=True)
                                        .order_by(lt_order("full_name"), "email"))
        self.helper = form_helper("source", "person", "user", _row("name", "organisation"),
                                  "email", "role", _row("starts_on", "ends_on"))

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == "person" and not data.get("person"):
            self.add_error("person", _("Choose a person of the registry."))
        if source == "user" and not data.get("user"):
            self.add_error("user", _("Choose a portal user."))
        if source == "external" and not (data.get("name") or "").strip():
            self.add_error("name", _("Type the member's name."))
        if source != "person":
            data["person"] = None
        if source != "user":
            data["user"] = None
        if source != "external":
            data["name"] = ""
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The membership cannot end before it starts."))
        return data


class MemberUpdateForm(forms.ModelForm):
    starts_on = IsoDateField(label=_("Member from"), required=False)
    ends_on = IsoDateField(label=_("Member until"), required=False)

    class Meta:
        model = GroupMember
        fields = ["name", "organisation", "email", "role", "starts_on", "ends_on"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.person_id:
            del self.fields["name"]
            names = ("organisation", "email", "role")
        else:
            self.fields["name"].required = True
            names = ("name", "organisation", "email", "role")
        self.helper = form_helper(*names, _row("starts_on", "ends_on"))

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The membership cannot end before it starts."))
        return data


class MemberEndForm(forms.Form):
    ends_on = IsoDateField(label=_("Member until"),
                           help_text=_("The last day of the membership."))
    reason = forms.CharField(label=_("Why the membership ended"), max_length=255,
                             help_text=_("For example: left the library; replaced by the "
                                         "director's order of 2026-02-01."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("ends_on", timezone.localdate())
        self.helper = form_helper("ends_on", "reason")


class MeetingForm(forms.ModelForm):
    """The meeting's day and times (Vilnius), place or link, agenda. On an edit of a
    meeting already announced, whether to send the members the updated invitation."""

    day = IsoDateField(label=_("Date"))
    start = ClockField(label=_("Starts at"))
    end = ClockField(label=_("Ends at"), required=False)
    online_link = forms.URLField(label=_("Online meeting link"), required=False,
                                 max_length=500, assume_scheme="https")
    resend = forms.BooleanField(
        label=_("Send the members the updated invitation"), required=False,
        help_text=_("The invitations have already been sent: with this, every member gets "
                    "the change, and their calendars update the meeting."))

    class Meta:
        model = Meeting
        fields = ["place", "online_link", "agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        if meeting.pk and meeting.starts_at:
            start = timezone.localtime(meeting.starts_at)
            self.initial.setdefault("day", start.date())
            self.initial.setdefault("start", start.time())
            if meeting.ends_at:
                self.initial.setdefault("end", timezone.localtime(meeting.ends_at).time())
        names = ["place", "online_link", "agenda"]
        if meeting.pk and meeting.invited_at:
            self.initial.setdefault("resend", True)
            names.append("resend")
        else:
            del self.fields["resend"]
        self.helper = form_helper(_row("day", "start", "end", size="col-sm-4"), *names)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start:
            try:
                self.instance.starts_at = aware(day, start)
            except ValidationError as error:
                self.add_error("start", error)
                return data
            if end:
                if end <= start:
                    self.add_error("end", _("The meeting must end after it starts."))
                else:
                    try:
                        self.instance.ends_at = aware(day, end)
                    except ValidationError as error:
                        self.add_error("end", error)
            else:
                self.instance.ends_at = None
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)


class AttendanceForm(forms.Form):
    """One radio group per member who was a member on the meeting's day, and the guests."""

    guests = forms.CharField(label=_("Guests"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Others who attended, one per line: name, "
                                         "organisation."))

    def __init__(self, *args, members, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=member.display_name, choices=AttendanceStatus.choices,
                initial=current.get(member.pk, AttendanceStatus.PRESENT),
                widget=forms.RadioSelect)

    def rows(self):
        return [{"member": member, "field": self[f"m{member.pk}"]} for member in self.members]

    def statuses(self) -> dict:
        return {member.pk: self.cleaned_data[f"m{member.pk}"] for member in self.members}
