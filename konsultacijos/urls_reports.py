from django.urls import path

from konsultacijos.views import overview

urlpatterns = [
    path("apzvalga/", overview.overview, name="overview"),
]
