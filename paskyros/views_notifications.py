"""The e-mail preferences page (every kind of e-mail the person's role gets, by app: the
optional ones as switches, the mandatory ones always on) and the public one-click
unsubscribe page an e-mail links to (``portalas.notifications``)."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from paskyros.models import User
from portalas import notifications


def preference_groups(user) -> list[dict]:
    """The kinds the user's role receives, grouped by the app that sends them (the key's
    prefix), apps in their installed order, each with whether it is on."""
    off = notifications.turned_off(user)
    by_app: dict[str, list[dict]] = {}
    for declared in notifications.kinds_for(user):
        by_app.setdefault(declared.key.split(".", 1)[0], []).append({
            "kind": declared, "on": not declared.optional or declared.key not in off,
            "field_id": "kind-" + declared.key.replace(".", "-").replace("_", "-")})
    groups = []
    for config in apps.get_app_configs():
        if config.label in by_app:
            groups.append({"label": config.verbose_name, "app": config.label,
                           "kinds": by_app.pop(config.label)})
    groups += [{"label": label, "app": label, "kinds": kinds} for label, kinds in by_app.items()]
    return groups


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notifications_page(request):
    user = request.user
    if request.method == "POST":
        chosen = set(request.POST.getlist("on"))
        changed = notifications.set_preferences(user=user, choices={
            declared.key: declared.key in chosen
            for declared in notifications.kinds_for(user) if declared.optional})
        if changed:
            messages.success(request, _("Your e-mail preferences have been saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("paskyros:notifications")
    return render(request, "paskyros/notifications.html",
                  {"groups": preference_groups(user)})


def _masked(address: str) -> str:
    """``a…@test.lt``: enough for the owner to recognise, little for anyone else."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


@login_not_required
@csrf_exempt  # RFC 8058: a mail client POSTs without a session; the signed token is the secret
@require_http_methods(["GET", "HEAD", "POST"])
def notification_unsubscribe(request, token: str):
    """GET shows what the link turns off and a button (a link scanner's GET changes
    nothing); POST — the button, or a mail client's one-click ``List-Unsubscribe-Post`` —
    turns the kind off. A token that is not genuine is a 404."""
    try:
        user_pk, key = notifications.read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404 from None
    user = get_object_or_404(User, pk=user_pk)
    declared = notifications.kind(key)
    done = request.method == "POST"
    if done:
        notifications.set_preference(user=user, key=key, enabled=False)
    return render(request, "paskyros/notifications_unsubscribe.html", {
        "kind": declared, "done": done, "address": _masked(user.email),
        "already_off": not done and not notifications.wants(user, key),
        "mine": request.user.is_authenticated and request.user.pk == user.pk})
