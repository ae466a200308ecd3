"""Registers' part of the generated access matrix (tests/test_access_matrix.py): the
department's incoming register with a registered letter (its file stored, its answer due)
and an outgoing answer to it. The outsider — a librarian of school library B — gets a 404
for every route naming a register or a registered document: the registers are staff's and
management's only."""

import datetime

from django.utils import timezone

from archyvas import services_registers as services
from archyvas.models import RegisterKind
from archyvas.tests.factories import make_register, pdf_bytes
from portalas.testing import Case

ENTRY_ROUTES = ("entry_detail", "entry_update", "entry_history", "entry_answered")
REGISTER_ROUTES = ("register_detail", "register_update")


def make_world(w, territory, staff, librarian_a) -> None:
    today = timezone.localdate()
    w.registers_incoming = make_register(RegisterKind.INCOMING)
    w.registers_outgoing = make_register(RegisterKind.OUTGOING)
    w.registers_letter = services.register_document(
        register=w.registers_incoming, by=staff, registered_on=today,
        title="Dėl Kretingos viešosios bibliotekos ataskaitos",
        correspondent=territory.system_a.name, responsible=staff,
        answer_due=today + datetime.timedelta(days=10), file=pdf_bytes("Raštas"),
        file_name="rastas.pdf")
    w.registers_answer = services.register_document(
        register=w.registers_outgoing, by=staff, registered_on=today,
        title="Atsakymas dėl ataskaitos", correspondent=territory.system_a.name,
        reply_to=w.registers_letter)


def factories(w) -> dict:
    return {
        "archyvas.registerentry": lambda: [
            (w.registers_letter, 404, "a registered letter: staff and management only"),
            (w.registers_answer, 404, "a registered answer: staff and management only")],
        "archyvas.register": lambda: [
            (w.registers_incoming, 404, "the department's register")],
    }


def targets(w) -> dict:
    def entries():
        return [Case({"pk": w.registers_letter.pk}, 404, "a registered letter"),
                Case({"pk": w.registers_answer.pk}, 404, "a registered answer")]

    def registers():
        return [Case({"pk": w.registers_incoming.pk}, 404, "the department's register")]

    def stored_file():
        return [Case({"pk": w.registers_letter.pk}, 404, "a registered letter's file")]

    found = {f"archyvas:{name}": entries for name in ENTRY_ROUTES}
    found["archyvas:entry_file"] = stored_file     # the answer has no file: 404 to staff too
    found.update({f"archyvas:{name}": registers for name in REGISTER_ROUTES})
    return found
