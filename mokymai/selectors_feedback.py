"""The feedback's summaries: an event's and a lecturer's, and the mean the metric reports.

Below ``MIN_ANSWERS`` answers nothing but the count is shown: with four answers a
participant's rating could be told from the others'. The comments are listed in a random
order, without dates."""

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mokymai.models import Lecturer, TrainingEvent
from mokymai.models_feedback import FeedbackAnswer, FeedbackInvitation, FeedbackLecturerRating

MIN_ANSWERS = 5
SCALE = (1, 2, 3, 4, 5)
QUESTIONS = [
    ("content", _("Content")),
    ("lecturers", _("Lecturers")),
    ("organisation", pgettext_lazy("feedback question", "Organisation")),
    ("usefulness", _("Usefulness for work")),
]
HUNDREDTH = Decimal("0.01")


@dataclass
class Question:
    key: str
    label: str
    count: int = 0
    mean: Decimal | None = None
    distribution: list[int] = field(default_factory=lambda: [0] * len(SCALE))

    @property
    def shares(self) -> list[int]:
        """Each score's share of the answers, in whole per cent (for the table)."""
        if not self.count:
            return [0] * len(SCALE)
        return [int((Decimal(n * 100) / self.count).quantize(Decimal(1), ROUND_HALF_UP))
                for n in self.distribution]

    @property
    def cells(self) -> list[dict]:
        return [{"score": score, "count": count, "share": share} for score, count, share
                in zip(SCALE, self.distribution, self.shares, strict=True)]

    def as_chart(self) -> dict:
        return {"key": self.key, "label": str(self.label), "counts": self.distribution}


@dataclass
class Summary:
    answers: int
    invited: int
    questions: list[Question] = field(default_factory=list)
    most_useful: list[str] = field(default_factory=list)
    to_improve: list[str] = field(default_factory=list)
    events_left_out: int = 0

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS

    @property
    def min_answers(self) -> int:
        return MIN_ANSWERS

    def chart_data(self) -> dict:
        """What the page's script draws: the scale's labels and each question's counts."""
        return {"scale": [str(score) for score in SCALE],
                "questions": [question.as_chart() for question in self.questions]}


def _question(key: str, label, values: list[int]) -> Question:
    question = Question(key, str(label), count=len(values))
    for value in values:
        question.distribution[value - 1] += 1
    if values:
        question.mean = (Decimal(sum(values)) / len(values)).quantize(HUNDREDTH, ROUND_HALF_UP)
    return question


def _shuffled(texts) -> list[str]:
    found = [text for text in texts if text.strip()]
    random.SystemRandom().shuffle(found)
    return found


def _summary(answers, invited: int, extra: list[Question] | None = None) -> Summary:
    """The summary of ``answers`` (a queryset): empty below the threshold."""
    count = answers.count()
    summary = Summary(answers=count, invited=invited)
    if count < MIN_ANSWERS:
        return summary
    rows = list(answers.values_list("content", "lecturers", "organisation", "usefulness",
                                    "most_useful", "to_improve"))
    summary.questions = [_question(key, label, [row[index] for row in rows])
                         for index, (key, label) in enumerate(QUESTIONS)]
    summary.questions += extra or []
    summary.most_useful = _shuffled(row[4] for row in rows)
    summary.to_improve = _shuffled(row[5] for row in rows)
    return summary


def event_summary(event: TrainingEvent) -> Summary:
    answers = FeedbackAnswer.objects.filter(event=event)
    invited = FeedbackInvitation.objects.filter(registration__event=event).count()
    extra = []
    ratings = (FeedbackLecturerRating.objects.filter(answer__event=event)
               .values_list("lecturer_id", "rating"))
    by_lecturer: dict[int, list[int]] = {}
    for lecturer_id, rating in ratings:
        by_lecturer.setdefault(lecturer_id, []).append(rating)
    if len(by_lecturer) > 1:
        names = {lecturer.pk: str(lecturer) for lecturer in
                 Lecturer.objects.filter(pk__in=by_lecturer).select_related("person")}
        for lecturer_id, values in sorted(by_lecturer.items(),
                                          key=lambda item: names.get(item[0], "")):
            if len(values) >= MIN_ANSWERS:  # a lecturer rated by few is left out
                extra.append(_question(f"lecturer-{lecturer_id}",
                                       _("Lecturer: %(name)s") % {"name": names[lecturer_id]},
                                       values))
    return _summary(answers, invited, extra)


def lecturer_events(lecturer: Lecturer):
    """The events held the lecturer taught at (one session or more)."""
    return TrainingEvent.objects.held().filter(sessions__lecturers=lecturer).distinct()


def lecturer_summary(lecturer: Lecturer) -> Summary:
    """The answers of the events the lecturer taught at that have ``MIN_ANSWERS`` answers
    or more each (an event with fewer is left out, so the lecturer's summary and the
    events' cannot be subtracted to reveal a few answers), with the rows that rated the
    lecturer themself as the first question."""
    events = lecturer_events(lecturer)
    counts = answer_counts(events)
    counted = [pk for pk, n in counts.items() if n >= MIN_ANSWERS]
    answers = FeedbackAnswer.objects.filter(event_id__in=counted)
    invited = FeedbackInvitation.objects.filter(registration__event_id__in=counted).count()
    own = list(FeedbackLecturerRating.objects.filter(lecturer=lecturer, answer__in=answers)
               .values_list("rating", flat=True))
    summary = _summary(answers, invited)
    if summary.shown and len(own) >= MIN_ANSWERS:
        summary.questions.insert(0, _question("own", _("The lecturer"), own))
    summary.events_left_out = sum(1 for n in counts.values() if 0 < n < MIN_ANSWERS)
    return summary


def answer_counts(events) -> dict[int, int]:
    """{event id: answers} for a list of events, in one query."""
    return dict(FeedbackAnswer.objects.filter(event__in=events).order_by()
                .values_list("event").annotate(n=Count("pk")).values_list("event", "n"))


def mean_rating(answers) -> Decimal | None:
    """The mean of every rating (the four questions) of ``answers``; None below the
    threshold."""
    rows = list(answers.values_list("content", "lecturers", "organisation", "usefulness"))
    if len(rows) < MIN_ANSWERS:
        return None
    values = [value for row in rows for value in row]
    return (Decimal(sum(values)) / len(values)).quantize(HUNDREDTH, ROUND_HALF_UP)
