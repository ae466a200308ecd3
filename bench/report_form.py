"""The statistics form at national scale: p50/p95 of the form page and of one draft save,
with /healthz (a minimal view) measured in the same run as the baseline.

Needs the database made by bench/statistics_import.py (regionas_bench, 4.7 million values);
writes bench/results/report_form.json.
"""

import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionas.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuv")
os.environ.setdefault("PORTAL_BASE_URL", "https://bench.invalid")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench" / "static"))
ROUNDS = 60


def percentiles(samples):
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1)}


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
    if not os.environ.get("DATABASE_URL", "").rstrip("/").endswith("regionas_bench"):
        sys.exit("Set DATABASE_URL=postgres://…/regionas_bench (made by statistics_import.py).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bibliotekos.models import Library
    from paskyros.models import User
    from statistika.models import Campaign, Report
    from statistika.services.reports import create_campaign, form_units

    staff, _ = User.objects.get_or_create(email="bench@bench.invalid",
                                          defaults={"full_name": "Bench", "role": "staff"})
    year = 2024
    campaign = Campaign.objects.filter(year=year).first() or create_campaign(
        year=year, kinds=["system", "school"], deadline=timezone.now() + timedelta(days=30),
        reminder_days=[3], by=staff)
    campaign.deadline = timezone.now() + timedelta(days=30)
    campaign.save()
    system = Library.objects.filter(kind="system").order_by("code").first()
    report = Report.objects.get(campaign=campaign, library=system)
    Report.objects.filter(pk=report.pk).update(status="draft")
    units = form_units(report)
    outlet = units[2]
    client = Client(SERVER_NAME="testserver")
    client.force_login(staff, backend="paskyros.backends.EmailBackend")
    form_url = reverse("statistika:report_unit", args=[report.pk, outlet.library.code])
    save_url = reverse("statistika:field_save", args=[report.pk])
    indicator = outlet.indicators[0]

    def page(_n=0):
        return client.get(form_url, secure=True)

    def save(n=0):
        from statistika.models import Value

        current = Value.objects.filter(library=outlet.library, indicator=indicator,
                                       year=year).values_list("version", flat=True).first()
        return client.post(save_url, {"library": outlet.library.pk, "indicator": indicator.pk,
                                      "value": str(1000 + n), "version": current or 0},
                           HTTP_HX_REQUEST="true", secure=True)

    def health(_n=0):
        return client.get("/healthz", secure=True)

    figures = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "values_in_database": __import__("statistika.models", fromlist=["Value"]).Value
        .objects.count(),
        "form": {"units": len(units), "fields_on_page": len(outlet.indicators),
                 "fields_in_report": sum(len(u.indicators) for u in units)},
        "baseline_healthz": timed(health),
        "form_page": timed(page),
        "draft_save": timed(save),
    }
    figures["form_page_to_baseline_p95"] = round(
        figures["form_page"]["p95_ms"] / figures["baseline_healthz"]["p95_ms"], 1)
    figures["draft_save_to_baseline_p95"] = round(
        figures["draft_save"]["p95_ms"] / figures["baseline_healthz"]["p95_ms"], 1)
    path = ROOT / "bench" / "results" / "report_form.json"
    path.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
