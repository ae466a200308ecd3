from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MaximumLengthValidator:
    """Very long passwords only cost hashing time; 128 characters is plenty for a passphrase."""

    max_length = 128

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                _("The password is too long (at most %(max)d characters).")
                % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("At most %(max)d characters.") % {"max": self.max_length}
