"""Attendance: the event's sessions and who completed, the phone list a lecturer ticks at
the door, the QR check-in from a participant's ticket, and the online attendance read from
a meeting tool's participant report.

Who may: department staff and the event's lecturers (issue 16: "Attendance: staff, and a
lecturer marked as the event's"); anyone else who sees the event — management included —
gets a 403, and an event they do not see is a 404. Management reads the registrations and
the participant lists, not the attendance pages. Every write goes through
``services.mark_attendance``."""

import hashlib
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mokymai.attendance_import import (
    MAX_BYTES,
    Report,
    ReportError,
    add_manual_matches,
    apply_import,
    fold,
    match_report,
    plan_import,
    read_report,
    threshold_minutes,
)
from mokymai.forms_attendance import AttendanceImportForm, ManualMatchForm, MarkForm
from mokymai.models import (
    Attendance,
    EventFormat,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
    TrainingEvent,
)
from mokymai.services import (
    Refused,
    attended_hours,
    completes,
    event_hours,
    mark_attendance,
    may_mark_attendance,
)
from portalas.ordering import sorted_lt

# Attendance of an event in these statuses cannot change (as services.mark_attendance says).
LOCKED = (EventStatus.DRAFT, EventStatus.CANCELLED, EventStatus.COMPLETED)
# "Mark all present" is offered up to this many registered participants.
SMALL_SEMINAR = 30
# The QR check-in offers the sessions running now or starting within this time.
CHECKIN_AHEAD = timedelta(hours=2)
SEARCH_LENGTH = 100


def _event(request, pk) -> TrainingEvent:
    return get_object_or_404(TrainingEvent.objects.visible_to(request.user), pk=pk)


def _session(event, session_pk) -> Session:
    return get_object_or_404(Session, pk=session_pk, event=event)


def _access(user, event) -> bool:
    """Staff and the event's lecturers (who mark); anyone else: 403. Returns True so the
    templates keep their ``can_mark`` switch."""
    if not may_mark_attendance(user, event):
        raise PermissionDenied
    return True


def editable(event) -> bool:
    return event.status not in LOCKED


def _locked_message(event) -> str:
    return _("Attendance of a %(status)s event cannot be changed.") % {
        "status": event.get_status_display().lower()}


def _person_sort(registration) -> str:
    return registration.person.list_name


def _local_date(moment):
    return timezone.localtime(moment).date()


# --- the event's sessions and the summary ------------------------------------------------------

@require_http_methods(["GET", "HEAD"])
def attendance(request, pk):
    """The sessions with present / registered, and each registered participant's sessions,
    hours and completion; straight to today's session when exactly one is today."""
    event = _event(request, pk)
    can_mark = _access(request.user, event)
    sessions = list(event.sessions.all())
    if not request.GET.get("all"):
        today = timezone.localdate()
        todays = [s for s in sessions if _local_date(s.starts_at) == today]
        if len(todays) == 1:
            return redirect("mokymai:attendance_session", event.pk, todays[0].pk)
    registrations = sorted_lt(
        event.registrations.registered().select_related("person", "library")
        .prefetch_related("attendances"), key=_person_sort)
    now = timezone.now()
    started = bool(sessions) and sessions[0].starts_at <= now
    present_at = {s.pk: 0 for s in sessions}
    rows = []
    for registration in registrations:
        marks = list(registration.attendances.all())
        for mark in marks:
            if mark.present and mark.session_id in present_at:
                present_at[mark.session_id] += 1
        attended = sum(1 for mark in marks if mark.present and mark.session_id in present_at)
        hours = attended_hours(registration, sessions, marks)
        rows.append({"registration": registration, "attended": attended, "hours": hours,
                     "completes": completes(event, hours, sessions),
                     "no_show": started and attended == 0})
    session_rows = [{"session": s, "present": present_at[s.pk],
                     "started": s.starts_at <= now} for s in sessions]
    return render(request, "mokymai/attendance.html", {
        "event": event, "sessions": session_rows, "rows": rows,
        "registered": len(registrations), "started": started,
        "no_shows": sum(1 for row in rows if row["no_show"]),
        "completed": sum(1 for row in rows if row["completes"]),
        "total_hours": event_hours(event, sessions),
        "can_mark": can_mark, "can_import": request.user.can_manage_territory,
        "online": event.format != EventFormat.ONSITE, "editable": editable(event)})


# --- the phone list of one session ---------------------------------------------------------------

def _list_context(event, session, *, can_mark: bool, query: str) -> dict:
    """The registered participants (surname first, Lithuanian order), each with their mark
    at the session; filtered by ``query`` (name or library, any case and diacritics)."""
    registrations = sorted_lt(event.registrations.registered().select_related("person",
                                                                             "library"),
                              key=_person_sort)
    marks = {a.registration_id: a for a in session.attendances.all()}
    present = sum(1 for r in registrations if r.pk in marks and marks[r.pk].present)
    words = fold(query).split()
    rows = []
    for registration in registrations:
        if words:
            person = registration.person
            haystack = fold(f"{person.last_name} {person.first_name} "
                            f"{registration.library.name if registration.library else ''} "
                            f"{registration.organisation}")
            if not all(word in haystack for word in words):
                continue
        rows.append({"registration": registration, "attendance": marks.get(registration.pk)})
    return {"event": event, "session": session, "rows": rows, "present": present,
            "total": len(registrations), "q": query, "can_mark": can_mark,
            "editable": editable(event)}


def _query(request) -> str:
    return " ".join(request.GET.get("q", request.POST.get("q", "")).split())[:SEARCH_LENGTH]


def _session_url(event, session, query: str = "") -> str:
    url = reverse("mokymai:attendance_session", args=[event.pk, session.pk])
    return f"{url}?{urlencode({'q': query})}" if query else url


@require_http_methods(["GET", "HEAD", "POST"])
def attendance_session(request, pk, session_pk):
    """The list to tick at the door: a big button per participant, a search, the count;
    POST marks everyone present (small seminars)."""
    event = _event(request, pk)
    session = _session(event, session_pk)
    can_mark = _access(request.user, event)
    if request.method == "POST":
        if not can_mark:
            raise PermissionDenied
        return _mark_all(request, event, session)
    query = _query(request)
    context = _list_context(event, session, can_mark=can_mark, query=query)
    if getattr(request, "htmx", False) and request.htmx.target == "attendance-list":
        return render(request, "mokymai/_attendance_list.html", context)
    sessions = list(event.sessions.all())
    context.update({
        "sessions": sessions, "small": context["total"] <= SMALL_SEMINAR,
        "number": next((i for i, s in enumerate(sessions, start=1) if s.pk == session.pk), 1),
        "can_import": request.user.can_manage_territory,
        "online": event.format != EventFormat.ONSITE,
    })
    return render(request, "mokymai/attendance_session.html", context)


def _mark_all(request, event, session):
    if request.POST.get("action") != "all_present":
        return HttpResponse(status=400)
    if not editable(event):
        messages.error(request, _locked_message(event))
        return redirect(_session_url(event, session))
    marks = {a.registration_id: a for a in session.attendances.all()}
    marked = 0
    try:
        with transaction.atomic():
            for registration in event.registrations.registered().select_related("person"):
                mark = marks.get(registration.pk)
                if mark is not None and mark.present:
                    continue
                registration.event = event
                mark_attendance(registration=registration, session=session, by=request.user,
                                present=True, source=Attendance.Source.LIST)
                marked += 1
    except Refused as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked present: %(count)s.") % {"count": marked})
    return redirect(_session_url(event, session))


@require_POST
def attendance_mark(request, pk, session_pk):
    """One tick or untick. htmx gets the participant's row back (and the count); a plain
    form is sent back to the list."""
    event = _event(request, pk)
    session = _session(event, session_pk)
    if not may_mark_attendance(request.user, event):
        raise PermissionDenied
    form = MarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("The request is incomplete."), status=400,
                            content_type="text/plain; charset=utf-8")
    registration = get_object_or_404(
        Registration.objects.select_related("person", "library"),
        pk=form.cleaned_data["registration"], event=event)
    registration.event = event
    query = " ".join(form.cleaned_data["q"].split())
    htmx = bool(getattr(request, "htmx", False))
    try:
        attendance_row = mark_attendance(registration=registration, session=session,
                                         by=request.user,
                                         present=form.cleaned_data["present"],
                                         source=Attendance.Source.LIST)
        error = ""
    except Refused as refused:
        error = " ".join(refused.messages)
        attendance_row = Attendance.objects.filter(registration=registration,
                                                   session=session).first()
        if not htmx:
            messages.error(request, error)
            return redirect(_session_url(event, session, query))
    if not htmx:
        return redirect(f"{_session_url(event, session, query)}#reg-{registration.pk}")
    total = event.registrations.registered().count()
    present = Attendance.objects.filter(session=session, present=True,
                                        registration__event=event,
                                        registration__status=RegistrationStatus.REGISTERED
                                        ).count()
    return render(request, "mokymai/_attendance_row.html", {
        "event": event, "session": session, "can_mark": True, "editable": editable(event),
        "q": query, "row": {"registration": registration, "attendance": attendance_row},
        "error": error, "oob_counter": True, "present": present, "total": total},
        status=400 if error else 200)


# --- the QR check-in ---------------------------------------------------------------------------

def checkin_sessions(event, now=None) -> list[Session]:
    """The sessions a check-in may be for: running now or starting within two hours; else
    today's (Vilnius date)."""
    now = now or timezone.now()
    sessions = list(event.sessions.all())
    soon = [s for s in sessions if s.starts_at <= now + CHECKIN_AHEAD and s.ends_at > now]
    if soon:
        return soon
    today = timezone.localdate(now)
    return [s for s in sessions if _local_date(s.starts_at) == today]


@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request, token):
    """The QR code on a participant's ticket: staff or the event's lecturer see who it is
    and mark them arrived (POST). Anyone else, and an unknown code: 404."""
    registration = (Registration.objects.select_related("event", "person", "library")
                    .filter(token=token).first())
    if registration is None:
        raise Http404
    event = registration.event
    user = request.user
    if registration.person.user_id is not None and registration.person.user_id == user.pk \
            and not user.sees_whole_territory:
        return redirect("mokymai:ticket", token)
    if not TrainingEvent.objects.visible_to(user).filter(pk=event.pk).exists() or \
            not may_mark_attendance(user, event):
        raise Http404
    sessions = checkin_sessions(event)
    marks = {a.session_id: a for a in
             Attendance.objects.filter(registration=registration).select_related("marked_by")}
    refusal = ""
    if registration.status == RegistrationStatus.WAITING:
        refusal = _("%(person)s is on the waiting list, not registered: they have no place "
                    "at this event.") % {"person": registration.person}
    elif registration.status == RegistrationStatus.CANCELLED:
        refusal = _("%(person)s cancelled the registration for this event.") % {
            "person": registration.person}
    elif not editable(event):
        refusal = _locked_message(event)
    elif not sessions:
        refusal = _("No session of this event is on today.")
    chosen = None
    picked = request.POST.get("session") if request.method == "POST" else \
        request.GET.get("session")
    if len(sessions) == 1:
        chosen = sessions[0]
    elif picked:
        chosen = next((s for s in sessions if str(s.pk) == picked), None)
    status, form_error = 200, ""
    if request.method == "POST":
        if refusal:
            status = 400
        elif chosen is None:
            form_error, status = _("Choose the session the participant arrived at."), 400
        else:
            mark = marks.get(chosen.pk)
            if mark is not None and mark.present:
                messages.info(request, _("%(person)s was already marked as arrived.")
                              % {"person": registration.person})
            else:
                try:
                    mark_attendance(registration=registration, session=chosen, by=user,
                                    present=True, source=Attendance.Source.QR)
                except Refused as error:
                    form_error, status = " ".join(error.messages), 400
                else:
                    messages.success(request, _("%(person)s is marked as arrived.")
                                     % {"person": registration.person})
            if status == 200:
                return redirect(f"{request.path}?{urlencode({'session': chosen.pk})}")
    choices = [{"session": s, "attendance": marks.get(s.pk)} for s in sessions]
    return render(request, "mokymai/checkin.html", {
        "registration": registration, "event": event, "person": registration.person,
        "choices": choices, "chosen": chosen,
        "chosen_mark": marks.get(chosen.pk) if chosen else None,
        "refusal": refusal, "form_error": form_error}, status=status)


# --- the online attendance import --------------------------------------------------------------

def import_key(session) -> str:
    return f"mokymai-attendance-import-{session.pk}"


def _registered_for_matching(event):
    return event.registrations.registered().select_related("person", "person__user",
                                                           "library")


def _matching(report, event, stored):
    """The report's rows matched to the registered participants, with the rows staff
    matched by hand in an earlier apply (kept with the checked report)."""
    matching = match_report(report.rows, _registered_for_matching(event))
    earlier = {int(line): int(pk) for line, pk in stored.get("manual", [])}
    return add_manual_matches(matching, earlier) if earlier else matching


@require_http_methods(["GET", "HEAD", "POST"])
def attendance_import(request, pk, session_pk):
    """Upload a participant report → a preview (matched, not matched, not in the report) →
    Apply. The checked report waits in the user's session, keyed by the session's id, so
    Apply writes exactly what was shown; applying again changes nothing. A row the import
    could not match may be given, in the preview, to a registered participant no row
    matched (someone who joined under a nickname); Apply records it for them too."""
    event = _event(request, pk)
    session = _session(event, session_pk)
    if not request.user.can_manage_territory:
        raise PermissionDenied
    key = import_key(session)
    here = reverse("mokymai:attendance_import", args=[event.pk, session.pk])
    form = AttendanceImportForm()
    if request.method == "POST" and "discard" in request.POST:
        request.session.pop(key, None)
        return redirect(here)
    if request.method == "POST" and "apply" in request.POST:
        stored = request.session.get(key)
        if not stored or stored.get("digest") != request.POST.get("digest"):
            messages.error(request, _("The check has expired. Upload the file again."))
            return redirect(here)
        if not editable(event):
            messages.error(request, _locked_message(event))
            return redirect(here)
        report = Report.from_data(stored["report"])
        matching = _matching(report, event, stored)
        manual = ManualMatchForm(request.POST, unmatched=matching.unmatched,
                                 missing=matching.missing)
        if not manual.is_valid():
            messages.error(request, _("Choose the participants from the lists offered."))
            return redirect(here)
        chosen = manual.chosen()
        planned = plan_import(add_manual_matches(matching, chosen), session, event)
        try:
            written = apply_import(planned, session, request.user)
        except Refused as error:
            messages.error(request, " ".join(error.messages))
            return redirect(here)
        stored["applied"] = True
        stored["manual"] = [*stored.get("manual", []),
                            *([line, pk] for line, pk in chosen.items())]
        request.session[key] = stored
        messages.success(request, _("Attendance from the report is saved: %(count)s "
                                    "participants changed.") % {"count": written})
        return redirect(here)
    if request.method == "POST":
        form = AttendanceImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(MAX_BYTES + 1)
            try:
                report = read_report(data)
            except ReportError as error:
                form.add_error("file", str(error))
            else:
                request.session[key] = {
                    "digest": hashlib.sha256(data + str(session.pk).encode()).hexdigest()[:24],
                    "name": str(upload.name)[-120:], "report": report.as_data(),
                    "applied": False}
                return redirect(here)
        return render(request, "mokymai/attendance_import.html", {
            "event": event, "session": session, "form": form, "preview": None,
            "editable": editable(event)}, status=400)
    stored = request.session.get(key)
    preview = None
    if stored:
        report = Report.from_data(stored["report"])
        matching = _matching(report, event, stored)
        planned = plan_import(matching, session, event)
        choosable = editable(event) and bool(matching.unmatched and matching.missing)
        manual = ManualMatchForm(unmatched=matching.unmatched if choosable else (),
                                 missing=matching.missing)
        preview = {
            "name": stored.get("name", ""), "digest": stored["digest"], "report": report,
            "applied": stored.get("applied", False),
            "planned": sorted_lt(planned, key=lambda p: p.match.registration.person.list_name),
            "unmatched": [{"item": item,
                           "field": manual[ManualMatchForm.field_name(item.row.line)]
                           if choosable else None} for item in matching.unmatched],
            "choosable": choosable,
            "missing": sorted_lt(matching.missing, key=_person_sort),
            "present": sum(1 for p in planned if p.present),
            "writes": sum(1 for p in planned if p.writes),
        }
    return render(request, "mokymai/attendance_import.html", {
        "event": event, "session": session, "form": form, "preview": preview,
        "threshold": threshold_minutes(session, event), "editable": editable(event)})
