"""Commissions and working groups (komisijos, darbo grupės, tarybos): groups, their members
and meetings with invitations, attendance and the quorum."""

from django.urls import path

from bendradarbiavimas import views_groups as views
from bendradarbiavimas import views_meetings

urlpatterns = [
    path("grupes/", views.GroupListView.as_view(), name="group_list"),
    path("grupes/nauja/", views.GroupCreateView.as_view(), name="group_create"),
    path("grupes/<int:pk>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("grupes/<int:pk>/keisti/", views.GroupUpdateView.as_view(), name="group_update"),
    path("grupes/<int:pk>/istorija/", views.GroupHistoryView.as_view(), name="group_history"),
    path("grupes/<int:pk>/isakymas/", views.group_order_file, name="group_order_file"),
    path("grupes/<int:pk>/nariai/naujas/", views.member_create, name="member_create"),
    path("grupes/nariai/<int:pk>/keisti/", views.member_update, name="member_update"),
    path("grupes/nariai/<int:pk>/baigti/", views.member_end, name="member_end"),
    path("grupes/<int:pk>/posedziai/naujas/", views_meetings.meeting_create, name="meeting_create"),
    path("posedziai/<int:pk>/", views_meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("posedziai/<int:pk>/keisti/", views_meetings.MeetingUpdateView.as_view(),
         name="meeting_update"),
    path("posedziai/<int:pk>/atsaukti/", views_meetings.meeting_cancel, name="meeting_cancel"),
    path("posedziai/<int:pk>/kviesti/", views_meetings.meeting_invite, name="meeting_invite"),
    path("posedziai/<int:pk>/kalendorius.ics", views_meetings.meeting_ics, name="meeting_ics"),
    path("posedziai/<int:pk>/lankomumas/", views_meetings.meeting_attendance,
         name="meeting_attendance"),
]
