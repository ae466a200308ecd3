from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portalas.tables import write_csv, write_xlsx
from statistika.selectors.values import LEVELS, export_table


class Command(BaseCommand):
    help = ("Export one year's values (or derived indicators) as rows "
            "year, level, library_code, indicator_code, value (a library-level export imports "
            "back unchanged).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--derived", action="store_true")
        parser.add_argument("--level", choices=LEVELS, default="library")
        parser.add_argument("--group", choices=["public", "school"], default="public")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, year, derived, level, group, format, output, **options):
        if not 1990 <= year <= 2100:
            raise CommandError("--year must be between 1990 and 2100")
        header, rows = export_table(year=year, level=level, group=group, derived=derived)
        rows = list(rows)
        data = write_csv(header, rows) if format == "csv" else write_xlsx(str(year), header,
                                                                           rows)
        output.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} rows written to {output}"))
