"""The production deployment files agree with each other and with the settings.

These tests only read files (no database, no Docker): docker-compose.yml, the Dockerfile,
the nginx configuration and .env.example.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")

# Every variable the settings read that a production deployment is expected to set.
DOCUMENTED_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "PORTAL_BASE_URL",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "CSRF_TRUSTED_ORIGINS",
    "TRUSTED_PROXY_COUNT",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "CELERY_BEAT_SCHEDULE_DIR",
    "UPLOAD_MAX_MB",
    "LOG_LEVEL",
    "OTP_REQUIRED_ROLES",
    "SESSION_IDLE_MINUTES",
    "SESSION_ABSOLUTE_HOURS",
    "SECURE_HSTS_SECONDS",
)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def nginx_conf() -> str:
    return (ROOT / "deploy" / "nginx" / "regionas.conf").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def command_words(service: dict) -> list[str]:
    command = service.get("command", [])
    return command.split() if isinstance(command, str) else [str(word) for word in command]


def mount_targets(service: dict) -> dict[str, str]:
    """Container path -> source (volume name or host path) of every short-syntax mount."""
    targets = {}
    for mount in service.get("volumes", []):
        source, target, *_options = mount.split(":")
        targets[target] = source
    return targets


def test_compose_defines_every_production_service(services):
    assert {"nginx", "web", "worker", "beat", "db", "redis"} <= set(services)


def test_compose_runs_web_worker_beat_from_one_image(services):
    images = {services[name].get("image") for name in APP_SERVICES}
    assert len(images) == 1 and None not in images
    assert services["web"].get("build") in (".", {"context": "."})
    # only web builds; the others reuse its image instead of building it again
    assert "build" not in services["worker"] and "build" not in services["beat"]


def test_worker_service_runs_a_celery_worker(services):
    words = command_words(services["worker"])
    assert "celery" in words and "worker" in words
    assert "regionas" in words


def test_beat_service_runs_celery_beat_with_a_persistent_schedule(services):
    words = command_words(services["beat"])
    assert "celery" in words and "beat" in words
    schedule = words[words.index("--schedule") + 1]
    schedule_dir = str(Path(schedule).parent)
    assert schedule_dir in mount_targets(services["beat"])


def test_database_keeps_its_data_in_a_named_volume(compose, services):
    source = mount_targets(services["db"]).get("/var/lib/postgresql/data")
    assert source in compose["volumes"]


def test_media_volume_is_shared_by_web_and_worker(services):
    assert mount_targets(services["web"]).get("/app/var/media") == "media"
    assert mount_targets(services["worker"]).get("/app/var/media") == "media"


def test_media_is_not_mounted_into_nginx(services):
    assert "media" not in mount_targets(services["nginx"]).values()


def test_nginx_mounts_the_portal_configuration_and_the_static_files(services):
    mounts = mount_targets(services["nginx"])
    assert mounts.get("/etc/nginx/conf.d/default.conf") == "./deploy/nginx/regionas.conf"
    assert mounts.get("/srv/regionas/static") == "static"
    assert mounts.get("/etc/nginx/certs") == "./deploy/certs"
    for mount in services["nginx"]["volumes"]:
        assert mount.endswith(":ro"), f"nginx mount should be read-only: {mount}"


def test_static_volume_written_by_web_is_the_one_nginx_reads(services):
    assert mount_targets(services["web"]).get("/app/var/static") == "static"


def test_compose_names_every_volume_it_uses(compose):
    assert {"pgdata", "redisdata", "static", "media", "beat"} <= set(compose["volumes"])


def test_only_nginx_publishes_ports(services):
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"nginx"}


def test_app_services_wait_for_healthy_database_and_broker(services):
    depends = services["web"]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"
    assert services["worker"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_web_checks_its_health_on_healthz(services):
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_web_runs_the_entrypoint_then_gunicorn(services):
    assert services["web"]["entrypoint"] == ["/app/deploy/entrypoint.sh"]
    words = command_words(services["web"])
    assert words[:2] == ["gunicorn", "regionas.wsgi:application"]


def test_entrypoint_migrates_and_then_execs_the_command():
    script = (ROOT / "deploy" / "entrypoint.sh").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    assert "migrate --no-input" in script
    assert script.rstrip().endswith('exec "$@"')


def test_nginx_caps_uploads_at_ten_megabytes_with_a_friendly_page(nginx_conf):
    assert "client_max_body_size 10m;" in nginx_conf
    assert "error_page 413 /413.html;" in nginx_conf
    page = (ROOT / "deploy" / "nginx" / "413.html").read_text(encoding="utf-8")
    assert "Failas per didelis" in page and "10 MB" in page


def test_nginx_terminates_tls_and_forwards_the_scheme_and_client(nginx_conf):
    assert "ssl_certificate /etc/nginx/certs/fullchain.pem;" in " ".join(nginx_conf.split())
    assert "ssl_certificate_key" in nginx_conf
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in nginx_conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx_conf
    assert "X-Forwarded-For" in nginx_conf
    assert "server_tokens off;" in nginx_conf


def test_nginx_leaves_csp_and_hsts_to_django(nginx_conf):
    active = "\n".join(line for line in nginx_conf.splitlines()
                       if not line.strip().startswith("#"))
    assert "Content-Security-Policy" not in active
    assert "Strict-Transport-Security" not in active


def test_dockerfile_installs_hashed_locks_and_runs_as_non_root(dockerfile):
    assert "--require-hashes -r requirements/uv.lock" in dockerfile
    assert "--require-hashes -r requirements/base.lock" in dockerfile
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}


def test_dockerfile_copies_requirements_before_the_project(dockerfile):
    assert dockerfile.index("COPY requirements/") < dockerfile.index("COPY . .")


def test_dockerfile_checks_health_and_serves_with_gunicorn(dockerfile):
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert '"gunicorn", "regionas.wsgi:application"' in dockerfile


def test_env_example_documents_every_production_variable():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assigned = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, re.M))
    missing = [name for name in DOCUMENTED_VARIABLES if name not in assigned]
    assert not missing, f".env.example does not set: {missing}"


def test_env_example_holds_no_usable_secret_key():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    secret_key = re.search(r"^SECRET_KEY=(.*)$", text, re.M).group(1)
    # shorter than the 50 characters the settings demand, so a forgotten placeholder
    # stops the start instead of running with a published key
    assert len(secret_key) < 50


def test_build_context_leaves_out_secrets_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".venv", ".git", "var", "db.sqlite3", ".env", "deploy/certs"):
        assert entry in ignored
