from django.urls import path

from bibliotekos import views

app_name = "bibliotekos"

urlpatterns = [
    path("bibliotekininkai/", views.librarian_list, name="librarian_list"),
    path("bibliotekininkai/kviesti/", views.librarian_invite, name="librarian_invite"),
    path("bibliotekininkai/<int:pk>/", views.librarian_detail, name="librarian_detail"),
    path("bibliotekininkai/<int:pk>/aktyvumas/", views.librarian_active,
         name="librarian_active"),
    path("narystes/<int:pk>/salinti/", views.membership_delete, name="membership_delete"),
]
