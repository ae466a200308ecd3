from django.urls import path

from bendradarbiavimas import views_overview as views

urlpatterns = [
    path("apzvalga/", views.overview, name="overview"),
]
