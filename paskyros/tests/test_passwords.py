import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("candidate", ["trumpas1234", "password1234", "123456789012345",
                                       "x" * 129])
def test_weak_or_absurd_passwords_are_refused(candidate):
    with pytest.raises(ValidationError):
        validate_password(candidate, UserFactory.build(email="x@test.lt", full_name="X"))


@pytest.mark.django_db
def test_twelve_character_passphrase_is_accepted():
    validate_password("žalias-ąžuolas", UserFactory.build(email="x@test.lt", full_name="X"))


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory(password="žalias-ąžuolas-2026")
    assert user.password.startswith("argon2")
