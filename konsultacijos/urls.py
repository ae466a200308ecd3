from django.urls import include, path

app_name = "konsultacijos"

# One module per area; every name lives in the ``konsultacijos`` namespace.
urlpatterns = [
    path("", include("konsultacijos.urls_consultations")),
    path("", include("konsultacijos.urls_questions")),
    path("", include("konsultacijos.urls_visits")),
    path("", include("konsultacijos.urls_knowledge")),
    path("", include("konsultacijos.urls_reports")),
]
