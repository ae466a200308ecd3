"""Kiosk mode: a shared desk tablet staff (or the library's own people) authorise for the
library's link; it accepts one answer after another until it is ended or expires.

The tablet keeps the key in an HttpOnly cookie (``tyrimai_kiosk_<participation>``); the
database keeps only its hash (``services.authorise_kiosk``). Starting signs the person out
of the portal on the tablet by default: a tablet at the desk is used by the public."""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from tyrimai import services
from tyrimai.models import Kiosk, Participation
from tyrimai.views.answer import kiosk_cookie


def _participation(request, pk) -> Participation:
    """Another library's participation is a 404; a role that may read but not run the
    library's link (management) is a 403."""
    participation = get_object_or_404(
        Participation.objects.visible_to(request.user).select_related("study", "library"),
        pk=pk)
    if not services.may_enter_paper(request.user, participation):
        raise PermissionDenied
    return participation


def _active(participation: Participation) -> list[Kiosk]:
    return list(participation.kiosks.filter(active=True, expires_at__gt=timezone.now())
                .select_related("authorised_by"))


@require_http_methods(["GET", "POST"])
def kiosk_start(request, participation):
    """GET: what kiosk mode is, the kiosks running; POST: this device becomes one."""
    participation = _participation(request, participation)
    study = participation.study
    if request.method == "POST":
        if not study.accepts_answers() or not participation.active:
            messages.error(request, _("This study does not accept answers now."))
            return redirect("tyrimai:kiosk_start", participation.pk)
        name = request.POST.get("name", "").strip() or _("Desk tablet")
        kiosk, key = services.authorise_kiosk(participation=participation, name=name,
                                              by=request.user)
        response = redirect(participation.get_public_url())
        response.set_cookie(kiosk_cookie(participation), key,
                            max_age=services.KIOSK_HOURS * 3600, httponly=True,
                            samesite="Lax", secure=request.is_secure())
        if request.POST.get("sign_out"):
            logout(request)
        return response
    device = services.kiosk_for(participation, request.COOKIES.get(kiosk_cookie(participation)))
    context = {"participation": participation, "study": study, "kiosks": _active(participation),
               "device": device, "hours": services.KIOSK_HOURS,
               "accepts": study.accepts_answers() and participation.active}
    return render(request, "tyrimai/kiosk.html", context)


@require_http_methods(["GET", "POST"])
def kiosk_stop(request, participation):
    """GET: confirm; POST: end the kiosk named (``kiosk``), else this device's, else every
    running kiosk of the library's link — and clear this device's cookie."""
    participation = _participation(request, participation)
    cookie = kiosk_cookie(participation)
    device = services.kiosk_for(participation, request.COOKIES.get(cookie))
    if request.method == "GET":
        return render(request, "tyrimai/kiosk_stop.html",
                      {"participation": participation, "study": participation.study,
                       "device": device, "kiosks": _active(participation)})
    chosen = request.POST.get("kiosk", "")
    if chosen.isdigit():
        kiosks = [get_object_or_404(Kiosk.objects.visible_to(request.user),
                                    participation=participation, pk=int(chosen))]
    elif device is not None:
        kiosks = [device]
    else:
        kiosks = _active(participation)
    for kiosk in kiosks:
        services.end_kiosk(kiosk, request.user)
    messages.success(request, ngettext("%(count)d kiosk ended.", "%(count)d kiosks ended.",
                                       len(kiosks)) % {"count": len(kiosks)})
    response = redirect("tyrimai:kiosk_start", participation.pk)
    if cookie in request.COOKIES:
        response.delete_cookie(cookie, samesite="Lax")
    return response
