from django.core.management.base import BaseCommand, CommandError

from ataskaitos.registry import metrics
from bibliotekos.models import Library


class Command(BaseCommand):
    help = "Print every declared metric's value for a year (the territory or one library)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--library", help="Library code")

    def handle(self, *args, year, library=None, **options):
        target = None
        if library:
            target = Library.objects.filter(code=library).first()
            if target is None:
                raise CommandError(f"No library with code {library}")
        for item in metrics():
            value = item.value(year, target)
            shown = "–" if value is None else value
            self.stdout.write(f"{item.name:<34} {shown!s:>14} {item.unit:<6} {item.label}")
