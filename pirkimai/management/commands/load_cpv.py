"""``manage.py load_cpv FILE``: the CPV vocabulary loaded from the EU's official file (the
XLSX workbook or cpv_2008.xml), the same load as the upload page
(``pirkimai.services_cpv.load_vocabulary``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pirkimai.services_cpv import CpvFileRefused, load_vocabulary, summary


class Command(BaseCommand):
    help = ("Load the CPV vocabulary from the official file (XLSX or XML, told apart by the "
            "content): new codes are added, titles updated, codes the file no longer has taken "
            "out of use (never deleted). A file with any error loads nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--partial", action="store_true",
                            help="The file holds only some codes: add and update them, take "
                                 "no other code out of use.")

    def handle(self, *args, file: Path, partial: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            load = load_vocabulary(data=file.read_bytes(), file_name=file.name,
                                   partial=partial)
        except CpvFileRefused as refusal:
            for message in refusal.messages:
                self.stderr.write(message)
            raise CommandError("The file was not loaded.") from None
        self.stdout.write(self.style.SUCCESS(summary(load)))
