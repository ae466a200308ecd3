"""A registration burst through gunicorn and PostgreSQL: 200 librarians press "register" at
the same moment for a seminar of 150 places. Measures p50/p95 of one registration (the
POST of the self-registration form, redirect included in nothing: the POST alone), with
``/healthz`` measured in the same run as the baseline, and checks the outcome: exactly 150
registered and 50 on the waiting list. Writes bench/results/training_registration.json
(``BENCH_SCALE=tiny``: 20 people for 15 places, var/bench/results-tiny/).

It needs a PostgreSQL database named as the other benchmarks' (regionas_bench, or
regionas_bench_tiny at tiny scale). At tiny scale the database is recreated; at full scale
the national database is kept (it took a quarter of an hour to import): the script migrates
it, adds its own accounts and event, and removes them afterwards.
"""

import os
import secrets
import signal
import statistics
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

from common import ROOT, SCALE_LABEL, TINY, database_url, django_defaults, recreate_database
from common import write_results as write_figures
from dashboards import (
    WORKERS,
    configure,
    free_port,
    manage,
    request,
    start_server,
    stop_server,
    wait_until_up,
)

PEOPLE, PLACES = (20, 15) if TINY else (200, 150)
SOLO = 5 if TINY else 30     # registrations one at a time after the burst: the unloaded cost
BASELINE_REQUESTS = 40 if TINY else 400
EMAIL_DOMAIN = "burst.bench.invalid"


class FormFields(HTMLParser):
    """The fields of the page's registration form as the browser would post them."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields = action, False, {}
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("action") or "") in {"", self.action}
        elif self.inside and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button"}:
                self.fields[attrs["name"]] = attrs.get("value", "")
        elif self.inside and tag == "select":
            self.select = attrs.get("name")
        elif self.inside and tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")
        elif self.inside and tag == "textarea" and attrs.get("name"):
            self.fields[attrs["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def prepare() -> dict:
    """Accounts with a person each and a membership, a published seminar with PLACES places
    and the registration open, and a signed-in session per account (made directly: 200
    password hashes would measure argon2, not the registration)."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from bibliotekos.models import Library, LibraryKind, Person
    from mokymai.models import EventStatus, Session, TrainingEvent
    from mokymai.services import refresh_dates
    from paskyros.middleware import SESSION_SEEN, SESSION_STARTED
    from paskyros.models import User

    cleanup()
    now = int(time.time())
    library = (Library.objects.filter(kind=LibraryKind.SYSTEM).first()
               or Library.objects.create(code="BENCH-SYS", name="Benchmark system",
                                         kind=LibraryKind.SYSTEM))
    start = timezone.now() + timedelta(days=10)
    event = TrainingEvent.objects.create(
        title="Benchmark seminar", status=EventStatus.PUBLISHED, capacity=PLACES,
        registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=start - timedelta(days=1), organiser="Bench")
    Session.objects.create(event=event, starts_at=start, ends_at=start + timedelta(hours=3))
    refresh_dates(event=event)
    sessions = []
    for number in range(PEOPLE + SOLO):
        user = User.objects.create_user(f"p{number}@{EMAIL_DOMAIN}", full_name=f"Dalyvis {number}",
                                        role="librarian")
        library.memberships.create(user=user, role="librarian")
        Person.objects.create(first_name="Dalyvis", last_name=f"Nr{number}", library=library,
                              user=user, email=user.email)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "paskyros.backends.EmailBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[SESSION_STARTED] = store[SESSION_SEEN] = now
        store.create()
        sessions.append(store.session_key)
    return {"event": event.pk, "sessions": sessions}


def cleanup() -> None:
    from mokymai.models import Registration, TrainingEvent
    from paskyros.models import User

    events = TrainingEvent.objects.filter(title="Benchmark seminar", organiser="Bench")
    Registration.objects.filter(event__in=events).delete()
    events.delete()
    from bibliotekos.models import Person

    Person.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()


def outcome(event_id: int) -> dict:
    from django.db import connections

    from mokymai.models import Registration

    connections.close_all()
    statuses = Registration.objects.filter(event_id=event_id)
    return {"registered": statuses.filter(status="registered").count(),
            "waiting": statuses.filter(status="waiting").count(),
            "rows": statuses.count()}


def open_forms(path: str, sessions: list[str]) -> list:
    """Every account opens the form (not measured): its cookie and the fields to post."""
    forms = []
    for key in sessions:
        csrf = secrets.token_hex(16)
        cookie = f"sessionid={key}; csrftoken={csrf}"
        status, _c, _t, body = fetch(path, cookie)
        assert status == 200, f"the registration page answered {status}"
        parser = FormFields(path)
        parser.feed(body)
        fields = {**parser.fields, "csrfmiddlewaretoken": csrf}
        forms.append((cookie, fields))
    return forms


def one_by_one(path: str, sessions: list[str]) -> dict:
    """Registrations one after another, nothing else running: what one costs unloaded."""
    latencies = []
    started = time.perf_counter()
    for cookie, fields in open_forms(path, sessions):
        status, _c, elapsed = request(path, cookie=cookie, data=fields)
        assert status in (200, 302), f"a registration answered {status}"
        latencies.append(elapsed)
    return summary(latencies, time.perf_counter() - started)


def burst(path: str, sessions: list[str]) -> dict:
    """Every account opens the form, then all post it together."""
    forms = open_forms(path, sessions)
    barrier = threading.Barrier(len(forms))
    latencies, errors = [], []

    def post(cookie, fields):
        barrier.wait(timeout=60)
        try:
            status, _c, elapsed = request(path, cookie=cookie, data=fields)
            if status not in (200, 302):
                errors.append(status)
            latencies.append(elapsed)
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(type(error).__name__)

    threads = [threading.Thread(target=post, args=form) for form in forms]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    assert not errors, f"{len(errors)} failed registrations, e.g. {errors[:5]}"
    return summary(latencies, wall)


def fetch(path: str, cookie: str):
    import urllib.request

    from dashboards import BASE

    req = urllib.request.Request(BASE + path, headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as response:  # noqa: S310 - our own server
        body = response.read().decode()
        return response.status, None, time.perf_counter() - started, body


def baseline(count: int) -> dict:
    latencies = []
    lock = threading.Lock()

    def run(share):
        for _ in range(share):
            _status, _c, elapsed = request("/healthz")
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=run, args=(count // 20,)) for _ in range(20)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summary(latencies, time.perf_counter() - started)


def summary(latencies: list[float], wall: float) -> dict:
    ordered = sorted(latencies)
    return {"requests": len(ordered),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1),
            "wall_s": round(wall, 2)}


def create_if_missing(url: str) -> None:
    """The national database, made empty when statistics_import.py has not made it yet (the
    burst needs no statistics)."""
    import psycopg
    from common import DATABASE

    admin_url = url.rstrip("/").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")


def main() -> None:
    url = database_url("the national database is kept; tiny is recreated")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    port = free_port()
    configure(port)
    os.environ.update({"DEBUG": "false", "PORTAL_BASE_URL": "https://bench.invalid"})
    django_defaults()
    if TINY:
        recreate_database(url)
    else:
        create_if_missing(url)
    manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")
    manage("compile_translations")
    prepared = prepare()
    from django.db import connections

    connections.close_all()
    server = start_server(port)
    try:
        wait_until_up(server)
        path = f"/mokymai/{prepared['event']}/registruotis/"
        healthz = baseline(BASELINE_REQUESTS)
        registration = burst(path, prepared["sessions"][:PEOPLE])
        result = outcome(prepared["event"])
        assert result == {"registered": PLACES, "waiting": PEOPLE - PLACES, "rows": PEOPLE}, \
            f"wrong outcome: {result}"
        solo = one_by_one(path, prepared["sessions"][PEOPLE:])
        figures = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scale": SCALE_LABEL, "people": PEOPLE, "places": PLACES,
            "gunicorn_workers": WORKERS,
            "baseline_healthz": healthz, "registration_burst": registration,
            "registration_to_baseline_p95": round(
                registration["p95_ms"] / healthz["p95_ms"], 1),
            "registration_alone": solo,
            "note": "The burst's latency is mostly the queue: every request arrives at once "
                    "at the workers; registration_alone is one registration with nothing "
                    "else running. Without a broker (as here) the confirmation e-mail is "
                    "rendered and sent inside the request; with Celery it leaves to the "
                    "worker.",
            "outcome": result,
        }
        write_figures("training_registration", figures)
    finally:
        stop_server(server)
        if not TINY:
            cleanup()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
