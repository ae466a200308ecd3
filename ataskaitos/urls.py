from django.urls import path

from ataskaitos import views

app_name = "ataskaitos"

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("uzsakyti/", views.document_request, name="document_request"),
    path("<uuid:pk>/", views.job_detail, name="job_detail"),
    path("<uuid:pk>/busena/", views.job_status, name="job_status"),
    path("<uuid:pk>/atsisiusti/", views.job_download, name="job_download"),
    path("<uuid:pk>/kartoti/", views.job_retry, name="job_retry"),
]
