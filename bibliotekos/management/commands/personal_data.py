import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bibliotekos.models import Person
from bibliotekos.services import erase_personal_data, export_personal_data
from paskyros.models import Role, User


class Command(BaseCommand):
    help = ("Export (Art. 15/20) or erase (Art. 17) everything the portal holds about a "
            "person, from every app's registered personal-data provider.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--person", type=int, required=True, help="The person's id")
        parser.add_argument("--output", type=Path, help="JSON file for the export")
        parser.add_argument("--as-user", default="", help="E-mail of the staff member acting")
        parser.add_argument("--yes", action="store_true", help="Erase without asking")

    def handle(self, *args, action, person, output=None, as_user="", yes=False, **options):
        target = Person.objects.filter(pk=person).select_related("user", "library").first()
        if target is None:
            raise CommandError(f"No person with id {person}")
        by = (User.objects.filter(email=as_user).first() if as_user else
              User.objects.filter(is_active=True, role__in=[Role.ADMIN, Role.STAFF])
              .order_by("role", "pk").first())
        if by is None:
            raise CommandError("No staff member to act as.")
        if action == "export":
            data = json.dumps(export_personal_data(person=target, by=by), ensure_ascii=False,
                              indent=2, default=str)
            if output:
                output.write_text(data, encoding="utf-8")
                self.stdout.write(self.style.SUCCESS(f"written to {output}"))
            else:
                self.stdout.write(data)
            return
        if not yes:
            raise CommandError("Erasing cannot be undone: add --yes.")
        changed = erase_personal_data(person=target, by=by)
        self.stdout.write(self.style.SUCCESS(f"erased: {changed}"))
