from django.urls import include, path

app_name = "bendradarbiavimas"

# One module per area; every name lives in the ``bendradarbiavimas`` namespace.
urlpatterns = [
    path("", include("bendradarbiavimas.urls_partners")),
    path("", include("bendradarbiavimas.urls_groups")),
    path("", include("bendradarbiavimas.urls_minutes")),
    path("", include("bendradarbiavimas.urls_overview")),
]
