"""What every app's services share: the refusal a rule raises.

A service refuses what the rules do not allow with ``Refused`` — a ``ValidationError``
whose ``code`` says what kind (``stale``, ``locked``, ``exists``…), per field where it
names one — and a view puts it onto its form with ``portalas.forms.refusal_to_form``.
(Apps written before this module keep a copy of their own; new code imports this one.)"""

from django.core.exceptions import ValidationError

__all__ = ["Refused"]


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code
