"""Contests: the list, a contest's page, its editing, history, rules file and moves; its
categories, criteria and jury."""

from django.urls import path

from apdovanojimai import views_contests as views
from apdovanojimai import views_contests_parts as parts

urlpatterns = [
    path("konkursai/", views.ContestListView.as_view(), name="contest_list"),
    path("konkursai/naujas/", views.ContestCreateView.as_view(), name="contest_create"),
    path("konkursai/<int:pk>/", views.ContestDetailView.as_view(), name="contest_detail"),
    path("konkursai/<int:pk>/keisti/", views.ContestUpdateView.as_view(),
         name="contest_update"),
    path("konkursai/<int:pk>/istorija/", views.ContestHistoryView.as_view(),
         name="contest_history"),
    path("konkursai/<int:pk>/nuostatai/", views.contest_rules_file, name="contest_rules_file"),
    path("konkursai/<int:pk>/atverti/", views.contest_open, name="contest_open"),
    path("konkursai/<int:pk>/vertinti/", views.contest_evaluate, name="contest_evaluate"),
    path("konkursai/<int:pk>/juodrastis/", views.contest_reopen_draft,
         name="contest_reopen_draft"),
    path("konkursai/<int:pk>/kategorijos/nauja/", parts.category_create,
         name="category_create"),
    path("kategorijos/<int:pk>/keisti/", parts.category_update, name="category_update"),
    path("kategorijos/<int:pk>/salinti/", parts.category_delete, name="category_delete"),
    path("konkursai/<int:pk>/kriterijai/naujas/", parts.criterion_create,
         name="criterion_create"),
    path("kriterijai/<int:pk>/keisti/", parts.criterion_update, name="criterion_update"),
    path("kriterijai/<int:pk>/salinti/", parts.criterion_delete, name="criterion_delete"),
    path("konkursai/<int:pk>/vertintojai/naujas/", parts.juror_add, name="juror_add"),
    path("vertintojai/<int:pk>/keisti/", parts.juror_update, name="juror_update"),
    path("vertintojai/<int:pk>/salinti/", parts.juror_remove, name="juror_remove"),
]
