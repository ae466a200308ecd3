"""Configuration by environment: laptop defaults, loud failures, a clean deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "regionas.example.lt",
    "PORTAL_BASE_URL": "https://regionas.example.lt",
    "DATABASE_URL": "postgres://regionas:secret@db:5432/regionas",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.lt:587",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL",
                          "ALLOWED_HOSTS", "PORTAL_BASE_URL", "EMAIL_URL",
                          "DJANGO_SETTINGS_MODULE", "OTP_REQUIRED_ROLES",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120, check=False)


def test_deploy_check_is_clean_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_laptop_defaults_need_no_configuration():
    result = manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("name", "value", "message"), [
    ("DEBUG", "maybe", "is not a boolean"),
    ("DATABASE_URL", "mysql://root@localhost/x", "is not supported"),
    ("CELERY_BROKER_URL", "amqp://guest@localhost//", "must be a redis"),
    ("PORTAL_BASE_URL", "regionas.example.lt", "absolute http(s)"),
    ("PORTAL_BASE_URL", "http://regionas.example.lt", "must use https"),
    ("SECRET_KEY", "", "SECRET_KEY must be set"),
    ("SECRET_KEY", "short", "at least 50"),
    ("EMAIL_URL", "pigeon://coop", "is not supported"),
    ("SESSION_IDLE_MINUTES", "soon", "is not a whole number"),
    ("OTP_REQUIRED_ROLES", "admin,wizard", "unknown roles"),
    ("ALLOWED_HOSTS", ",", "ALLOWED_HOSTS is empty"),
])
def test_bad_values_stop_the_start_with_a_message(name, value, message):
    result = manage("check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_no_tracked_file_names_a_package_registry_host():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=False).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    hosts = ["pypi" + ".org", "files." + "pythonhosted", "registry." + "npmjs",
             "deb." + "debian.org", "npmjs" + ".com"]
    offenders = []
    for name in tracked:
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 5_000_000:
            continue
        text = path.read_bytes().decode("utf-8", "ignore").lower()
        offenders += [f"{name}: {host}" for host in hosts if host in text]
    assert offenders == []


def test_an_unconfigured_checkout_runs_in_development_mode():
    assert manage("makemigrations", "--check", "--dry-run").returncode == 0


def test_any_production_setting_turns_development_mode_off():
    result = manage("check", DATABASE_URL="sqlite:////tmp/regionas-config-test.db")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
