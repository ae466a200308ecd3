"""The statistics form at national scale: p50/p95 of the form page and of one draft save,
with /healthz (a minimal view) measured in the same run as the baseline.

At full scale it needs the database made by bench/statistics_import.py (regionas_bench,
4.7 million values) and writes bench/results/report_form.json. ``BENCH_SCALE=tiny``
recreates regionas_bench_tiny with a few libraries of its own and writes
var/bench/results-tiny/report_form.json.
"""

import os
import statistics
import time
from datetime import UTC, datetime, timedelta

from common import (
    ROOT,
    SCALE_LABEL,
    TINY,
    YEAR,
    database_url,
    django_defaults,
    populate,
    recreate_database,
    write_results,
)

django_defaults()
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench" / "static"))
ROUNDS = 10 if TINY else 60


def percentiles(samples):
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000, 1)}


def timed(call, rounds=ROUNDS):
    call()  # warm up (caches, connections)
    samples = []
    for number in range(rounds):
        started = time.perf_counter()
        response = call(number)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return percentiles(samples)


def main() -> None:
    if TINY:
        recreate_database(database_url())
    else:
        database_url("made by statistics_import.py")
    import django

    django.setup()
    if TINY:
        populate()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bibliotekos.models import Library
    from paskyros.models import User
    from statistika.models import Campaign, Submission, Value
    from statistika.scoping import form_units
    from statistika.services.campaign import create_campaign

    staff, _ = User.objects.get_or_create(email="bench@bench.invalid",
                                          defaults={"full_name": "Bench", "role": "staff"})
    year = YEAR
    campaign = Campaign.objects.filter(year=year).first() or create_campaign(
        year=year, kinds=["system", "school"], deadline=timezone.now() + timedelta(days=30),
        reminder_days=[3], by=staff)
    campaign.deadline = timezone.now() + timedelta(days=30)
    campaign.save()
    system = Library.objects.filter(kind="system").order_by("code").first()
    submission = Submission.objects.get(campaign=campaign, library=system)
    Submission.objects.filter(pk=submission.pk).update(status="draft")
    units = form_units(submission)
    outlet = units[2]
    assert outlet.indicators, f"{outlet.library.code} has no fields"
    client = Client(SERVER_NAME="testserver")
    client.force_login(staff, backend="paskyros.backends.EmailBackend")
    form_url = reverse("statistika:report_unit", args=[submission.pk, outlet.library.code])
    save_url = reverse("statistika:field_save", args=[submission.pk])
    indicator = outlet.indicators[0]

    def page(_n=0):
        return client.get(form_url, secure=True)

    def save(n=0):
        current = Value.objects.filter(library=outlet.library, indicator=indicator,
                                       year=year).values_list("version", flat=True).first()
        return client.post(save_url, {"library": outlet.library.pk, "indicator": indicator.pk,
                                      "value": str(1000 + n), "version": current or 0},
                           HTTP_HX_REQUEST="true", secure=True)

    def health(_n=0):
        return client.get("/healthz", secure=True)

    figures = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": SCALE_LABEL,
        "values_in_database": Value.objects.count(),
        "form": {"units": len(units), "fields_on_page": len(outlet.indicators),
                 "fields_in_report": sum(len(u.indicators) for u in units)},
        "baseline_healthz": timed(health),
        "form_page": timed(page),
        "draft_save": timed(save),
    }
    # Every save went through: the last one's number is stored.
    stored = Value.objects.get(library=outlet.library, indicator=indicator, year=year)
    assert stored.value == 1000 + ROUNDS - 1, (stored.value, ROUNDS)
    figures["form_page_to_baseline_p95"] = round(
        figures["form_page"]["p95_ms"] / figures["baseline_healthz"]["p95_ms"], 1)
    figures["draft_save_to_baseline_p95"] = round(
        figures["draft_save"]["p95_ms"] / figures["baseline_healthz"]["p95_ms"], 1)
    write_results("report_form", figures)


if __name__ == "__main__":
    main()
