"""The annual activity report's pages (namespace ``planavimas``): the report, its
workflow, its answers, the records behind a number and the progress during the year."""

from django.urls import path

from planavimas import views_progress, views_report, views_results

urlpatterns = [
    path("<year:year>/ataskaita/", views_report.report_detail, name="report_detail"),
    path("<year:year>/ataskaita/pradeti/", views_report.report_start, name="report_start"),
    path("<year:year>/ataskaita/taisyti/", views_results.report_update, name="report_update"),
    path("<year:year>/ataskaita/pateikti/", views_report.report_submit,
         name="report_submit"),
    path("<year:year>/ataskaita/patvirtinti/", views_report.report_approve,
         name="report_approve"),
    path("<year:year>/ataskaita/grazinti/", views_report.report_return,
         name="report_return"),
    path("<year:year>/ataskaita/keisti/", views_report.report_amend, name="report_amend"),
    path("ataskaita/tikslai/<int:pk>/", views_results.goal_narrative, name="goal_narrative"),
    path("ataskaita/priemones/<int:pk>/", views_results.measure_result,
         name="measure_result"),
    path("ataskaita/rodikliai/<int:pk>/", views_results.indicator_result,
         name="indicator_result"),
    path("<year:year>/rodikliai/<int:pk>/irasai/", views_progress.indicator_records,
         name="indicator_records"),
    path("<year:year>/eiga/", views_progress.progress, name="progress"),
]
