"""Methodological field visits and their agreed actions (in the ``konsultacijos``
namespace)."""

from django.urls import path

from konsultacijos.views import visits

urlpatterns = [
    path("isvykos/", visits.VisitListView.as_view(), name="visit_list"),
    path("isvykos/nauja/", visits.VisitCreateView.as_view(), name="visit_create"),
    path("isvykos/<int:pk>/", visits.VisitDetailView.as_view(), name="visit_detail"),
    path("isvykos/<int:pk>/keisti/", visits.VisitUpdateView.as_view(), name="visit_update"),
    path("isvykos/<int:pk>/istorija/", visits.VisitHistoryView.as_view(),
         name="visit_history"),
    path("isvykos/<int:pk>/ataskaita/", visits.VisitReportView.as_view(), name="visit_report"),
    path("isvykos/<int:pk>/atsaukti/", visits.visit_cancel, name="visit_cancel"),
    path("isvykos/<int:pk>/veiksmai/naujas/", visits.action_create, name="action_create"),
    path("veiksmai/<int:pk>/atlikta/", visits.action_done, name="action_done"),
    path("veiksmai/<int:pk>/grazinti/", visits.action_reopen, name="action_reopen"),
]
