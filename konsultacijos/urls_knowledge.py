"""The knowledge base (žinynas): reusable answers, their review and publication."""

from django.urls import path

from konsultacijos.views import knowledge

urlpatterns = [
    path("zinynas/", knowledge.EntryListView.as_view(), name="entry_list"),
    path("zinynas/naujas/", knowledge.EntryCreateView.as_view(), name="entry_create"),
    path("zinynas/is-konsultacijos/<int:pk>/", knowledge.EntryCreateFromView.as_view(),
         name="entry_create_from"),
    path("zinynas/<int:pk>/", knowledge.EntryDetailView.as_view(), name="entry_detail"),
    path("zinynas/<int:pk>/keisti/", knowledge.EntryUpdateView.as_view(), name="entry_update"),
    path("zinynas/<int:pk>/perziurai/", knowledge.entry_submit, name="entry_submit"),
    path("zinynas/<int:pk>/skelbti/", knowledge.entry_publish, name="entry_publish"),
    path("zinynas/<int:pk>/grazinti/", knowledge.entry_return, name="entry_return"),
    path("zinynas/<int:pk>/isimti/", knowledge.entry_archive, name="entry_archive"),
    path("zinynas/<int:pk>/istorija/", knowledge.EntryHistoryView.as_view(),
         name="entry_history"),
]
