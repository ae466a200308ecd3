"""Contracts and invoices (the register, a contract's pages) and the year's summary of
planned purchases (pirkimų suvestinė)."""

from django.urls import path

from pirkimai import views_contracts as contracts
from pirkimai import views_contracts_forms as forms
from pirkimai import views_summary as summary

urlpatterns = [
    path("sutartys/", contracts.ContractListView.as_view(), name="contract_list"),
    path("sutartys/nauja/", forms.contract_create, name="contract_create"),
    path("sutartys/<int:pk>/", contracts.ContractDetailView.as_view(), name="contract_detail"),
    path("sutartys/<int:pk>/taisyti/", forms.ContractUpdateView.as_view(),
         name="contract_update"),
    path("sutartys/<int:pk>/istorija/", contracts.ContractHistoryView.as_view(),
         name="contract_history"),
    path("sutartys/<int:pk>/failas/", contracts.contract_file, name="contract_file"),
    path("sutartys/<int:pk>/salinti/", contracts.contract_delete, name="contract_delete"),
    path("suvestine/<int:year>/", summary.summary, name="summary"),
    path("suvestine/<int:year>/paskelbta/", summary.summary_published,
         name="summary_published"),
]
