from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bibliotekos.services import import_registry


class Command(BaseCommand):
    help = ("Import libraries, municipalities (with population) or people from a CSV or XLSX "
            "file. The table is recognised from the header; rows are matched by code (people "
            "by id, then e-mail) and updated or added; nothing is deleted. A file with any bad "
            "row imports nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and report what would change; write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = import_registry(data=file.read_bytes(), dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"{error.cell}: {error.message}")
            raise CommandError(f"{len(result.errors)} error(s) in {len(result.bad_rows)} row(s); "
                               "nothing was imported.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(self.style.SUCCESS(
            f"{result.table}: {result.created} {verb} added, {result.updated} {verb} updated, "
            f"{result.unchanged} unchanged."))
