from django.urls import path

from bibliotekos import views

app_name = "bibliotekos"

urlpatterns = [
    path("", views.library_list, name="library_list"),
    path("nauja/", views.library_create, name="library_create"),
    path("<int:pk>/", views.library_detail, name="library_detail"),
    path("<int:pk>/redaguoti/", views.library_update, name="library_update"),
    path("<int:pk>/istorija/", views.library_history, name="library_history"),
    path("savivaldybes/", views.municipality_list, name="municipality_list"),
    path("savivaldybes/<int:pk>/", views.municipality_detail, name="municipality_detail"),
    path("savivaldybes/<int:pk>/redaguoti/", views.municipality_update,
         name="municipality_update"),
    path("gyventojai/<int:pk>/salinti/", views.population_delete, name="population_delete"),
    path("zmones/", views.person_list, name="person_list"),
    path("zmones/naujas/", views.person_create, name="person_create"),
    path("zmones/<int:pk>/", views.person_detail, name="person_detail"),
    path("zmones/<int:pk>/redaguoti/", views.person_update, name="person_update"),
    path("zmones/<int:pk>/istorija/", views.person_history, name="person_history"),
    path("importas/", views.registry_import, name="registry_import"),
    path("eksportas/<str:table>.<str:fmt>", views.registry_export, name="registry_export"),
    path("bibliotekininkai/", views.librarian_list, name="librarian_list"),
    path("bibliotekininkai/kviesti/", views.librarian_invite, name="librarian_invite"),
    path("bibliotekininkai/<int:pk>/", views.librarian_detail, name="librarian_detail"),
    path("bibliotekininkai/<int:pk>/aktyvumas/", views.librarian_active,
         name="librarian_active"),
    path("narystes/<int:pk>/salinti/", views.membership_delete, name="membership_delete"),
]
