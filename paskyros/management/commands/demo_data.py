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
DEMO_DOMAIN = "@demo.lt"


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
            for line in demo_accounts():
                self.stdout.write(f"  {line}")


def demo_accounts() -> list[str]:
    """Every demo account with its role and, for librarians, what they see."""
    from django.utils import translation

    from bibliotekos.models import Membership

    lines = []
    order = {"admin": 0, "staff": 1, "management": 2, "librarian": 3}
    users = sorted(User.objects.filter(email__endswith=DEMO_DOMAIN),
                   key=lambda u: (order.get(u.role, 9), u.email))
    with translation.override("en"):
        for user in users:
            where = "; ".join(
                f"{m.get_role_display().lower()} of {m.library.name}"
                for m in Membership.objects.filter(user=user).select_related("library"))
            lines.append(f"{user.email:<28} {user.get_role_display()}"
                         + (f" ({where})" if where else ""))
    return lines
