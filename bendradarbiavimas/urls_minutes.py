"""Minutes (protokolas) of the groups' meetings and their decisions (sprendimai)."""

from django.urls import path

from bendradarbiavimas import views_minutes as views

urlpatterns = [
    path("posedziai/<int:pk>/protokolas/", views.minutes_update, name="minutes_update"),
    path("posedziai/<int:pk>/protokolas/pasirasyti/", views.minutes_sign, name="minutes_sign"),
    path("posedziai/<int:pk>/protokolas/atverti/", views.minutes_reopen,
         name="minutes_reopen"),
    path("posedziai/<int:pk>/protokolas/dokumentas/", views.minutes_document,
         name="minutes_document"),
    path("posedziai/<int:pk>/sprendimai/naujas/", views.decision_create,
         name="decision_create"),
    path("sprendimai/", views.DecisionListView.as_view(), name="decision_list"),
    path("sprendimai/mano/", views.DecisionMineView.as_view(), name="decision_mine"),
    path("sprendimai/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("sprendimai/<int:pk>/keisti/", views.decision_update, name="decision_update"),
    path("sprendimai/<int:pk>/ivykdyta/", views.decision_done, name="decision_done"),
    path("sprendimai/<int:pk>/atverti/", views.decision_reopen, name="decision_reopen"),
    path("sprendimai/<int:pk>/perduoti/", views.decision_reassign, name="decision_reassign"),
    path("sprendimai/<int:pk>/atsaukti/", views.decision_cancel, name="decision_cancel"),
]
