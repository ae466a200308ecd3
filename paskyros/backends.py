from django.contrib.auth.backends import ModelBackend

from paskyros.models import normalize_email


class EmailBackend(ModelBackend):
    """Sign in by e-mail address, whatever its letter case; inactive users cannot."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("email")
        if not username or password is None:
            return None
        return super().authenticate(request, username=normalize_email(username),
                                    password=password)
