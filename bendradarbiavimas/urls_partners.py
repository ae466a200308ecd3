"""Partners and agreements (in the ``bendradarbiavimas`` namespace)."""

from django.urls import path

from bendradarbiavimas import views_agreements
from bendradarbiavimas import views_partners as views

urlpatterns = [
    path("partneriai/", views.PartnerListView.as_view(), name="partner_list"),
    path("partneriai/naujas/", views.partner_create, name="partner_create"),
    path("partneriai/<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path("partneriai/<int:pk>/keisti/", views.PartnerUpdateView.as_view(),
         name="partner_update"),
    path("partneriai/<int:pk>/istorija/", views.PartnerHistoryView.as_view(),
         name="partner_history"),
    path("partneriai/<int:pk>/kontaktai/naujas/", views.contact_create, name="contact_create"),
    path("partneriai/kontaktai/<int:pk>/keisti/", views.contact_update, name="contact_update"),
    path("partneriai/kontaktai/<int:pk>/trinti/", views.contact_delete, name="contact_delete"),
    path("partneriai/<int:pk>/zurnalas/naujas/", views.log_create, name="log_create"),
    path("partneriai/zurnalas/<int:pk>/keisti/", views.log_update, name="log_update"),
    path("partneriai/zurnalas/<int:pk>/trinti/", views.log_delete, name="log_delete"),
    path("sutartys/", views_agreements.AgreementListView.as_view(), name="agreement_list"),
    path("sutartys/nauja/", views_agreements.AgreementCreateView.as_view(),
         name="agreement_create"),
    path("sutartys/<int:pk>/", views_agreements.AgreementDetailView.as_view(),
         name="agreement_detail"),
    path("sutartys/<int:pk>/keisti/", views_agreements.AgreementUpdateView.as_view(),
         name="agreement_update"),
    path("sutartys/<int:pk>/istorija/", views_agreements.AgreementHistoryView.as_view(),
         name="agreement_history"),
    path("sutartys/<int:pk>/failas/", views_agreements.agreement_file, name="agreement_file"),
    path("sutartys/<int:pk>/nutraukti/", views_agreements.agreement_terminate,
         name="agreement_terminate"),
]
