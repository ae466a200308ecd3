"""Contracts' part of the generated access matrix (tests/test_access_matrix.py): a contract
of a surveyed purchase with its signed copy stored, an invoice registered without a
purchase, and this year's procurement plan whose summary (pirkimų suvestinė) the summary
pages show. The outsider — a librarian of school library B — gets a 404 for every route
naming a contract or the summary's year: procurement is staff's and management's only."""

from decimal import Decimal

from django.utils import timezone

from pirkimai.models import ContractKind, ProcurementPlan
from pirkimai.tests.factories import make_plan
from pirkimai.tests.factories_contracts import pdf_bytes, register, surveyed_purchase
from portalas.testing import Case

CONTRACT_ROUTES = ("contract_detail", "contract_update", "contract_history", "contract_delete")
SUMMARY_ROUTES = ("summary", "summary_published")


def make_world(w, territory, staff, librarian_a) -> None:
    today = timezone.localdate()
    w.contracts_plan = (ProcurementPlan.objects.filter(year=today.year).first()
                        or make_plan(today.year))
    purchase = surveyed_purchase(staff, title="Biuro kėdės", number=901)
    w.contracts_contract = register(staff, purchase=purchase, number="S-1",
                                    value=Decimal("1000"), file=pdf_bytes("Sutartis"),
                                    file_name="sutartis.pdf")
    w.contracts_invoice = register(staff, kind=ContractKind.INVOICE, number="SF-1",
                                   value=Decimal("120.50"))


def factories(w) -> dict:
    return {
        "pirkimai.contract": lambda: [
            (w.contracts_contract, 404, "a purchase's contract: staff and management only"),
            (w.contracts_invoice, 404, "an invoice without a purchase")],
    }


def targets(w) -> dict:
    def contracts():
        return [Case({"pk": w.contracts_contract.pk}, 404, "a purchase's contract"),
                Case({"pk": w.contracts_invoice.pk}, 404, "an invoice")]

    def signed_copy():
        return [Case({"pk": w.contracts_contract.pk}, 404, "a contract's signed copy")]

    def summary():
        return [Case({"year": w.contracts_plan.year}, 404, "the year's summary")]

    found = {f"pirkimai:{name}": contracts for name in CONTRACT_ROUTES}
    found["pirkimai:contract_file"] = signed_copy     # the invoice has no copy: 404 to staff too
    found.update({f"pirkimai:{name}": summary for name in SUMMARY_ROUTES})
    return found
