"""The good-practice catalogue (gerosios patirties katalogas): practices, their review,
photos and documents (served only through these views), and "we did it too"."""

from django.urls import path

from viesinimas import views_practices as views

urlpatterns = [
    path("patirtis/", views.PracticeListView.as_view(), name="practice_list"),
    path("patirtis/darbai/", views.PracticeWorkView.as_view(), name="practice_mine"),
    path("patirtis/nauja/", views.PracticeCreateView.as_view(), name="practice_create"),
    path("patirtis/<int:pk>/", views.PracticeDetailView.as_view(), name="practice_detail"),
    path("patirtis/<int:pk>/keisti/", views.PracticeUpdateView.as_view(),
         name="practice_update"),
    path("patirtis/<int:pk>/perziurai/", views.practice_submit, name="practice_submit"),
    path("patirtis/<int:pk>/vertinti/", views.practice_review, name="practice_review"),
    path("patirtis/<int:pk>/archyvuoti/", views.practice_archive, name="practice_archive"),
    path("patirtis/<int:pk>/istorija/", views.PracticeHistoryView.as_view(),
         name="practice_history"),
    path("patirtis/<int:pk>/nuotraukos/nauja/", views.practice_photo_create,
         name="practice_photo_create"),
    path("patirtis/nuotraukos/<int:pk>/", views.practice_photo, name="practice_photo"),
    path("patirtis/nuotraukos/<int:pk>/miniatiura/", views.practice_thumbnail,
         name="practice_thumbnail"),
    path("patirtis/nuotraukos/<int:pk>/atsaukti/", views.practice_photo_withdraw,
         name="practice_photo_withdraw"),
    path("patirtis/<int:pk>/dokumentai/naujas/", views.practice_file_create,
         name="practice_file_create"),
    path("patirtis/dokumentai/<int:pk>/", views.practice_file, name="practice_file"),
    path("patirtis/dokumentai/<int:pk>/salinti/", views.practice_file_delete,
         name="practice_file_delete"),
    path("patirtis/<int:pk>/mes-irgi/", views.adoption_create, name="adoption_create"),
    path("patirtis/perimta/<int:pk>/atsaukti/", views.adoption_delete,
         name="adoption_delete"),
]
