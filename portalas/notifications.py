"""People's choices of the e-mails they get: the one place that reads and writes them.

Every kind of e-mail is declared with ``portalas.registry.notification_kind``. A kind with
``optional=False`` is always sent (a password reset, an assigned question); an optional
kind is sent unless the person turned it off, on the preferences page or by the one-click
link at the foot of the e-mail. Only a choice that differs from the default (on) is stored
(``paskyros.NotificationPreference``).

A sender asks before it sends::

    people = wanting(User.objects.filter(...), "viesinimas.newsletter")  # one query
    if wants(user, "projektai.calls"): ...

and an e-mail people may leave carries ``unsubscribe_url(user, key)`` in its text and
``list_unsubscribe_headers(user, key)`` among its headers (RFC 2369 and RFC 8058: a mail
client's "unsubscribe" button POSTs to the link, without a session or a CSRF token; the
signed token in the link is the secret)."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from portalas.registry import NotificationKind, notification_kinds

UNSUBSCRIBE_SALT = "portalas.notifications.unsubscribe"


def kind(key: str) -> NotificationKind:
    """The declared kind; a kind nobody declared is a mistake (KeyError)."""
    return notification_kinds.get(key)


def _preferences():
    from paskyros.models import NotificationPreference

    return NotificationPreference.objects


def receives(user, declared: NotificationKind) -> bool:
    """Whether the user's role is among those the kind is for (none named: everyone)."""
    return not declared.roles or user.role in declared.roles


def turned_off(user) -> set[str]:
    """The kinds the user turned off (one query)."""
    return set(_preferences().filter(user=user, enabled=False).values_list("kind", flat=True))


def wants(user, key: str) -> bool:
    """Whether ``user`` is to get e-mails of the kind ``key``: a mandatory kind always, an
    optional one unless they turned it off."""
    declared = kind(key)
    if not declared.optional:
        return True
    return not _preferences().filter(user_id=user.pk, kind=key, enabled=False).exists()


def wanting(users, key: str):
    """The recipients of ``users`` who want the kind ``key``: a queryset of users comes back
    a queryset (filtered in the database, no query of its own); any other iterable a list
    in its order (one query)."""
    declared = kind(key)
    if isinstance(users, QuerySet):
        if not declared.optional:
            return users
        return users.exclude(pk__in=_preferences().filter(kind=key, enabled=False)
                             .values("user_id"))
    users = list(users)
    if not declared.optional or not users:
        return users
    off = set(_preferences().filter(kind=key, enabled=False,
                                    user_id__in={user.pk for user in users})
              .values_list("user_id", flat=True))
    return [user for user in users if user.pk not in off]


@transaction.atomic
def set_preference(*, user, key: str, enabled: bool) -> bool:
    """Turn an optional kind on or off for ``user``; returns whether anything changed. A
    mandatory kind cannot be turned off (ValueError)."""
    declared = kind(key)
    if not declared.optional:
        if enabled:
            return False
        raise ValueError(f"{key} is always sent")
    if enabled:
        return _preferences().filter(user_id=user.pk, kind=key).delete()[0] > 0
    _row, created = _preferences().update_or_create(user_id=user.pk, kind=key,
                                                    defaults={"enabled": False})
    return created


def set_preferences(*, user, choices: dict[str, bool]) -> int:
    """Several kinds at once (the preferences page); returns how many changed."""
    return sum(set_preference(user=user, key=key, enabled=enabled)
               for key, enabled in choices.items())


# --- the one-click unsubscribe link ------------------------------------------------------------

def unsubscribe_token(user, key: str) -> str:
    """A signed token naming the person and the kind: whoever holds it may turn that one
    kind off for that one person, nothing else. It does not expire (an old newsletter's
    link keeps working)."""
    kind(key)
    return signing.dumps({"u": user.pk, "k": key}, salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user pk, kind key) of a genuine token of an optional kind; ``signing.BadSignature``
    for anything else (forged, altered, another salt, a kind not declared or mandatory)."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) \
            or not isinstance(data.get("k"), str):
        raise signing.BadSignature("not an unsubscribe token")
    key = data["k"]
    if key not in notification_kinds or not kind(key).optional:
        raise signing.BadSignature("not a kind one may leave")
    return data["u"], key


def unsubscribe_url(user, key: str) -> str:
    """The absolute address of the one-click unsubscribe page (e-mails are read outside the
    portal; a worker has no request: ``PORTAL_BASE_URL``)."""
    return settings.PORTAL_BASE_URL + reverse("paskyros:notification_unsubscribe",
                                              args=[unsubscribe_token(user, key)])


def preferences_url() -> str:
    return settings.PORTAL_BASE_URL + reverse("paskyros:notifications")


def list_unsubscribe_headers(user, key: str) -> dict[str, str]:
    """The headers by which a mail client offers its own "unsubscribe" button: RFC 2369's
    ``List-Unsubscribe`` and RFC 8058's one-click POST."""
    return {"List-Unsubscribe": f"<{unsubscribe_url(user, key)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def kinds_for(user) -> list[NotificationKind]:
    """The declared kinds the user's role receives, in the order they were declared."""
    return [declared for declared in notification_kinds.all() if receives(user, declared)]

