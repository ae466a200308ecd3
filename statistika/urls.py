from django.urls import path

from statistika import views

app_name = "statistika"

urlpatterns = [
    path("rodikliai/", views.indicator_list, name="indicator_list"),
    path("rodikliai/naujas/", views.indicator_edit, name="indicator_create"),
    path("rodikliai/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("rodikliai/<slug:code>/redaguoti/", views.indicator_edit, name="indicator_update"),
    path("patikros/", views.rule_list, name="rule_list"),
    path("patikros/<int:pk>/", views.rule_list, name="rule_update"),
    path("importas/", views.statistics_import, name="import"),
    path("eksportas/", views.statistics_export, name="export"),
    path("skaiciavimas/", views.explain, name="explain"),
    path("pavadinimai/", views.alias_list, name="alias_list"),
    path("pavadinimai/<int:pk>/salinti/", views.alias_delete, name="alias_delete"),
]
