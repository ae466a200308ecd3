"""Answering: the public answer page, its preview, kiosks and paper entry."""

from django.urls import path

from tyrimai.views import answer, kiosk, paper

urlpatterns = [
    path("a/<str:token>/", answer.answer, name="answer"),
    path("<int:pk>/perziura/", answer.answer_preview, name="answer_preview"),
    path("kioskas/<int:participation>/", kiosk.kiosk_start, name="kiosk_start"),
    path("kioskas/<int:participation>/baigti/", kiosk.kiosk_stop, name="kiosk_stop"),
    path("popierines/<int:participation>/", paper.paper_entry, name="paper_entry"),
]
