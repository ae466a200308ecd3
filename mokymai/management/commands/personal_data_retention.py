"""Detach the trainings' records past their retention from their people:

    python manage.py personal_data_retention --dry-run   # what would change, counts only
    python manage.py personal_data_retention             # do it (the nightly task does too)

Events that ended more than ``PERSONAL_DATA_RETENTION_YEARS`` years ago: their
registrations, attendance and certificates, and courses taken elsewhere that ended then,
move to a stand-in that names nobody (see ``mokymai.services_retention``). Idempotent."""

from django.core.management.base import BaseCommand

from mokymai.services_retention import anonymise_expired, expired

KINDS = ("events", "registrations", "attendance", "certificates", "external_courses",
         "people")


class Command(BaseCommand):
    help = ("Anonymise the trainings' personal data past PERSONAL_DATA_RETENTION_YEARS "
            "(--dry-run: only list the counts).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="List what would be anonymised; change nothing")

    def handle(self, *args, dry_run=False, **options):
        found = expired() if dry_run else anonymise_expired()
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"events that ended before {found.cutoff.isoformat()}: {verb}")
        for kind in KINDS:
            self.stdout.write(f"  {kind}: {getattr(found, kind)}")
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("done"))
