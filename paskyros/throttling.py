"""Address-level throttling on top of django-axes' per-account lockout.

Axes locks an e-mail address after ``AXES_FAILURE_LIMIT`` failures. A password spray (one
attempt against many accounts) never trips that, so failures are also counted per client
address across all accounts, with a higher limit because a library's staff share one
address behind their router.
"""

import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

security_log = logging.getLogger("django.security.login")


def client_ip(request) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies (nginx sets X-Forwarded-For
    to the address it saw, replacing what the client sent), count that many hops from the
    right; otherwise the socket's address. Also axes' AXES_CLIENT_IP_CALLABLE."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def address_is_throttled(request) -> bool:
    ip = client_ip(request)
    if not ip:
        return False
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = (AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since)
                .aggregate(total=Sum("failures_since_start"))["total"] or 0)
    if failures >= settings.LOGIN_IP_FAILURE_LIMIT:
        security_log.warning("login throttled for address %s after %d failures", ip, failures)
        return True
    return False
