from django.urls import include, path

app_name = "viesinimas"

# One module per area; every name lives in the ``viesinimas`` namespace.
urlpatterns = [
    path("", include("viesinimas.urls_events")),
    path("", include("viesinimas.urls_publicity")),
    path("", include("viesinimas.urls_practices")),
    path("", include("viesinimas.urls_newsletter")),
]
