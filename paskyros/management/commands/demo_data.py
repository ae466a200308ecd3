"""Load the demo territory and accounts into an empty database.

Each app may have a ``demo.py`` with ``load(out)``; they run in INSTALLED_APPS order (the
floors: accounts, registry, then feature apps), in one transaction. A database that
already has users is left alone, so re-running never wipes or duplicates anything.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from paskyros.models import User

DEMO_PASSWORD = "demo-slaptazodis"  # noqa: S105 - documented demo credential
DEMO_ACCOUNTS = [
    ("admin@demo.lt", "Administrator"),
    ("darbuotojas@demo.lt", "Department staff"),
    ("vadovas@demo.lt", "Management"),
    ("bibliotekininkas@demo.lt", "Territory librarian, director of a municipal library system"),
    ("mokykla@demo.lt", "School librarian"),
]


class Command(BaseCommand):
    help = "Load realistic demo data and demo accounts when the database is empty."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true",
                            help="Do not print the demo accounts.")

    def handle(self, *args, **options):
        if User.objects.exists():
            self.stdout.write("The database already has users: demo data not loaded.")
        else:
            with transaction.atomic():
                for config in apps.get_app_configs():
                    module_name = f"{config.name}.demo"
                    if find_spec(module_name) is None:
                        continue
                    import_module(module_name).load(self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not options["quiet_accounts"]:
            self.stdout.write("")
            self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
            for email, role in DEMO_ACCOUNTS:
                self.stdout.write(f"  {email:<28} {role}")
