from django.urls import path

from viesinimas import views_newsletter as views

urlpatterns = [
    path("naujienlaiskis/", views.NewsletterListView.as_view(), name="newsletter_list"),
    path("naujienlaiskis/naujas/", views.newsletter_create, name="newsletter_create"),
    path("naujienlaiskis/<int:pk>/", views.NewsletterDetailView.as_view(),
         name="newsletter_detail"),
    path("naujienlaiskis/<int:pk>/redaguoti/", views.newsletter_update,
         name="newsletter_update"),
    path("naujienlaiskis/<int:pk>/perziura/", views.newsletter_preview,
         name="newsletter_preview"),
    path("naujienlaiskis/<int:pk>/siusti/", views.newsletter_send, name="newsletter_send"),
    path("naujienlaiskis/<int:pk>/salinti/", views.newsletter_delete, name="newsletter_delete"),
]
