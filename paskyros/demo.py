"""Demo accounts of the whole-territory roles (librarians come with their libraries)."""

from paskyros.management.commands.demo_data import DEMO_PASSWORD
from paskyros.models import Role, User


def load(out) -> None:
    for email, name, role in [
        ("admin@demo.lt", "Tomas Administratorius", Role.ADMIN),
        ("darbuotojas@demo.lt", "Rūta Žemaitienė", Role.STAFF),
        ("metodininke@demo.lt", "Jūratė Šimkienė", Role.STAFF),
        ("vadovas@demo.lt", "Vytautas Čėsna", Role.MANAGEMENT),
    ]:
        User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name, role=role)
    out.write("  accounts: 4 department and management users")
