from django.urls import include, path

app_name = "pirkimai"

# One module per area; every name lives in the ``pirkimai`` namespace.
urlpatterns = [
    path("", include("pirkimai.urls_plan")),
    path("", include("pirkimai.urls_purchases")),
    path("", include("pirkimai.urls_contracts")),
]
