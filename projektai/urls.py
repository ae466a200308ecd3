from django.urls import include, path

app_name = "projektai"

# One module per area; every name lives in the ``projektai`` namespace.
urlpatterns = [
    path("", include("projektai.urls_projects")),
    path("", include("projektai.urls_sections")),
    path("", include("projektai.urls_deadlines")),
    path("", include("projektai.urls_calls")),
    path("", include("projektai.urls_reports")),
]
