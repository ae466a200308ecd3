"""The procurement home page, the plans and their lines, the CPV vocabulary."""

from django.urls import path

from pirkimai import views_cpv as cpv
from pirkimai import views_home as home
from pirkimai import views_plan as plans
from pirkimai import views_plan_lines as lines

urlpatterns = [
    path("", home.home, name="home"),
    path("planai/", plans.PlanListView.as_view(), name="plan_list"),
    path("planai/naujas/", plans.plan_create, name="plan_create"),
    path("planai/<year:year>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path("planai/<year:year>/taisyti/", plans.PlanUpdateView.as_view(), name="plan_update"),
    path("planai/<year:year>/patvirtinti/", plans.plan_approve, name="plan_approve"),
    path("planai/<year:year>/istorija/", plans.PlanHistoryView.as_view(), name="plan_history"),
    path("planai/<year:year>/eilutes/nauja/", lines.planned_create, name="planned_create"),
    path("planai/eilutes/<int:pk>/keisti/", lines.PlannedUpdateView.as_view(),
         name="planned_update"),
    path("planai/eilutes/<int:pk>/salinti/", lines.planned_delete, name="planned_delete"),
    path("cpv/", cpv.CpvListView.as_view(), name="cpv_list"),
    path("cpv/paieska/", cpv.cpv_search, name="cpv_search"),
    path("cpv/ikelti/", cpv.cpv_upload, name="cpv_upload"),
]
