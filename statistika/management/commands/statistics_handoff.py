from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from paskyros.models import Role, User
from statistika.services import review


class Command(BaseCommand):
    help = ("Write the accepted reports of a year for LNB (one XLSX per library in the "
            "per-library form's layout, and the territory's consolidated sheet) and mark them "
            "handed on.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", type=Path, required=True, help="A directory")
        parser.add_argument("--no-mark", action="store_true",
                            help="Write the files without marking the reports handed on.")

    def handle(self, *args, year, output, no_mark, **options):
        paths = review.write_handoff(year=year, directory=output)
        self.stdout.write(f"{len(paths)} files written to {output}")
        if not no_mark:
            staff = User.objects.filter(is_active=True, role__in=[Role.STAFF, Role.ADMIN]) \
                .order_by("role").first()
            if staff is None:
                raise CommandError("No department staff account to record the hand-off.")
            self.stdout.write(f"{review.hand_off(year=year, by=staff)} reports marked handed on")
