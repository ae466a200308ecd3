"""Calls for applications (in the ``projektai`` namespace)."""

from django.urls import path

from projektai.views import calls

urlpatterns = [
    path("kvietimai/", calls.CallListView.as_view(), name="call_list"),
    path("kvietimai/prenumerata/", calls.call_subscribe, name="call_subscribe"),
    path("kvietimai/naujas/", calls.CallCreateView.as_view(), name="call_create"),
    path("kvietimai/<int:pk>/", calls.CallDetailView.as_view(), name="call_detail"),
    path("kvietimai/<int:pk>/redaguoti/", calls.CallUpdateView.as_view(), name="call_update"),
]
