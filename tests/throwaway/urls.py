from django.urls import path

from tests.throwaway import views

app_name = "throwaway"
urlpatterns = [
    path("", views.NoticeListView.as_view(), name="notice_list"),
    path("<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
]
