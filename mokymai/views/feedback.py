"""Feedback after a training: the questionnaire (public: the personal link's token is the
secret), the staff's button that sends the invitations, and the summaries — an event's
(whole-territory roles) and a lecturer's (those roles and the lecturer themself)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mokymai.forms_feedback import FeedbackForm
from mokymai.models import Lecturer, TrainingEvent
from mokymai.models_feedback import FeedbackInvitation, feedback_closes_on, feedback_open
from mokymai.selectors_feedback import (
    MIN_ANSWERS,
    answer_counts,
    event_summary,
    lecturer_events,
    lecturer_summary,
)
from mokymai.services import Refused
from mokymai.services_feedback import attendees, invite_feedback, lecturers_of, submit_answer
from portalas.access import manages_territory


def _private(response):
    """The questionnaire's page: not indexed, its address not passed on to other sites
    (``same-origin``, not ``no-referrer``: with that, the browser posts the form with
    ``Origin: null`` and the CSRF check refuses it), not cached."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback_answer(request, token):
    """The questionnaire of one invitation: answered once, while the window is open."""
    invitation = (FeedbackInvitation.objects.select_related("registration__event")
                  .filter(token=token).first() if token else None)
    if invitation is None:
        raise Http404
    event = invitation.registration.event
    lecturers = lecturers_of(event)
    context = {"event": event, "closes_on": feedback_closes_on(event),
               "min_answers": MIN_ANSWERS, "lecturers": lecturers}
    if invitation.answered:
        state = "thanks" if request.GET.get("sent") == "1" and request.method == "GET" \
            else "answered"
        return _private(render(request, "mokymai/feedback_answer.html",
                               {**context, "state": state}))
    if not feedback_open(event):
        return _private(render(request, "mokymai/feedback_answer.html",
                               {**context, "state": "closed"}))
    form = FeedbackForm(request.POST if request.method == "POST" else None,
                        lecturers=lecturers)
    if request.method == "POST" and form.is_valid():
        try:
            submit_answer(invitation=invitation, ratings=form.ratings(),
                          most_useful=form.cleaned_data["most_useful"],
                          to_improve=form.cleaned_data["to_improve"],
                          lecturer_ratings=form.lecturer_ratings())
        except Refused as refusal:
            state = "answered" if refusal.code == "answered" else "closed"
            return _private(render(request, "mokymai/feedback_answer.html",
                                   {**context, "state": state}))
        return redirect(reverse("mokymai:feedback_answer", args=[token]) + "?sent=1")
    return _private(render(request, "mokymai/feedback_answer.html",
                           {**context, "state": "open", "form": form},
                           status=400 if form.is_bound else 200))


@require_POST
def feedback_invite(request, pk):
    """Staff: invite the attendees not yet invited (each attendee once, ever)."""
    event = get_object_or_404(TrainingEvent.objects.visible_to(request.user), pk=pk)
    if not manages_territory(request.user):
        raise PermissionDenied
    if not feedback_open(event):
        messages.error(request, _("Feedback invitations can be sent from the moment the event "
                                  "is held until the questionnaire closes."))
        return redirect(event)
    created = invite_feedback(event)
    if created:
        messages.success(request, ngettext(
            "%(count)s participant has been invited to give feedback.",
            "%(count)s participants have been invited to give feedback.",
            len(created)) % {"count": len(created)})
    elif attendees(event).exists():
        messages.info(request, _("Everyone who attended has already been invited."))
    else:
        messages.warning(request, _("Nobody to invite: no participant has been marked as "
                                    "present. Enter the attendance first."))
    return redirect(event)


@require_GET
def feedback_event_summary(request, pk):
    event = get_object_or_404(TrainingEvent.objects.visible_to(request.user), pk=pk)
    if not request.user.sees_whole_territory:
        raise PermissionDenied
    summary = event_summary(event)
    return render(request, "mokymai/feedback_summary.html", {
        "summary": summary, "event": event, "subject": event.title,
        "closes_on": feedback_closes_on(event), "is_open": feedback_open(event),
        "today": timezone.localdate(),
    })


@require_GET
def feedback_lecturer_summary(request, pk):
    lecturer = get_object_or_404(
        Lecturer.objects.visible_to(request.user).select_related("person"), pk=pk)
    summary = lecturer_summary(lecturer)
    events = list(lecturer_events(lecturer).order_by("-starts_on", "title"))
    counts = answer_counts(events)
    return render(request, "mokymai/feedback_summary.html", {
        "summary": summary, "lecturer": lecturer, "subject": str(lecturer),
        "events": [{"event": e, "answers": counts.get(e.pk, 0)} for e in events],
        "sees_events": request.user.sees_whole_territory,
    })
