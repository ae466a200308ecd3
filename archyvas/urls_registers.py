"""Registers: the registers, the registered documents, the quick registration."""

from django.urls import path

from archyvas import views_registers as registers
from archyvas import views_registers_entries as entries
from archyvas import views_registers_entry_forms as forms

urlpatterns = [
    path("registrai/", registers.RegisterListView.as_view(), name="register_list"),
    path("registrai/naujas/", registers.RegisterCreateView.as_view(), name="register_create"),
    path("registrai/<int:pk>/", registers.RegisterDetailView.as_view(), name="register_detail"),
    path("registrai/<int:pk>/taisyti/", registers.RegisterUpdateView.as_view(),
         name="register_update"),
    path("dokumentai/", entries.EntryListView.as_view(), name="entry_list"),
    path("dokumentai/registruoti/", forms.entry_create, name="entry_create"),
    path("dokumentai/<int:pk>/", entries.EntryDetailView.as_view(), name="entry_detail"),
    path("dokumentai/<int:pk>/taisyti/", forms.EntryUpdateView.as_view(),
         name="entry_update"),
    path("dokumentai/<int:pk>/failas/", entries.entry_file, name="entry_file"),
    path("dokumentai/<int:pk>/istorija/", entries.EntryHistoryView.as_view(),
         name="entry_history"),
    path("dokumentai/<int:pk>/atsakyta/", forms.entry_answered, name="entry_answered"),
]
