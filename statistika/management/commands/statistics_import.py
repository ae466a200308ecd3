from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statistika.services.catalogue import import_statistics
from statistika.services.values import OnLocked


class Command(BaseCommand):
    help = ("Import statistics history from CSV or XLSX: the portal's long layout "
            "(year, library_code, indicator_code, value) or LNB's open-data layout. Any bad "
            "row imports nothing; an empty value is 'not known'.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="Check every row and report; write nothing.")
        parser.add_argument("--locked", choices=OnLocked.values, default=OnLocked.REFUSE,
                            help="Values of submitted or accepted reports: refuse the whole "
                                 "file (default), skip them, or reopen those reports.")
        parser.add_argument("--reason", default="",
                            help="Why the reports are reopened (required with --locked "
                                 "reopen); recorded in each report's timeline.")

    def handle(self, *args, file: Path, dry_run: bool, locked: str, reason: str, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if locked == OnLocked.REOPEN and not reason.strip():
            raise CommandError("--locked reopen needs --reason.")
        result = import_statistics(data=file.read_bytes(), dry_run=dry_run, on_locked=locked,
                                   reason=reason)
        for error in result.errors:
            self.stderr.write(f"{error.where}: {error.message}")
        if result.truncated:
            self.stderr.write("… more errors not shown")
        if result.skipped_rows:
            self.stdout.write(f"{result.skipped_rows} rows of {len(result.skipped_libraries)} "
                              "libraries outside the territory skipped")
        if result.skipped_levels:
            self.stdout.write(f"{result.skipped_levels} rows of other levels than 'library' "
                              "skipped (an export of systems or municipalities)")
        for submission, count in result.locked_submissions:
            self.stdout.write(f"locked: {submission.library.code} {submission.campaign.year} "
                              f"({submission.status}), {count} value(s) would change")
        if not result.ok:
            raise CommandError(f"{len(result.errors)} error(s) in {len(result.bad_rows)} "
                               "row(s); nothing was imported.")
        verb = "would be" if dry_run else "were"
        years = f" ({min(result.years)}–{max(result.years)})" if result.years else ""
        self.stdout.write(self.style.SUCCESS(
            f"{result.layout} layout{years}: {result.imported} values read "
            f"({result.not_known} 'not known'); {result.created} new, {result.changed} "
            f"changed, {result.unchanged} unchanged {verb} written"
            + (f"; {result.skipped_locked} of locked reports skipped"
               if result.skipped_locked else "")
            + (f"; {len(result.reopened)} report(s) reopened" if result.reopened else "")
            + "."))
