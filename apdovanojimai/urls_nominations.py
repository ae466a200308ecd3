"""Nominations (in the ``apdovanojimai`` namespace)."""

from django.urls import path

from apdovanojimai import views_nominations as views
from apdovanojimai import views_nominations_lists as lists

urlpatterns = [
    path("konkursai/<int:pk>/teikti/", views.nomination_create, name="nomination_create"),
    path("konkursai/<int:pk>/teikimai/", lists.ContestNominationListView.as_view(),
         name="contest_nominations"),
    path("teikimai/mano/", lists.MyNominationListView.as_view(), name="my_nominations"),
    path("teikimai/praktika/<int:pk>/", views.practice_nominate, name="practice_nominate"),
    path("teikimai/<int:pk>/", views.NominationDetailView.as_view(), name="nomination_detail"),
    path("teikimai/<int:pk>/keisti/", views.nomination_update, name="nomination_update"),
    path("teikimai/<int:pk>/atsiimti/", views.nomination_withdraw, name="nomination_withdraw"),
    path("teikimai/<int:pk>/priimti/", lists.nomination_admit, name="nomination_admit"),
    path("teikimai/<int:pk>/atmesti/", lists.nomination_reject, name="nomination_reject"),
    path("teikimai/priedai/<int:pk>/", views.nomination_file, name="nomination_file"),
    path("teikimai/priedai/<int:pk>/trinti/", views.nomination_file_delete,
         name="nomination_file_delete"),
]
