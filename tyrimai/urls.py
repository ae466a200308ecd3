from django.urls import include, path

app_name = "tyrimai"

# One module per area; every name lives in the ``tyrimai`` namespace.
urlpatterns = [
    path("", include("tyrimai.urls_studies")),
    path("", include("tyrimai.urls_answer")),
    path("", include("tyrimai.urls_results")),
]
