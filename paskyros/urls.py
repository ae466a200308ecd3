from django.contrib.auth import views as auth_views
from django.urls import path

from paskyros import views, views_notifications

app_name = "paskyros"

urlpatterns = [
    path("prisijungti/", views.LoginView.as_view(), name="login"),
    path("atsijungti/", views.LogoutView.as_view(), name="logout"),
    path("profilis/", views.profile, name="profile"),
    path("kalba/", views.set_language, name="set_language"),
    path("pranesimai/", views_notifications.notifications_page, name="notifications"),
    path("pranesimai/atsisakyti/<str:token>/", views_notifications.notification_unsubscribe,
         name="notification_unsubscribe"),
    path("slaptazodis/", views.PasswordChangeView.as_view(), name="password_change"),
    path("slaptazodis/pamirsau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("slaptazodis/issiusta/", auth_views.PasswordResetDoneView.as_view(
        template_name="paskyros/password_reset_done.html"), name="password_reset_done"),
    path("slaptazodis/atkurti/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("slaptazodis/atkurta/", auth_views.PasswordResetCompleteView.as_view(
        template_name="paskyros/password_reset_complete.html"), name="password_reset_complete"),
    path("kvietimas/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("kvietimai/<int:pk>/siusti/", views.invitation_resend, name="invitation_resend"),
    path("antras-veiksnys/", views.otp_verify, name="otp_verify"),
    path("antras-veiksnys/nustatyti/", views.otp_setup, name="otp_setup"),
    path("naudotojai/", views.UserListView.as_view(), name="user_list"),
    path("naudotojai/kviesti/", views.user_invite, name="user_invite"),
    path("naudotojai/<int:pk>/", views.user_detail, name="user_detail"),
    path("naudotojai/<int:pk>/role/", views.user_role, name="user_role"),
    path("naudotojai/<int:pk>/aktyvumas/", views.user_active, name="user_active"),
    path("naudotojai/<int:pk>/antras-veiksnys/", views.user_reset_second_factor,
         name="user_reset_second_factor"),
]
