"""Dashboards at national scale under 20 concurrent users, through gunicorn and PostgreSQL:
p50/p95 of the territory overview and of a drill-down page, with /healthz (a minimal view)
measured in the same run as the baseline. Writes bench/results/dashboards.json.

Needs the database made by bench/statistics_import.py (regionas_bench).
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8799
BASE = f"http://127.0.0.1:{PORT}"
USERS = 20
REQUESTS_PER_USER = 25
ENV = {
    **os.environ,
    "DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuv",
    "PORTAL_BASE_URL": "https://bench.invalid", "CSRF_TRUSTED_ORIGINS": BASE,
    "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"), "LOG_LEVEL": "WARNING",
    "LOGIN_IP_FAILURE_LIMIT": "1000",
}
PASSWORD = "bench-management-password-2026"  # noqa: S105 - a throwaway benchmark account


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True,
                   capture_output=True)


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
    _status, set_cookie, _t = request(
        "/paskyra/prisijungti/", cookie=f"csrftoken={jar['csrftoken']}",
        data={"username": "bench-manager@bench.invalid", "password": PASSWORD,
              "csrfmiddlewaretoken": jar["csrftoken"]})
    jar.update(cookies(set_cookie))
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
            except Exception as error:  # noqa: BLE001 - counted, not fatal
                errors.append(type(error).__name__)

    threads = [threading.Thread(target=user) for _ in range(USERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {"requests": len(latencies), "errors": len(errors),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
            "requests_per_second": round(len(latencies) / wall, 1)}


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").rstrip("/").endswith("regionas_bench"):
        sys.exit("Set DATABASE_URL=postgres://…/regionas_bench (made by statistics_import.py).")
    manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")
    manage("compile_translations")
    manage("shell", "-c", (
        "from paskyros.models import User\n"
        "u, _ = User.objects.get_or_create(email='bench-manager@bench.invalid', "
        "defaults={'full_name': 'Bench', 'role': 'management'})\n"
        f"u.set_password('{PASSWORD}'); u.is_active = True; u.save()"))
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "regionas.wsgi:application", "--bind",
         f"127.0.0.1:{PORT}", "--workers", "3", "--timeout", "120"], cwd=ROOT, env=ENV,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                request("/healthz")
                break
            except OSError:
                time.sleep(0.2)
        cookie = sign_in()
        municipality = "M07"
        pages = {"overview": "/statistika/analize/?year=2024",
                 "drill_down_municipality": f"/statistika/analize/savivaldybe/{municipality}/"
                                            "?year=2024"}
        cold = {}
        for name, path in pages.items():
            for _worker in range(3):   # each gunicorn worker computes once, then caches
                _s, _c, elapsed = request(path, cookie=cookie)
                cold.setdefault(name, []).append(round(elapsed * 1000))
        figures = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "concurrent_users": USERS, "gunicorn_workers": 3,
            "baseline_healthz": load("/healthz", cookie),
            **{name: load(path, cookie) for name, path in pages.items()},
            "first_requests_ms": cold,
        }
        for name in pages:
            figures[f"{name}_to_baseline_p95"] = round(
                figures[name]["p95_ms"] / figures["baseline_healthz"]["p95_ms"], 1)
        out = ROOT / "bench" / "results" / "dashboards.json"
        out.write_text(json.dumps(figures, indent=2) + "\n")
        print(json.dumps(figures, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
