"""The assignments' routes, all in the ``pavedimai`` namespace."""

from django.urls import path

from pavedimai import views_assignments as assignments
from pavedimai import views_lists as lists
from pavedimai import views_tasks as tasks

app_name = "pavedimai"

urlpatterns = [
    path("", lists.AssignmentListView.as_view(), name="assignment_list"),
    path("naujas/", assignments.assignment_create, name="assignment_create"),
    path("suvestine/", lists.overview, name="overview"),
    path("<int:pk>/", assignments.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("<int:pk>/taisyti/", assignments.AssignmentUpdateView.as_view(),
         name="assignment_update"),
    path("<int:pk>/atsaukti/", assignments.assignment_cancel, name="assignment_cancel"),
    path("<int:pk>/istorija/", assignments.AssignmentHistoryView.as_view(),
         name="assignment_history"),
    path("priedai/<int:pk>/", assignments.attachment_file, name="attachment_file"),
    path("uzduotys/<int:pk>/susipazinau/", tasks.task_acknowledge, name="task_acknowledge"),
    path("uzduotys/<int:pk>/pranesti/", tasks.task_report, name="task_report"),
    path("uzduotys/<int:pk>/perduoti/", tasks.task_delegate, name="task_delegate"),
    path("uzduotys/<int:pk>/grazinti/", tasks.task_reopen, name="task_reopen"),
    path("uzduotys/<int:pk>/komentuoti/", tasks.task_comment, name="task_comment"),
    path("irasai/<int:pk>/failas/", tasks.update_file, name="update_file"),
]
