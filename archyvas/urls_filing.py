"""The filing area's routes (in the ``archyvas`` namespace)."""

from django.urls import path

from archyvas import views_filing as views

urlpatterns = [
    path("ibyluoti/dokumentai/<int:pk>/", views.filed_detail, name="filed_detail"),
    path("ibyluoti/dokumentai/<int:pk>/failas/", views.filed_file, name="filed_file"),
    path("ibyluoti/dokumentai/<int:pk>/perkelti/", views.filed_move, name="filed_move"),
    path("ibyluoti/<str:kind>/<str:key>/", views.file_it, name="file_it"),
]
