"""Results, diplomas and letters (in the ``apdovanojimai`` namespace): a contest's results
and the preparation of its awards under ``diplomai/konkursas/<contest pk>/``, the awards
themselves under ``apdovanojimai/``."""

from django.urls import path

from apdovanojimai import views_results as views
from apdovanojimai import views_results_awards as awards

urlpatterns = [
    path("konkursai/<int:pk>/rezultatai/", views.contest_results, name="contest_results"),
    path("konkursai/<int:pk>/diplomai/", views.awards_prepare, name="awards_prepare"),
    path("konkursai/<int:pk>/diplomai/zip/", views.contest_diplomas_zip,
         name="contest_diplomas_zip"),
    path("konkursai/<int:pk>/skelbti/", views.results_publish,
         name="results_publish"),
    path("konkursai/<int:pk>/archyvuoti/", views.contest_archive,
         name="contest_archive"),
    path("diplomai/", awards.AwardListView.as_view(), name="award_list"),
    path("diplomai/<int:pk>/", awards.AwardDetailView.as_view(), name="award_detail"),
    path("diplomai/<int:pk>/keisti/", awards.award_update, name="award_update"),
    path("diplomai/<int:pk>/pdf/", awards.award_pdf, name="award_pdf"),
]
