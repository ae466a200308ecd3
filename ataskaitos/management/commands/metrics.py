from django.core.management.base import BaseCommand, CommandError

from bibliotekos.models import Library, Municipality
from portalas.metrics import Period, Scope
from portalas.numbers import rounded
from portalas.registry import metrics


class Command(BaseCommand):
    help = ("Print every declared metric's value for a period (a year, or a quarter with "
            "--quarter) and a scope (the territory, --municipality or --library).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        parser.add_argument("--library", help="Library code")
        parser.add_argument("--municipality", help="Municipality code")
        parser.add_argument("--function", help="Only the metrics of one charter function, "
                                               "e.g. 3.1")

    def handle(self, *args, year, quarter=None, library=None, municipality=None,
               function=None, **options):
        period = Period.quarter(year, quarter) if quarter else Period.year(year)
        scope = Scope.territory()
        if library:
            target = Library.objects.filter(code__iexact=library).first()
            if target is None:
                raise CommandError(f"No library with code {library}")
            scope = Scope.of_library(target)
        elif municipality:
            place = Municipality.objects.filter(code__iexact=municipality).first()
            if place is None:
                raise CommandError(f"No municipality with code {municipality}")
            scope = Scope.of_municipality(place)
        for item in metrics(function):
            value = item.value(period, scope)
            if isinstance(value, dict):
                shown = "; ".join(f"{k}: {v}" for k, v in value.items()) or "–"
            else:
                shown = "–" if value is None else rounded(value, item.decimals)
            self.stdout.write(f"{item.name:<34} {shown!s:>14} {item.unit:<6} [{item.function}] "
                              f"{item.label}")
