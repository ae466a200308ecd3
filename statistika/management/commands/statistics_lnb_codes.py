from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statistika.selectors.lnb_codes import code_table
from statistika.services.lnb_codes import import_lnb_codes


class Command(BaseCommand):
    help = ("Load LNB's codes of the indicators from CSV or XLSX (indicator_code, lnb_code, "
            "valid_from: a code applies from its year on). Any bad row loads nothing. With "
            "--missing YEAR, list the indicators of that year's form without a real code.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check every row and report; write nothing.")
        parser.add_argument("--missing", type=int, metavar="YEAR",
                            help="List the indicators valid in YEAR that have no LNB code or "
                                 "only a placeholder (B + three digits).")

    def handle(self, *args, file: Path | None, dry_run: bool, missing: int | None, **options):
        if file is None and missing is None:
            raise CommandError("Give a file to load, or --missing YEAR.")
        if file is not None:
            self._load(file, dry_run)
        if missing is not None:
            self._missing(missing)

    def _load(self, file: Path, dry_run: bool) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = import_lnb_codes(data=file.read_bytes(), dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(f"{error.where}: {error.message}")
        if not result.ok:
            raise CommandError(f"{len(result.errors)} error(s) in {len(result.bad_rows)} "
                               "row(s); nothing was loaded.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(self.style.SUCCESS(
            f"{len(result.rows)} codes read: {result.created} new, {result.changed} changed, "
            f"{result.unchanged} unchanged {verb} stored."))

    def _missing(self, year: int) -> None:
        table = code_table(year)
        for row in table["missing"]:
            self.stdout.write(f"{row.indicator.code}\tno code\t{row.indicator.name_lt}")
        for row in table["placeholders"]:
            self.stdout.write(f"{row.indicator.code}\tplaceholder {row.code}\t"
                              f"{row.indicator.name_lt}")
        self.stdout.write(f"{year}: {len(table['rows'])} indicators, "
                          f"{len(table['missing'])} without a code, "
                          f"{len(table['placeholders'])} with a placeholder.")
