import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

SESSION_STARTED = "regionas_auth_started"
SESSION_SEEN = "regionas_last_seen"


def _supported(code: str | None) -> str | None:
    if code and code in dict(settings.LANGUAGES):
        return code
    return None


class LanguageMiddleware:
    """Lithuanian unless the person chose otherwise: their cookie, then their profile.

    Unlike Django's LocaleMiddleware the browser's Accept-Language never decides: an
    English-language browser in a Lithuanian library still gets the Lithuanian portal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        user = getattr(request, "user", None)
        if language is None and user is not None and user.is_authenticated:
            language = _supported(user.language)
        language = language or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """Pages and downloads for a signed-in person are never kept by the browser or a proxy
    (``Cache-Control: no-store, private``): after sign-out, Back shows nothing, and a
    shared computer keeps no copy of a library's figures or people's contacts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True, no_cache=True,
                                max_age=0)
        return response


def _login_redirect(request, message: str):
    logout(request)
    messages.info(request, message)
    url = f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
    if getattr(request, "htmx", False) or request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SessionTimeoutMiddleware:
    """Sign out after SESSION_IDLE_TIMEOUT without a request, and SESSION_ABSOLUTE_TIMEOUT
    after sign-in whatever the activity. Both are enforced on the server."""

    touch_interval = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SESSION_STARTED)
            seen = session.get(SESSION_SEEN)
            if started is None:
                session[SESSION_STARTED] = started = now
            if seen is None:
                session[SESSION_SEEN] = seen = now
            if now - seen > settings.SESSION_IDLE_TIMEOUT:
                return _login_redirect(request, _("You were signed out after a period of "
                                                  "inactivity. Please sign in again."))
            if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                return _login_redirect(request, _("Your session has ended. Please sign in "
                                                  "again."))
            if now - seen >= self.touch_interval:
                session[SESSION_SEEN] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Users whose role needs a second factor reach nothing but the code pages until they
    have confirmed a one-time code in this session."""

    allowed_prefixes = ("/static/", "/healthz", "/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and user.requires_second_factor
                and not user.is_verified()):
            allowed = {reverse("paskyros:otp_verify"), reverse("paskyros:otp_setup"),
                       reverse("paskyros:logout"), reverse("paskyros:set_language")}
            if request.path not in allowed and not request.path.startswith(self.allowed_prefixes):
                from django_otp import devices_for_user

                has_device = any(True for _d in devices_for_user(user, confirmed=True))
                target = "paskyros:otp_verify" if has_device else "paskyros:otp_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
