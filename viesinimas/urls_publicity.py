"""The publicity log (in the ``viesinimas`` namespace)."""

from django.urls import path

from viesinimas import views_publicity as views

urlpatterns = [
    path("publikacijos/", views.PublicationListView.as_view(), name="publication_list"),
    path("publikacijos/nauja/", views.PublicationCreateView.as_view(),
         name="publication_create"),
    path("publikacijos/is-nuorodos/", views.publication_from_link,
         name="publication_from_link"),
    path("publikacijos/apzvalga/", views.publicity_overview, name="publicity_overview"),
    path("publikacijos/<int:pk>/", views.PublicationDetailView.as_view(),
         name="publication_detail"),
    path("publikacijos/<int:pk>/keisti/", views.PublicationUpdateView.as_view(),
         name="publication_update"),
    path("publikacijos/<int:pk>/trinti/", views.publication_delete, name="publication_delete"),
    path("publikacijos/<int:pk>/istorija/", views.PublicationHistoryView.as_view(),
         name="publication_history"),
    path("publikacijos/<int:pk>/failas/", views.publication_file, name="publication_file"),
]
