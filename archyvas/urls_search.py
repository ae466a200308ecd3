from django.urls import path

from archyvas import views_search

urlpatterns = [
    path("paieska/", views_search.search, name="search"),
]
