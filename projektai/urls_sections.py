"""A project's sections: the edit pages of partners, budget, activities, indicators and
documents, and a document's download and removal."""

from django.urls import path

from projektai.views import sections

urlpatterns = [
    path("<int:pk>/partneriai/", sections.PartnersView.as_view(), name="project_partners"),
    path("<int:pk>/biudzetas/", sections.BudgetView.as_view(), name="project_budget"),
    path("<int:pk>/veiklos/", sections.ActivitiesView.as_view(), name="project_activities"),
    path("<int:pk>/rodikliai/", sections.IndicatorsView.as_view(), name="project_indicators"),
    path("<int:pk>/dokumentai/", sections.project_documents, name="project_documents"),
    path("dokumentai/<int:pk>/", sections.document_download, name="document_download"),
    path("dokumentai/<int:pk>/salinti/", sections.document_delete, name="document_delete"),
]
