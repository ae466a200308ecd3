"""The file plans (the archive's landing page), a plan's files and the BDSTR items."""

from django.urls import path

from archyvas import views_plan as plans
from archyvas import views_plan_bdstr as bdstr
from archyvas import views_plan_files as files

urlpatterns = [
    path("", plans.PlanListView.as_view(), name="plan_list"),
    path("planai/naujas/", plans.plan_create, name="plan_create"),
    path("planai/<int:year>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path("planai/<int:year>/taisyti/", plans.PlanUpdateView.as_view(), name="plan_update"),
    path("planai/<int:year>/patvirtinti/", plans.plan_approve, name="plan_approve"),
    path("planai/<int:year>/atsaukti-patvirtinima/", plans.plan_withdraw,
         name="plan_withdraw"),
    path("planai/<int:year>/istorija/", plans.PlanHistoryView.as_view(), name="plan_history"),
    path("planai/<int:year>/bylos/nauja/", files.planfile_create, name="planfile_create"),
    path("bylos/<int:pk>/", files.file_detail, name="file_detail"),
    path("bylos/<int:pk>/taisyti/", files.planfile_update, name="planfile_update"),
    path("bylos/<int:pk>/salinti/", files.planfile_delete, name="planfile_delete"),
    path("bylos/<int:pk>/perkelti/", files.planfile_move, name="planfile_move"),
    path("bdstr/", bdstr.BdstrListView.as_view(), name="bdstr_list"),
    path("bdstr/naujas/", bdstr.BdstrCreateView.as_view(), name="bdstr_create"),
    path("bdstr/<int:pk>/taisyti/", bdstr.BdstrUpdateView.as_view(), name="bdstr_update"),
    path("bdstr/importas/", bdstr.bdstr_import, name="bdstr_import"),
]
