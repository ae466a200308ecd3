"""Routes of the feedback part of the trainings app (included by mokymai/urls.py)."""

from django.urls import path

from mokymai.views import feedback

urlpatterns: list = [
    # the questionnaire: public, the personal link's token is the secret
    path("anketa/<str:token>/", feedback.feedback_answer, name="feedback_answer"),
    # the summaries and the staff's button
    path("<int:pk>/vertinimas/", feedback.feedback_event_summary,
         name="feedback_event_summary"),
    path("<int:pk>/vertinimas/kviesti/", feedback.feedback_invite, name="feedback_invite"),
    path("lektoriai/<int:pk>/vertinimas/", feedback.feedback_lecturer_summary,
         name="feedback_lecturer_summary"),
]
