"""The territory's activity calendar (in the ``viesinimas`` namespace): the list, one
event and its steps, the shared calendar and its iCalendar, the public page and feed."""

from django.urls import path

from viesinimas import views_events as views

urlpatterns = [
    path("renginiai/", views.EventListView.as_view(), name="event_list"),
    path("renginiai/naujas/", views.EventCreateView.as_view(), name="event_create"),
    path("renginiai/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("renginiai/<int:pk>/redaguoti/", views.EventUpdateView.as_view(),
         name="event_update"),
    path("renginiai/<int:pk>/atsaukti/", views.event_cancel, name="event_cancel"),
    path("renginiai/<int:pk>/salinti/", views.event_delete, name="event_delete"),
    path("renginiai/<int:pk>/istorija/", views.EventHistoryView.as_view(),
         name="event_history"),
    path("renginiai/<int:pk>/renginys.ics", views.event_ics, name="event_ics"),
    path("kalendorius/", views.calendar_page, name="calendar"),
    path("kalendorius.ics", views.calendar_ics, name="calendar_ics"),
    path("viesas/", views.public_calendar, name="public_calendar"),
    path("viesas.ics", views.public_feed, name="public_feed"),
]
