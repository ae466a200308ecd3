from django.urls import include, path

app_name = "planavimas"

# One module per area; every name lives in the ``planavimas`` namespace.
urlpatterns = [
    path("", include("planavimas.urls_plan")),
    path("", include("planavimas.urls_report")),
]
