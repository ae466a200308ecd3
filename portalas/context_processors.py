from django.conf import settings

from portalas.registry import navigation_for


def portal(request):
    return {
        "PORTAL_NAME": "Regionas",
        "LANGUAGES": settings.LANGUAGES,
        "navigation": navigation_for(request),
    }
