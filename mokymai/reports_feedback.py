"""The feedback's metric (imported at the end of ``mokymai.reports``): the mean rating of
the trainings held in a period."""

from mokymai.models_feedback import FeedbackAnswer
from mokymai.selectors_feedback import mean_rating
from mokymai.selectors_overview import held_events
from portalas.metrics import Period, Scope
from portalas.registry import register_metric


def feedback_mean(period: Period, scope: Scope):
    """The mean of every rating (content, lecturers, organisation, usefulness, 1–5) given
    for the events held in the period (first day in it, as ``events_held`` counts them).
    None below five answers, and below the territory: an answer is anonymous, so it has no
    library or municipality."""
    if scope.level != "territory":
        return None
    return mean_rating(FeedbackAnswer.objects.filter(event__in=held_events(period)))


register_metric("mokymai.feedback_mean", label_lt="Mokymų vertinimo vidurkis",
                label_en="Mean feedback rating of trainings", function="3.1", unit="balai",
                value=feedback_mean, decimals=2)
