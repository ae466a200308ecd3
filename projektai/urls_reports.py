from django.urls import path

from projektai.views import overview

urlpatterns = [
    path("suvestine/", overview.overview, name="overview"),
]
