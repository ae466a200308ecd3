"""The project's own pages, the list and the pipeline board."""

from django.urls import path

from projektai.views import board, projects

urlpatterns = [
    path("", projects.ProjectListView.as_view(), name="project_list"),
    path("lenta/", board.project_board, name="project_board"),
    path("naujas/", projects.ProjectCreateView.as_view(), name="project_create"),
    path("<int:pk>/", projects.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/redaguoti/", projects.ProjectUpdateView.as_view(), name="project_update"),
    path("<int:pk>/istorija/", projects.ProjectHistoryView.as_view(), name="project_history"),
    path("<int:pk>/busena/", projects.project_status, name="project_status"),
    path("<int:pk>/tvirtinimas/", projects.project_request_approval,
         name="project_request_approval"),
    path("<int:pk>/tvirtinimas/grazinti/", projects.project_decline, name="project_decline"),
]
