from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statistika.services import import_statistics


class Command(BaseCommand):
    help = ("Import statistics history from CSV or XLSX: the portal's long layout "
            "(year, library_code, indicator_code, value) or LNB's open-data layout. Any bad "
            "row imports nothing; an empty value is 'not known'.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="Check every row and report; write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = import_statistics(data=file.read_bytes(), dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(f"{error.where}: {error.message}")
        if result.truncated:
            self.stderr.write("… more errors not shown")
        if result.skipped_rows:
            self.stdout.write(f"{result.skipped_rows} rows of {len(result.skipped_libraries)} "
                              "libraries outside the territory skipped")
        if not result.ok:
            raise CommandError(f"{len(result.errors)} error(s) in {len(result.bad_rows)} "
                               "row(s); nothing was imported.")
        verb = "would be imported" if dry_run else "imported"
        years = f" ({min(result.years)}–{max(result.years)})" if result.years else ""
        self.stdout.write(self.style.SUCCESS(
            f"{result.layout} layout: {result.imported} values {verb}{years}, "
            f"{result.not_known} of them 'not known'."))
