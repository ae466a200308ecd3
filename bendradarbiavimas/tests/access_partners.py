"""Partners' and agreements' part of the generated access matrix (tests/test_access_matrix.py):
library A's partner (with a contact, a log entry and an agreement with a file) and what the
outsider — a librarian of school library B — gets on each route. A partner is seen by the
libraries it works with (a director's with the outlets), staff and management; contacts,
the log and agreements by staff and management only."""

from django.core.files.base import ContentFile

from bendradarbiavimas.tests.factories_partners import (
    PDF,
    make_agreement,
    make_contact,
    make_log,
    make_organisation,
    make_partner,
)
from portalas.testing import Case


def make_world(w, territory, staff, librarian_a) -> None:
    w.partners_partner = make_partner(by=staff, libraries=[territory.system_a],
                                      organisation=make_organisation("Liepājas bibliotēka"))
    w.partners_own = make_partner(by=staff, libraries=[],
                                  organisation=make_organisation("Kretingos muziejus",
                                                                 country="LT"))
    w.partners_contact = make_contact(w.partners_partner, by=staff)
    w.partners_log = make_log(w.partners_partner, by=staff, libraries=[territory.system_a])
    w.partners_agreement = make_agreement(by=staff, partners=[w.partners_partner],
                                          libraries=[territory.system_a])
    w.partners_agreement.file.save("sutartis.pdf", ContentFile(PDF), save=True)


def factories(w) -> dict:
    return {
        "bendradarbiavimas.partner": lambda: [
            (w.partners_partner, 404, "a partner library A works with"),
            (w.partners_own, 404, "the department's own partner")],
        "bendradarbiavimas.agreement": lambda: [
            (w.partners_agreement, 404, "an agreement: staff and management only")],
    }


def targets(w) -> dict:
    def partners():
        return [Case({"pk": w.partners_partner.pk}, 404, "a partner library A works with"),
                Case({"pk": w.partners_own.pk}, 404, "the department's own partner")]

    def contacts():
        return [Case({"pk": w.partners_contact.pk}, 404, "a partner's contact")]

    def log():
        return [Case({"pk": w.partners_log.pk}, 404, "a contact-log entry")]

    def agreements():
        return [Case({"pk": w.partners_agreement.pk}, 404, "an agreement")]

    found = {f"bendradarbiavimas:{name}": partners
             for name in ("partner_detail", "partner_update", "partner_history",
                          "contact_create", "log_create")}
    found.update({f"bendradarbiavimas:{name}": contacts
                  for name in ("contact_update", "contact_delete")})
    found.update({f"bendradarbiavimas:{name}": log for name in ("log_update", "log_delete")})
    found.update({f"bendradarbiavimas:{name}": agreements
                  for name in ("agreement_detail", "agreement_update", "agreement_history",
                               "agreement_file", "agreement_terminate")})
    return found
