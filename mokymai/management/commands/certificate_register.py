"""The year's register of certificates as CSV (UTF-8, no byte-order mark):

    python manage.py certificate_register --year 2026 --output pazymejimai-2026.csv

One row per certificate issued that year (revoked ones too, with their status), in number
order: ``number,holder,programme,hours,issued,status,verification_url``. Text cells are
neutralised against spreadsheet formulas, as every export of the portal."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mokymai.models import Certificate
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.tables import neutralise

HEADER = ["number", "holder", "programme", "hours", "issued", "status", "verification_url"]


def register_rows(year: int):
    certificates = Certificate.objects.filter(year=year).order_by("number", "pk")
    for certificate in certificates.iterator(chunk_size=1000):
        yield [neutralise(certificate.number), neutralise(certificate.holder_name),
               neutralise(certificate.programme_label), f"{certificate.hours:.2f}",
               timezone.localtime(certificate.issued_at).date().isoformat(),
               certificate.status, neutralise(certificate.verification_url)]


class Command(BaseCommand):
    help = "Write the year's certificates as CSV (number, holder, programme, hours, issued, " \
           "status, verification_url)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="The CSV file to write.")

    def handle(self, *args, year, output, **options):
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise CommandError(f"--year must be between {YEAR_MIN} and {YEAR_MAX}.")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent}.")
        count = 0
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            for row in register_rows(year):
                writer.writerow(row)
                count += 1
        self.stdout.write(f"{count} certificates of {year} written to {path}.")
