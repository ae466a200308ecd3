from django.conf import settings

from paskyros.navigation import navigation_for


def portal(request):
    return {
        "PORTAL_NAME": "Regionas",
        "LANGUAGES": settings.LANGUAGES,
        "navigation": navigation_for(request),
    }
