"""The portal's URLs plus the throwaway app's, as an installed app's urls.py would add them."""

from django.urls import include, path

from regionas.urls import urlpatterns as portal

urlpatterns = [*portal, path("skelbimai/", include("tests.throwaway.urls"))]
