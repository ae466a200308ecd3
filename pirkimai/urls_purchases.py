"""Purchases: the list, a request's forms, its page, moves, survey and history."""

from django.urls import path

from pirkimai import views_purchases as purchases
from pirkimai import views_purchases_forms as forms
from pirkimai import views_purchases_moves as moves
from pirkimai import views_purchases_survey as survey

urlpatterns = [
    path("paraiskos/", purchases.PurchaseListView.as_view(), name="purchase_list"),
    path("paraiskos/nauja/", forms.purchase_create, name="purchase_create"),
    path("paraiskos/<int:pk>/", purchases.PurchaseDetailView.as_view(),
         name="purchase_detail"),
    path("paraiskos/<int:pk>/taisyti/", forms.PurchaseUpdateView.as_view(),
         name="purchase_update"),
    path("paraiskos/<int:pk>/pateikti/", moves.purchase_submit, name="purchase_submit"),
    path("paraiskos/<int:pk>/patvirtinti/", moves.purchase_approve, name="purchase_approve"),
    path("paraiskos/<int:pk>/grazinti/", moves.purchase_return, name="purchase_return"),
    path("paraiskos/<int:pk>/apklausa/", survey.purchase_survey, name="purchase_survey"),
    path("paraiskos/<int:pk>/atsaukti/", moves.purchase_cancel, name="purchase_cancel"),
    path("paraiskos/<int:pk>/istorija/", purchases.PurchaseHistoryView.as_view(),
         name="purchase_history"),
]
