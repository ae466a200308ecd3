"""Results, diplomas and letters (in the ``apdovanojimai`` namespace): a contest's results
and the preparation of its awards under ``diplomai/konkursas/<contest pk>/``, the awards
themselves under ``apdovanojimai/``."""

from django.urls import path

from apdovanojimai import views_results as views
from apdovanojimai import views_results_awards as awards

urlpatterns = [
    path("diplomai/konkursas/<int:pk>/", views.contest_results, name="contest_results"),
    path("diplomai/konkursas/<int:pk>/rengti/", views.awards_prepare, name="awards_prepare"),
    path("diplomai/konkursas/<int:pk>/zip/", views.contest_diplomas_zip,
         name="contest_diplomas_zip"),
    path("diplomai/konkursas/<int:pk>/skelbti/", views.results_publish,
         name="results_publish"),
    path("diplomai/konkursas/<int:pk>/archyvuoti/", views.contest_archive,
         name="contest_archive"),
    path("apdovanojimai/", awards.AwardListView.as_view(), name="award_list"),
    path("apdovanojimai/<int:pk>/", awards.AwardDetailView.as_view(), name="award_detail"),
    path("apdovanojimai/<int:pk>/keisti/", awards.award_update, name="award_update"),
    path("apdovanojimai/<int:pk>/pdf/", awards.award_pdf, name="award_pdf"),
]
