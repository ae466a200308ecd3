"""A group's meetings: planning one (numbered per group and year), its page (the agenda,
the invitations, attendance and quorum, and the sections other areas add: the minutes and
the decisions), editing it without losing another keeper's save, the invitations with an
.ics, cancelling, the meeting's own .ics, and recording attendance.

Staff and the group's chair and secretary keep meetings; management and the other members
read; whoever does not see the group gets a 404."""


from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from bendradarbiavimas import selectors_groups as selectors
from bendradarbiavimas import services_groups as services
from bendradarbiavimas.forms_groups import (
    AttendanceForm,
    CancelForm,
    MeetingForm,
)
from bendradarbiavimas.models import (
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    MemberRole,
    may_keep,
)
from bendradarbiavimas.views_groups import (
    AGENDA_NUMBER,
    LIST_TITLE,
    ROLE_ORDER,
    _form_page,
    _group,
    _group_crumbs,
    _keeper_of,
    _meeting,
    _refusal_to_form,
    member_place,
)
from portalas.views import (
    ScopedDetailView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)

# --- meetings -------------------------------------------------------------------------------

def meeting_create(request, pk):
    group = _group(request, pk)
    _keeper_of(request, group)
    form = MeetingForm(request.POST or None, instance=Meeting(group=group))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(form.save(commit=False), by=request.user)
        except services.Refused as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Meeting No. %(number)s has been planned. Send the "
                                        "invitations when the agenda is ready.")
                             % {"number": meeting.number})
            return redirect(meeting)
    return _form_page(request, form=form, title=_("New meeting"),
                      back_url=group.get_absolute_url(), crumbs=_group_crumbs(group))


def _meeting_crumbs(meeting) -> list:
    return [*_group_crumbs(meeting.group),
            (meeting.get_absolute_url(), _("Meeting No. %(number)s")
             % {"number": meeting.number})]


class MeetingDetailView(ScopedDetailView):
    model = Meeting
    template_name = "bendradarbiavimas/meeting_detail.html"
    context_object_name = "meeting"

    def refine(self, queryset):
        return queryset.select_related("group", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, user = self.object, self.request.user
        keeper = may_keep(user, meeting.group)
        rows = list(meeting.attendance.select_related(
            "member__person__library", "member__person__organisation", "member__user"))
        rows.sort(key=lambda r: (ROLE_ORDER.get(r.member.role, 9), r.member.display_name))
        for row in rows:
            row.member.place = member_place(row.member)
        held = meeting.status == MeetingStatus.HELD
        counts = {status: sum(1 for r in rows if r.status == status)
                  for status in AttendanceStatus.values}
        planned = meeting.status == MeetingStatus.PLANNED
        context.update({
            "when": selectors.when_text(meeting),
            # the page numbers the agenda itself (an <ol>): a typed "1." is taken off, as
            # the minutes' items do, so it does not read "1. 1. …"
            "agenda": [AGENDA_NUMBER.sub("", line.strip()) or line.strip()
                       for line in meeting.agenda.splitlines() if line.strip()],
            "guests": [line.strip() for line in meeting.guests.splitlines() if line.strip()],
            "attendance": rows if held else [],
            "invited": sum(1 for r in rows if r.invited_at),
            "counts": [(label, counts[value]) for value, label in AttendanceStatus.choices],
            "quorum": selectors.quorum_count(meeting) if held else None,
            "can_keep": keeper,
            "can_edit": keeper and meeting.status != MeetingStatus.CANCELLED,
            "can_invite": keeper and planned,
            "can_cancel": keeper and planned,
            "can_record": keeper and meeting.status != MeetingStatus.CANCELLED
            and selectors.meeting_day(meeting) <= timezone.localdate(),
            "cancel_form": CancelForm(),
        })
        return context


class MeetingUpdateView(VersionedUpdateMixin, ScopedUpdateView):
    """Edit a meeting; a save after another keeper's is refused and the typed values stay.
    When the invitations were sent, the form asks whether to send the update."""

    model = Meeting
    form_class = MeetingForm
    template_name = "bendradarbiavimas/meeting_form.html"
    list_url_name = "bendradarbiavimas:group_list"
    list_title = LIST_TITLE
    stale_message = gettext_lazy(
        "%(name)s saved this meeting after you opened it, so your changes have not been "
        "saved. They are still below: compare them with the meeting (open it in another "
        "tab), then save again to keep yours.")

    def refine(self, queryset):
        return queryset.select_related("group")

    def scoped_object(self):
        meeting = super().scoped_object()
        _keeper_of(self.request, meeting.group)
        return meeting

    def get(self, request, *args, **kwargs):
        meeting = self.scoped_object()
        if meeting.status == MeetingStatus.CANCELLED:
            messages.error(request, _("A cancelled meeting is kept as it was."))
            return redirect(meeting)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"meeting": self.object, "crumbs": _meeting_crumbs(self.object)})
        return context

    def form_valid(self, form):
        try:
            meeting = services.update_meeting(form.instance, by=self.request.user,
                                              seen_version=self.seen_version(),
                                              resend=form.cleaned_data.get("resend", False))
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, Meeting.objects.get(pk=self.object.pk))
            _refusal_to_form(form, refusal)
            return self.form_invalid(form)
        if form.cleaned_data.get("resend") and meeting.invited_at:
            messages.success(self.request, _("The meeting has been saved and the members "
                                             "are being sent the updated invitation."))
        else:
            messages.success(self.request, _("The meeting has been saved."))
        return redirect(meeting)


def _kept_meeting(request, pk) -> Meeting:
    meeting = _meeting(request, pk)
    _keeper_of(request, meeting.group)
    return meeting


@require_POST
def meeting_invite(request, pk):
    meeting = _kept_meeting(request, pk)
    again = meeting.invited_at is not None
    try:
        services.send_invitations(meeting, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The updated invitation is being sent to the members.")
                         if again else _("The invitations are being sent to the members."))
    return redirect(meeting)


@require_POST
def meeting_cancel(request, pk):
    meeting = _kept_meeting(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the meeting is cancelled."))
        return redirect(meeting)
    try:
        services.cancel_meeting(meeting, reason=form.cleaned_data["reason"], by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The meeting has been cancelled."))
    return redirect(meeting)


@require_GET
def meeting_ics(request, pk):
    meeting = _meeting(request, pk)
    content = selectors.meeting_calendar(meeting)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="posedis-{meeting.pk}.ics"'
    patch_cache_control(response, private=True, no_cache=True)
    return response


def meeting_attendance(request, pk):
    """Who came: the members on the meeting's day, one radio group each; the guests."""
    meeting = _kept_meeting(request, pk)
    day = selectors.meeting_day(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, _("A cancelled meeting has no attendance."))
        return redirect(meeting)
    if day > timezone.localdate():
        messages.error(request, _("Attendance is recorded on the meeting's day or later."))
        return redirect(meeting)
    members = list(selectors.members_on(meeting.group_id, day)
                   .select_related("person__library", "person__organisation", "user"))
    members.sort(key=lambda m: (ROLE_ORDER.get(m.role, 9), m.display_name))
    for member in members:
        member.place = member_place(member)
    current = {}
    if meeting.status == MeetingStatus.HELD:
        current = dict(meeting.attendance.values_list("member_id", "status"))
    form = AttendanceForm(request.POST or None, members=members, current=current,
                          initial={"guests": meeting.guests})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.record_attendance(meeting, statuses=form.statuses(),
                                                 guests=form.cleaned_data["guests"],
                                                 by=request.user)
        except services.Refused as refusal:
            _refusal_to_form(form, refusal)
        else:
            if meeting.quorum_met:
                messages.success(request, _("The attendance has been saved: the meeting had "
                                            "a quorum."))
            else:
                messages.warning(request, _("The attendance has been saved. The meeting had "
                                            "no quorum: its decisions are marked."))
            return redirect(meeting)
    voting = sum(1 for m in members if m.role != MemberRole.OBSERVER)
    return render(request, "bendradarbiavimas/meeting_attendance.html", {
        "meeting": meeting, "form": form, "crumbs": _meeting_crumbs(meeting),
        "voting": voting, "needed": selectors.quorum_needed(meeting.group, day, voting),
        "when": selectors.when_text(meeting)})
