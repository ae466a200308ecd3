"""Filters of the questions list. Staff work a queue: which questions (open — the default
—, mine, unassigned, answered, withdrawn, all), a search, the library and the topic. A
librarian filters their own questions by status. Every choice is what the user may see."""

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bibliotekos.models import Library
from konsultacijos.models import OPEN_QUESTION_STATUSES, Question, QuestionStatus, Topic
from portalas.ordering import lt_order

OPEN, MINE, UNASSIGNED, ANSWERED, WITHDRAWN, ALL = (
    "open", "mine", "unassigned", "answered", "withdrawn", "all")
SHOW_CHOICES = [
    (OPEN, pgettext_lazy("questions", "Open")),
    (MINE, pgettext_lazy("questions", "Assigned to me")),
    (UNASSIGNED, pgettext_lazy("questions", "Unassigned")),
    (ANSWERED, pgettext_lazy("questions", "Answered")),
    (WITHDRAWN, pgettext_lazy("questions", "Withdrawn")),
    (ALL, pgettext_lazy("questions", "All")),
]
#: A question's status in words (the model's labels are shared with other records).
STATUS_LABELS = {
    QuestionStatus.NEW: pgettext_lazy("question status", "New"),
    QuestionStatus.ASSIGNED: pgettext_lazy("question status", "Assigned"),
    QuestionStatus.ANSWERED: pgettext_lazy("question status", "Answered"),
    QuestionStatus.WITHDRAWN: pgettext_lazy("question status", "Withdrawn"),
}
#: The views of the queue that hold open questions (the oldest first).
OPEN_VIEWS = {OPEN, MINE, UNASSIGNED}


def _libraries(request):
    if request is None:
        return Library.objects.none()
    asked = Question.objects.visible_to(request.user).values("library_id")
    return Library.objects.filter(pk__in=asked).order_by(lt_order("name"))


def _topics(request):
    return Topic.objects.order_by("order", "name")


def search(queryset, value: str):
    """The subject, the question and the answer, the library, the asker."""
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(subject__icontains=value) | Q(text__icontains=value) | Q(answer__icontains=value)
        | Q(library__name__icontains=value) | Q(asked_by__full_name__icontains=value))


class QuestionFilter(django_filters.FilterSet):
    show = django_filters.ChoiceFilter(label=_("Show"), choices=SHOW_CHOICES,
                                       method="by_show", empty_label=None)
    q = django_filters.CharFilter(label=_("Search"), method="by_search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=list(STATUS_LABELS.items()),
                                         empty_label=_("All statuses"))
    library = django_filters.ModelChoiceFilter(label=_("Library"), queryset=_libraries,
                                               empty_label=_("All libraries"))
    topic = django_filters.ModelChoiceFilter(label=_("Topic"), queryset=_topics,
                                             empty_label=_("All topics"))

    class Meta:
        model = Question
        fields = ["show", "q", "status", "library", "topic"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        self.queue = bool(request is not None and request.user.sees_whole_territory)
        if self.queue:
            # the department's queue opens on the open questions
            data = data.copy() if data is not None else QueryDict(mutable=True)
            if data.get("show") not in dict(SHOW_CHOICES):
                data["show"] = OPEN
        super().__init__(data, *args, request=request, **kwargs)
        if self.queue:
            del self.filters["status"]
        else:
            del self.filters["show"]
            del self.filters["topic"]
            del self.filters["library"]

    @property
    def view(self) -> str:
        """The queue's view now shown (``open`` when none or an unknown one was asked)."""
        if not self.queue:
            return ""
        return self.data.get("show", OPEN)

    def by_show(self, queryset, name, value):
        user = self.request.user
        if value == OPEN:
            return queryset.filter(status__in=OPEN_QUESTION_STATUSES)
        if value == MINE:
            return queryset.filter(status__in=OPEN_QUESTION_STATUSES, assigned_to=user)
        if value == UNASSIGNED:
            return queryset.filter(status__in=OPEN_QUESTION_STATUSES,
                                   assigned_to__isnull=True)
        if value == ANSWERED:
            return queryset.filter(status=QuestionStatus.ANSWERED)
        if value == WITHDRAWN:
            return queryset.filter(status=QuestionStatus.WITHDRAWN)
        return queryset

    def by_search(self, queryset, name, value):
        return search(queryset, value)
