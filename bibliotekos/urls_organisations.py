"""The organisations' pages, included by ``bibliotekos/urls.py`` under ``organizacijos/``.
No ``app_name`` here: the names stay in the ``bibliotekos`` namespace."""

from django.urls import path

from bibliotekos.views import organisations as views

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("nauja/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("<int:pk>/redaguoti/", views.OrganisationUpdateView.as_view(),
         name="organisation_update"),
    path("<int:pk>/istorija/", views.OrganisationHistoryView.as_view(),
         name="organisation_history"),
]
