"""Funders' programmes and their deadline rules; a project's deadlines; the calendar."""

from django.urls import path

from projektai.views import deadlines, programmes

urlpatterns = [
    # funders' programmes and their deadline rules
    path("programos/", programmes.ProgrammeListView.as_view(), name="programme_list"),
    path("programos/nauja/", programmes.ProgrammeCreateView.as_view(), name="programme_create"),
    path("programos/<int:pk>/", programmes.ProgrammeDetailView.as_view(),
         name="programme_detail"),
    path("programos/<int:pk>/redaguoti/", programmes.ProgrammeUpdateView.as_view(),
         name="programme_update"),
    path("programos/<int:pk>/pritaikyti/", programmes.programme_reapply,
         name="programme_reapply"),
    path("programos/<int:pk>/taisykles/nauja/", programmes.rule_create, name="rule_create"),
    path("taisykles/<int:pk>/redaguoti/", programmes.rule_update, name="rule_update"),
    path("taisykles/<int:pk>/salinti/", programmes.rule_delete, name="rule_delete"),
    # a project's deadlines and the calendar
    path("terminai/", deadlines.deadline_calendar, name="deadline_calendar"),
    path("<int:pk>/terminai/naujas/", deadlines.deadline_create, name="deadline_create"),
    path("terminai/<int:pk>/redaguoti/", deadlines.deadline_update, name="deadline_update"),
    path("terminai/<int:pk>/atlikta/", deadlines.deadline_done, name="deadline_done"),
    path("terminai/<int:pk>/salinti/", deadlines.deadline_delete, name="deadline_delete"),
]
