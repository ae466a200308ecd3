"""Shared fixtures: the three personas of STYLE.md plus management and an administrator.

- ``staff``: department staff (sees the whole territory)
- ``librarian_a``: director of library system A (owns the data)
- ``librarian_b``: librarian of school library B (must not see A's data)
"""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

@pytest.fixture(autouse=True)
def _plain_static_and_fast_settings(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND":
                                         "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OTP_REQUIRED_ROLES = {"admin"}
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.DOCUMENTS_IN_THREAD = False
    from django.core.cache import cache

    cache.clear()
    yield
    _stop_document_thread()


def _stop_document_thread():
    """A test that let the document thread start (DOCUMENTS_IN_THREAD) leaves no thread
    behind: the next test gets a fresh one, with no database connection of a test that is
    over (an in-memory SQLite connection cannot be closed, only dropped with its thread)."""
    from ataskaitos import services

    executor = services._background
    if executor is not None and hasattr(executor, "shutdown"):
        executor.shutdown(wait=True)
        services._background = None


@pytest.fixture
def territory(db):
    from tests.factories import build_territory

    return build_territory()


@pytest.fixture
def staff(db):
    from tests.factories import UserFactory

    return UserFactory(role="staff", email="staff@test.lt", full_name="Rūta Skyriūtė")


@pytest.fixture
def manager(db):
    from tests.factories import UserFactory

    return UserFactory(role="management", email="vadovas@test.lt", full_name="Vytas Vadovas")


@pytest.fixture
def administrator(db):
    from tests.factories import UserFactory

    return UserFactory(role="admin", email="admin@test.lt", full_name="Ada Administratorė")


@pytest.fixture
def librarian_a(territory):
    from tests.factories import UserFactory

    user = UserFactory(role="librarian", email="a@test.lt", full_name="Aldona Ąžuolienė")
    territory.system_a.memberships.create(user=user, role="director")
    return user


@pytest.fixture
def librarian_b(territory):
    from tests.factories import UserFactory

    user = UserFactory(role="librarian", email="b@test.lt", full_name="Birutė Bėrienė")
    territory.school_b.memberships.create(user=user, role="librarian")
    return user


def _client_for(client_class, user):
    from django.test import Client

    client = Client() if client_class is None else client_class()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


@pytest.fixture
def staff_client(staff):
    return _client_for(None, staff)


@pytest.fixture
def manager_client(manager):
    return _client_for(None, manager)


@pytest.fixture
def client_a(librarian_a):
    return _client_for(None, librarian_a)


@pytest.fixture
def client_b(librarian_b):
    return _client_for(None, librarian_b)


def require_program(*names: str) -> str:
    """The path of the first program found. Missing: skip with a message on a laptop,
    fail under CI=true (CI must prove what these tests check)."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    message = f"{' or '.join(names)} is not installed; this test needs it"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: a skip would hide a failure)")
    pytest.skip(message)


def pytest_configure(config):
    """Compile the translation catalogues once, in the controlling process."""
    if hasattr(config, "workerinput"):
        return
    import gettext

    from asgiref.local import Local
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compile_translations", verbosity=0)
    # A catalogue read while Django started (before the compile) must not stay cached —
    # neither by Django nor by Python's gettext (as Django's own reloader does).
    gettext._translations = {}
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()
