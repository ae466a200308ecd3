from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bibliotekos.selectors import EXPORTS, export_rows
from portalas.tables import write_csv, write_xlsx


class Command(BaseCommand):
    help = "Export a registry table to CSV or XLSX (by the file's extension)."

    def add_arguments(self, parser):
        parser.add_argument("--table", required=True, choices=sorted(EXPORTS))
        parser.add_argument("file", type=Path)

    def handle(self, *args, table: str, file: Path, **options):
        suffix = file.suffix.lower()
        if suffix not in {".csv", ".xlsx"}:
            raise CommandError("The file name must end in .csv or .xlsx")
        header, rows = export_rows(table)
        rows = list(rows)
        data = write_csv(header, rows) if suffix == ".csv" else write_xlsx(table, header, rows)
        file.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} {table} rows written to {file}"))
