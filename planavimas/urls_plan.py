"""The annual plan: the plans by year, a plan's page and its workflow, its structure
(goals, objectives, measures, indicators) and its approved versions."""

from django.urls import path

from planavimas import views_plan as plans
from planavimas import views_plan_structure as parts

urlpatterns = [
    path("", plans.plan_list, name="plan_list"),
    path("naujas/", plans.plan_create, name="plan_create"),
    path("<year:year>/", plans.plan_detail, name="plan_detail"),
    path("<year:year>/taisyti/", plans.plan_update, name="plan_update"),
    path("<year:year>/pateikti/", plans.plan_submit, name="plan_submit"),
    path("<year:year>/patvirtinti/", plans.plan_approve, name="plan_approve"),
    path("<year:year>/grazinti/", plans.plan_return, name="plan_return"),
    path("<year:year>/keisti/", plans.plan_amend, name="plan_amend"),
    path("<year:year>/versijos/", plans.version_list, name="version_list"),
    path("<year:year>/versijos/<str:kind>/<int:number>/", plans.version_detail,
         name="version_detail"),
    path("<year:year>/tikslai/naujas/", parts.goal_create, name="goal_create"),
    path("tikslai/<int:pk>/keisti/", parts.goal_update, name="goal_update"),
    path("tikslai/<int:pk>/trinti/", parts.goal_delete, name="goal_delete"),
    path("tikslai/<int:pk>/uzdavinys/", parts.objective_create, name="objective_create"),
    path("uzdaviniai/<int:pk>/keisti/", parts.objective_update, name="objective_update"),
    path("uzdaviniai/<int:pk>/trinti/", parts.objective_delete, name="objective_delete"),
    path("uzdaviniai/<int:pk>/priemone/", parts.measure_create, name="measure_create"),
    path("priemones/<int:pk>/keisti/", parts.measure_update, name="measure_update"),
    path("priemones/<int:pk>/trinti/", parts.measure_delete, name="measure_delete"),
    path("priemones/<int:pk>/rodiklis/", parts.indicator_create, name="indicator_create"),
    path("rodikliai/<int:pk>/keisti/", parts.indicator_update, name="indicator_update"),
    path("rodikliai/<int:pk>/trinti/", parts.indicator_delete, name="indicator_delete"),
]
