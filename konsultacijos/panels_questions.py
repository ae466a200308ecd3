"""What other pages show of the questions from libraries: the menu entries (the queue for
the department, "Ask the department" for librarians) and the home page's cards (a
librarian's questions; the department's queue)."""

from datetime import timedelta

from django.db.models import Case, Count, Q, Sum, When, Window
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from konsultacijos import services
from konsultacijos.models import OPEN_QUESTION_STATUSES, Question, QuestionStatus
from paskyros.models import Role
from portalas.registry import home_panel, nav_item

__all__ = ["my_questions", "question_queue"]

#: How long an answered question stays on the librarian's home card.
RECENT_DAYS = 30
SHOWN = 5


def _sees_queue(user) -> bool:
    return user.is_authenticated and user.sees_whole_territory


nav_item(group="training", label=_("Questions from libraries"),
         url_name="konsultacijos:question_list", icon="question-circle", order=25,
         allowed=_sees_queue)
nav_item(group="training", label=_("Ask the department"),
         url_name="konsultacijos:question_create", icon="chat-left-dots", order=25,
         allowed=services.may_ask)


@home_panel(roles={Role.LIBRARIAN}, template="konsultacijos/_question_home_mine.html",
            order=30)
def my_questions(request):
    """The librarian's open questions and those answered in the last 30 days (a director's
    also their library's), open first; with the button to ask. Left out for a librarian
    who may not ask and has none."""
    user = request.user
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    rows = list(Question.objects.visible_to(user)
                .filter(Q(status__in=OPEN_QUESTION_STATUSES)
                        | Q(status=QuestionStatus.ANSWERED, answered_at__gte=since))
                .select_related("library", "asked_by")
                .order_by(Case(When(status__in=OPEN_QUESTION_STATUSES, then=0), default=1),
                          "-created_at", "-pk")[:SHOWN + 1])
    may_ask = services.may_ask(user)
    if not rows and not may_ask:
        return None
    return {"questions": rows[:SHOWN], "more": len(rows) > SHOWN, "may_ask": may_ask,
            "user_id": user.pk}


@home_panel(roles={Role.STAFF}, template="konsultacijos/_question_home_queue.html", order=12)
def question_queue(request):
    """The department's queue: how many questions are new, unassigned, assigned to me,
    and the five waiting longest. Left out when none is open."""
    user = request.user

    def count(condition=None):
        if condition is None:
            return Window(Count("pk"))
        return Window(Sum(Case(When(condition, then=1), default=0)))

    # one query: the five oldest rows, each carrying the counts of the whole queue
    oldest = list(Question.objects.visible_to(user).open()
                  .annotate(total=count(), new=count(Q(status=QuestionStatus.NEW)),
                            unassigned=count(Q(assigned_to__isnull=True)),
                            mine=count(Q(assigned_to=user)))
                  .select_related("library", "assigned_to")
                  .order_by("created_at", "pk")[:SHOWN])
    if not oldest:
        return None
    first = oldest[0]
    today = timezone.localdate()
    for question in oldest:
        question.waiting = (today - timezone.localtime(question.created_at).date()).days
    return {"counts": {"total": first.total, "new": first.new,
                       "unassigned": first.unassigned, "mine": first.mine},
            "oldest": oldest}
