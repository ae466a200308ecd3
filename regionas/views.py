"""Project-level views that are infrastructure, not domain: health check and error pages."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("regionas.errors")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Database always; broker when one is configured. 200 when all answer, else 503."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is "down" for a health check
        checks["database"] = f"error: {type(exc).__name__}"
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = _broker_status()
    else:
        checks["broker"] = "not configured (tasks run in-process)"
    healthy = all(value == "ok" or value.startswith("not configured") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks},
                        status=200 if healthy else 503)


def _broker_status() -> str:
    from regionas.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {type(exc).__name__}"


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    incident = getattr(request, "incident_id", "-")
    logger.error("incident %s: server error on %s", incident, request.path)
    # No context processors (they may query the database that just failed): a plain page.
    return HttpResponseServerError(loader.render_to_string("500.html", {"incident_id": incident}))


def csrf_failure(request, reason=""):
    logger.warning("CSRF failure on %s", request.path)
    return render(request, "403_csrf.html", status=403)
