from django.urls import path

from mokymai import urls_certificates, urls_feedback
from mokymai.views import (
    attendance,
    catalogue,
    events,
    feeds,
    overview,
    records,
    registration,
)

app_name = "mokymai"

urlpatterns = [
    # events: the list, the calendar, one event, its editing and status
    path("", events.EventListView.as_view(), name="event_list"),
    path("kalendorius/", events.event_calendar, name="event_calendar"),
    path("naujas/", events.EventCreateView.as_view(), name="event_create"),
    path("<int:pk>/", events.EventDetailView.as_view(), name="event_detail"),
    path("<int:pk>/redaguoti/", events.EventUpdateView.as_view(), name="event_update"),
    path("<int:pk>/istorija/", events.EventHistoryView.as_view(), name="event_history"),
    path("<int:pk>/busena/", events.event_status, name="event_status"),
    path("<int:pk>/kopijuoti/", events.event_copy, name="event_copy"),
    # registration
    path("<int:pk>/registruotis/", registration.event_register, name="event_register"),
    path("<int:pk>/registruoti/", registration.event_register_others,
         name="event_register_others"),
    path("<int:pk>/dalyviai/", registration.event_participants, name="event_participants"),
    path("registracijos/<int:pk>/", registration.registration_detail,
         name="registration_detail"),
    path("registracijos/<int:pk>/atsaukti/", registration.registration_cancel,
         name="registration_cancel"),
    path("mano/", registration.my_registrations, name="my_registrations"),
    path("bilietas/<str:token>/", registration.ticket, name="ticket"),
    # calendars
    path("<int:pk>/renginys.ics", feeds.event_ics, name="event_ics"),
    path("bilietas/<str:token>/renginys.ics", feeds.ticket_ics, name="ticket_ics"),
    path("kalendorius.ics", feeds.feed, name="feed"),
    path("prenumerata/", feeds.feed_settings, name="feed_settings"),
    path("prenumerata/<str:key>/visi.ics", feeds.personal_feed_all, name="personal_feed_all"),
    path("prenumerata/<str:key>/mano.ics", feeds.personal_feed_mine,
         name="personal_feed_mine"),
    # attendance
    path("<int:pk>/lankomumas/", attendance.attendance, name="attendance"),
    path("<int:pk>/lankomumas/<int:session_pk>/", attendance.attendance_session,
         name="attendance_session"),
    path("<int:pk>/lankomumas/<int:session_pk>/pazymeti/", attendance.attendance_mark,
         name="attendance_mark"),
    path("<int:pk>/lankomumas/<int:session_pk>/importas/", attendance.attendance_import,
         name="attendance_import"),
    path("atvykimas/<str:token>/", attendance.checkin, name="checkin"),
    # programmes, lecturers, topics
    path("programos/", catalogue.ProgrammeListView.as_view(), name="programme_list"),
    path("programos/nauja/", catalogue.ProgrammeCreateView.as_view(), name="programme_create"),
    path("programos/<int:pk>/", catalogue.ProgrammeDetailView.as_view(),
         name="programme_detail"),
    path("programos/<int:pk>/redaguoti/", catalogue.ProgrammeUpdateView.as_view(),
         name="programme_update"),
    path("lektoriai/", catalogue.LecturerListView.as_view(), name="lecturer_list"),
    path("lektoriai/naujas/", catalogue.LecturerCreateView.as_view(), name="lecturer_create"),
    path("lektoriai/<int:pk>/", catalogue.LecturerDetailView.as_view(), name="lecturer_detail"),
    path("lektoriai/<int:pk>/redaguoti/", catalogue.LecturerUpdateView.as_view(),
         name="lecturer_update"),
    path("temos/", catalogue.TopicListView.as_view(), name="topic_list"),
    path("temos/nauja/", catalogue.TopicCreateView.as_view(), name="topic_create"),
    path("temos/<int:pk>/redaguoti/", catalogue.TopicUpdateView.as_view(),
         name="topic_update"),
    # the year's overview and the professional-development records
    path("apzvalga/", overview.overview, name="overview"),
    path("irasai.csv", records.records_csv, name="records_csv"),
    path("irasai/<int:pk>.csv", records.person_record_csv, name="person_record_csv"),
]
urlpatterns += urls_certificates.urlpatterns + urls_feedback.urlpatterns
