from django.urls import include, path

from bibliotekos import views

app_name = "bibliotekos"

urlpatterns = [
    path("", views.LibraryListView.as_view(), name="library_list"),
    path("nauja/", views.LibraryCreateView.as_view(), name="library_create"),
    path("<int:pk>/", views.LibraryDetailView.as_view(), name="library_detail"),
    path("<int:pk>/redaguoti/", views.LibraryUpdateView.as_view(), name="library_update"),
    path("<int:pk>/istorija/", views.LibraryHistoryView.as_view(), name="library_history"),
    path("savivaldybes/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path("savivaldybes/<int:pk>/", views.municipality_detail, name="municipality_detail"),
    path("savivaldybes/<int:pk>/redaguoti/", views.municipality_update,
         name="municipality_update"),
    path("gyventojai/<int:pk>/salinti/", views.population_delete, name="population_delete"),
    path("zmones/", views.PersonListView.as_view(), name="person_list"),
    path("zmones/naujas/", views.PersonCreateView.as_view(), name="person_create"),
    path("zmones/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("zmones/<int:pk>/redaguoti/", views.PersonUpdateView.as_view(), name="person_update"),
    path("zmones/<int:pk>/istorija/", views.PersonHistoryView.as_view(), name="person_history"),
    path("zmones/<int:pk>/asmens-duomenys/", views.person_personal_data,
         name="person_personal_data"),
    path("asmens-duomenys/", views.personal_data_overview, name="personal_data_overview"),
    path("pareigybes/", views.PositionListView.as_view(), name="position_list"),
    path("pareigybes/nauja/", views.PositionCreateView.as_view(), name="position_create"),
    path("pareigybes/<int:pk>/redaguoti/", views.PositionUpdateView.as_view(),
         name="position_update"),
    path("importas/", views.registry_import, name="registry_import"),
    path("eksportas/<str:table>.<str:fmt>", views.registry_export, name="registry_export"),
    path("bibliotekininkai/", views.LibrarianListView.as_view(), name="librarian_list"),
    path("bibliotekininkai/kviesti/", views.librarian_invite, name="librarian_invite"),
    path("bibliotekininkai/<int:pk>/", views.librarian_detail, name="librarian_detail"),
    path("bibliotekininkai/<int:pk>/aktyvumas/", views.librarian_active,
         name="librarian_active"),
    path("narystes/<int:pk>/salinti/", views.membership_delete, name="membership_delete"),
    path("organizacijos/", include("bibliotekos.urls_organisations")),
]
