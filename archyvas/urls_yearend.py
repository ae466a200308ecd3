"""The year end: the overview, closing a year's files, the files whose retention ended and
the destruction acts."""

from django.urls import path

from archyvas import views_yearend as views
from archyvas import views_yearend_acts as acts
from archyvas import views_yearend_moves as moves

urlpatterns = [
    path("metu-pabaiga/", views.year_end, name="year_end"),
    path("metu-pabaiga/<int:year>/uzdaryti/", views.year_close, name="year_close"),
    path("saugojimas-baigesi/", views.expired_list, name="expired_list"),
    path("aktai/", acts.ActListView.as_view(), name="act_list"),
    path("aktai/naujas/", acts.act_create, name="act_create"),
    path("aktai/<int:pk>/", acts.ActDetailView.as_view(), name="act_detail"),
    path("aktai/<int:pk>/taisyti/", acts.ActUpdateView.as_view(), name="act_update"),
    path("aktai/<int:pk>/pateikti/", moves.act_submit, name="act_submit"),
    path("aktai/<int:pk>/patvirtinti/", moves.act_approve, name="act_approve"),
    path("aktai/<int:pk>/grazinti/", moves.act_return, name="act_return"),
    path("aktai/<int:pk>/aktas.pdf", acts.act_file, name="act_file"),
]
