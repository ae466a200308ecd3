"""Role checks for views. Row scope (which library's rows) lives in bibliotekos.scoping."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_administrator


def manages_territory(user) -> bool:
    return user.is_authenticated and user.can_manage_territory


def sees_territory(user) -> bool:
    return user.is_authenticated and user.sees_whole_territory


class RoleRequiredMixin(LoginRequiredMixin):
    """Signed in, and ``allowed(user)`` true; otherwise 403 (anonymous: the sign-in page)."""

    allowed = staticmethod(lambda user: True)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not type(self).allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def role_required(allowed):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
