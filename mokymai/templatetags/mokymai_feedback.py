"""The feedback section of the event page and the link on a lecturer's page. The pages'
contexts are not the feedback's; these tags read what the section shows (a few queries)."""

from django import template

from mokymai.models import Lecturer
from mokymai.models_feedback import (
    FEEDBACK_STATUSES,
    FeedbackAnswer,
    FeedbackInvitation,
    feedback_closes_on,
    feedback_open,
)
from mokymai.selectors_feedback import MIN_ANSWERS
from mokymai.services_feedback import attendees

register = template.Library()


@register.simple_tag(takes_context=True)
def feedback_box(context, event) -> dict:
    """``mode``: "staff" (the whole-territory roles: counts, the summary, for staff the
    button), "lecturer" (a lecturer of the event: their summary), "participant" (their
    own questionnaire, while open) or "" (nothing)."""
    user = context["request"].user
    if not user.is_authenticated or event.status not in FEEDBACK_STATUSES:
        return {"mode": ""}
    is_open = feedback_open(event)
    base = {"is_open": is_open, "closes_on": feedback_closes_on(event),
            "min_answers": MIN_ANSWERS}
    if user.sees_whole_territory:
        invitations = FeedbackInvitation.objects.filter(registration__event=event)
        attended = attendees(event)
        return {**base, "mode": "staff",
                "answers": FeedbackAnswer.objects.filter(event=event).count(),
                "invited": invitations.count(),
                "not_invited": attended.filter(feedback_invitation__isnull=True).count(),
                "attended": attended.count(),
                "can_invite": user.can_manage_territory and is_open}
    lecturer = (Lecturer.objects.filter(sessions__event=event, person__user=user)
                .values_list("pk", flat=True).first())
    if lecturer is not None:
        return {**base, "mode": "lecturer", "lecturer_id": lecturer}
    invitation = (FeedbackInvitation.objects.filter(registration__event=event,
                                                    registration__person__user=user)
                  .first())
    if invitation is None or not (is_open or invitation.answered):
        return {"mode": ""}
    return {**base, "mode": "participant", "invitation": invitation}


@register.simple_tag(takes_context=True)
def lecturer_feedback(context, lecturer) -> dict:
    """Whether the user may open the lecturer's summary: the whole-territory roles and the
    lecturer themself."""
    user = context["request"].user
    allowed = user.is_authenticated and (
        user.sees_whole_territory
        or (lecturer.person.user_id is not None and lecturer.person.user_id == user.pk))
    return {"allowed": allowed}
