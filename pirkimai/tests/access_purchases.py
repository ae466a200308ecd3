"""Purchases' part of the generated access matrix (tests/test_access_matrix.py): a
department's purchase in each state a page treats differently — a draft, one submitted for
approval, one approved, one with its supplier chosen (three offers), a cancelled one. No
state changes who sees a purchase (staff and management see all of them); the outsider — a
librarian of school library B — gets a 404 for every route naming one, as every librarian
does in procurement. Offers appear in no path (the survey's rows are the purchase's)."""

from pirkimai import services_purchases as services
from pirkimai.tests.factories import manager
from pirkimai.tests.factories_purchases import approved, request, submitted, surveyed
from portalas.testing import Case

ROUTES = ("purchase_detail", "purchase_update", "purchase_submit", "purchase_approve",
          "purchase_return", "purchase_survey", "purchase_cancel", "purchase_history")


def make_world(w, territory, staff, librarian_a) -> None:
    boss = manager(email="pirkimai-vadovas@test.lt", full_name="Pirkimų Vadovas")
    w.purchases_draft = request(staff, title="Biuro popierius")
    w.purchases_submitted = submitted(staff, title="Spausdintuvo kasetės")
    w.purchases_approved = approved(staff, boss, title="Knygų lentynos")
    w.purchases_surveyed = surveyed(staff, boss, title="Nešiojamieji kompiuteriai")
    w.purchases_cancelled = services.cancel(purchase=request(staff, title="Atšaukta"),
                                            by=staff, reason="Nebereikia.")


def _purchases(w) -> list:
    return [(w.purchases_draft, 404, "a draft purchase request"),
            (w.purchases_submitted, 404, "a request submitted for approval"),
            (w.purchases_approved, 404, "an approved purchase"),
            (w.purchases_surveyed, 404, "a purchase with its supplier chosen"),
            (w.purchases_cancelled, 404, "a cancelled purchase")]


def factories(w) -> dict:
    return {"pirkimai.purchase": lambda: _purchases(w)}


def targets(w) -> dict:
    def purchases():
        return [Case({"pk": purchase.pk}, expected, note)
                for purchase, expected, note in _purchases(w)]

    return {f"pirkimai:{name}": purchases for name in ROUTES}
