from django.urls import include, path

app_name = "apdovanojimai"

# One module per area; every name lives in the ``apdovanojimai`` namespace.
urlpatterns = [
    path("", include("apdovanojimai.urls_contests")),
    path("", include("apdovanojimai.urls_nominations")),
    path("", include("apdovanojimai.urls_jury")),
    path("", include("apdovanojimai.urls_results")),
]
