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
    path("kampanijos/", views.campaign_list, name="campaign_list"),
    path("kampanijos/<int:year>/", views.campaign_board, name="campaign_board"),
    path("ataskaitos/", views.report_list, name="report_list"),
    path("ataskaitos/<int:pk>/", views.report_form, name="report_form"),
    path("ataskaitos/<int:pk>/dalis/<str:unit>/", views.report_form, name="report_unit"),
    path("ataskaitos/<int:pk>/laukas/", views.field_save, name="field_save"),
    path("ataskaitos/<int:pk>/paaiskinimas/", views.field_explain, name="field_explain"),
    path("ataskaitos/<int:pk>/pateikti/", views.report_submit, name="report_submit"),
    path("ataskaitos/<int:pk>/xlsx/", views.report_download, name="report_download"),
    path("ataskaitos/<int:pk>/ikelti/", views.report_upload, name="report_upload"),
    path("ataskaitos/<int:pk>/priminti/", views.report_remind, name="report_remind"),
    path("ataskaitos/<int:pk>/perziura/", views.report_review, name="report_review"),
    path("ataskaitos/<int:pk>/perziura/<str:unit>/", views.report_review,
         name="report_review_unit"),
    path("ataskaitos/<int:pk>/komentaras/", views.review_comment, name="review_comment"),
    path("ataskaitos/<int:pk>/sprendimas/", views.review_action, name="review_action"),
    path("ataskaitos/<int:pk>/lauko-istorija/", views.field_history, name="field_history"),
    path("ataskaitos/<int:pk>/istorija/", views.report_timeline, name="report_timeline"),
    path("kampanijos/<int:year>/priimti/", views.bulk_accept, name="bulk_accept"),
    path("kampanijos/<int:year>/perdavimas/", views.handoff, name="handoff"),
]
