"""Dashboards at national scale under 20 concurrent users, through gunicorn and PostgreSQL:
p50/p95 of the territory overview and of a drill-down page, with /healthz (a minimal view)
measured in the same run as the baseline. Writes bench/results/dashboards.json.

At full scale it needs the database made by bench/statistics_import.py (regionas_bench).
``BENCH_SCALE=tiny`` recreates regionas_bench_tiny with a few libraries of its own, runs a short
load and writes var/bench/results-tiny/dashboards.json. gunicorn is started on a free port
and always stopped (with its workers), also when the run fails or is interrupted.
"""

import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime

from common import (
    ROOT,
    SCALE_LABEL,
    SHAPE,
    TINY,
    YEAR,
    database_url,
    django_defaults,
    populate,
    recreate_database,
    write_results,
)

USERS = 4 if TINY else 20
REQUESTS_PER_USER = 5 if TINY else 25
WORKERS = 2 if TINY else 3
PASSWORD = "bench-management-password-2026"  # noqa: S105 - a throwaway benchmark account
BASE = ""   # http://127.0.0.1:<port>, set once the port is chosen
ENV: dict[str, str] = {}
LOG = ROOT / "var" / "bench" / "gunicorn.log"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def configure(port: int) -> None:
    global BASE
    BASE = f"http://127.0.0.1:{port}"
    ENV.clear()
    ENV.update({
        **os.environ,
        "DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuv",
        "PORTAL_BASE_URL": "https://bench.invalid", "CSRF_TRUSTED_ORIGINS": BASE,
        "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"), "LOG_LEVEL": "WARNING",
        "LOGIN_IP_FAILURE_LIMIT": "1000",
    })


def manage(*args):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {args[0]} failed ({done.returncode})")


def request(path, cookie="", data=None, headers=None):
    body = urllib.parse.urlencode(data).encode() if data else None
    req = urllib.request.Request(BASE + path, data=body, headers={
        "Cookie": cookie, "Referer": BASE + "/", **(headers or {})})
    opener = urllib.request.build_opener(NoRedirect)
    started = time.perf_counter()
    with opener.open(req, timeout=60) as response:
        response.read()
        elapsed = time.perf_counter() - started
        return response.status, response.headers.get_all("Set-Cookie") or [], elapsed


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def cookies(set_cookie: list[str]) -> dict:
    out = {}
    for header in set_cookie:
        name, _sep, rest = header.partition("=")
        out[name] = rest.split(";", 1)[0]
    return out


def sign_in() -> str:
    _status, set_cookie, _t = request("/paskyra/prisijungti/")
    jar = cookies(set_cookie)
    status, set_cookie, _t = request(
        "/paskyra/prisijungti/", cookie=f"csrftoken={jar['csrftoken']}",
        data={"username": "bench-manager@bench.invalid", "password": PASSWORD,
              "csrfmiddlewaretoken": jar["csrftoken"]})
    jar.update(cookies(set_cookie))
    assert status == 302 and "sessionid" in jar, f"sign-in failed ({status})"
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def load(path: str, cookie: str) -> dict:
    latencies, errors = [], []

    def user():
        for _ in range(REQUESTS_PER_USER):
            try:
                status, _c, elapsed = request(path, cookie=cookie)
                if status != 200:
                    errors.append(status)
                latencies.append(elapsed)
            except Exception as error:  # noqa: BLE001 - counted, and checked after the run
                errors.append(type(error).__name__)

    threads = [threading.Thread(target=user) for _ in range(USERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    assert not errors, f"{path}: {len(errors)} failed requests, e.g. {errors[:5]}"
    ordered = sorted(latencies)
    return {"requests": len(latencies), "errors": len(errors),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000, 1),
            "requests_per_second": round(len(latencies) / wall, 1)}


def start_server(port: int) -> subprocess.Popen:
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("w") as log:
        # Its own process group, so stopping it reaches the workers too.
        return subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "regionas.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", str(WORKERS), "--timeout", "120"],
            cwd=ROOT, env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        except ProcessLookupError:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(server.pid, signal.SIGKILL)   # workers left behind by a master that died


def wait_until_up(server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            status, _c, _t = request("/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.stderr.write(LOG.read_text()[-3000:])
    raise SystemExit(f"gunicorn did not answer on {BASE} (exit code {server.poll()})")


def main() -> None:
    url = database_url("made by statistics_import.py" if not TINY else
                       "the database is recreated")
    # A SIGTERM (a CI timeout) ends the run through the finally below, like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    port = free_port()
    configure(port)
    if TINY:
        recreate_database(url)
        django_defaults()
        import django

        django.setup()
        populate()
        from django.db import connections

        connections.close_all()
    else:
        manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")
    manage("compile_translations")
    manage("shell", "-c", (
        "from paskyros.models import User\n"
        "u, _ = User.objects.get_or_create(email='bench-manager@bench.invalid', "
        "defaults={'full_name': 'Bench', 'role': 'management'})\n"
        f"u.set_password('{PASSWORD}'); u.is_active = True; u.save()"))
    server = start_server(port)
    try:
        wait_until_up(server)
        cookie = sign_in()
        municipality = f"M{min(7, SHAPE.systems - 1):02d}"
        pages = {"overview": f"/statistika/analize/?year={YEAR}",
                 "drill_down_municipality": f"/statistika/analize/savivaldybe/{municipality}/"
                                            f"?year={YEAR}"}
        cold = {}
        for name, path in pages.items():
            for _worker in range(WORKERS):   # each worker computes once, then caches
                status, _c, elapsed = request(path, cookie=cookie)
                assert status == 200, f"{path}: {status}"
                cold.setdefault(name, []).append(round(elapsed * 1000))
        figures = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scale": SCALE_LABEL,
            "concurrent_users": USERS, "gunicorn_workers": WORKERS,
            "baseline_healthz": load("/healthz", cookie),
            **{name: load(path, cookie) for name, path in pages.items()},
            "first_requests_ms": cold,
        }
        for name in pages:
            figures[f"{name}_to_baseline_p95"] = round(
                figures[name]["p95_ms"] / figures["baseline_healthz"]["p95_ms"], 1)
        write_results("dashboards", figures)
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
