from django.urls import include, path

app_name = "archyvas"

# One module per area; every name lives in the ``archyvas`` namespace.
urlpatterns = [
    path("", include("archyvas.urls_plan")),
    path("", include("archyvas.urls_registers")),
    path("", include("archyvas.urls_filing")),
    path("", include("archyvas.urls_yearend")),
    path("", include("archyvas.urls_search")),
]
