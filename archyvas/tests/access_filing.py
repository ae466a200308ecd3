"""The filing area's part of the generated access matrix (tests/test_access_matrix.py): an
agreement signed in 2019 with its signed file, filed into a file of the approved 2019 plan.
The outsider — a librarian of school library B — gets a 404 on "File it" for the agreement
(the archive and the agreements are staff's and management's) and on the filed document's
page, its file and its move; staff reach them all."""

import datetime

from django.core.files.base import ContentFile

from archyvas import services_filing
from archyvas.models import FilePlan, PlanStatus
from archyvas.tests.factories import make_plan, make_plan_file
from portalas.testing import Case

#: A year no other area's world uses, so the plan is this area's own.
YEAR = 2019
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
       b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def make_world(w, territory, staff, librarian_a) -> None:
    from bendradarbiavimas.tests.factories_partners import (
        make_agreement,
        make_organisation,
        make_partner,
    )

    plan = FilePlan.objects.filter(year=YEAR).first() or make_plan(YEAR, files=())
    if plan.status != PlanStatus.APPROVED:
        FilePlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED,
                                                   approved_on=datetime.date(YEAR, 1, 5))
    w.filing_file = make_plan_file(plan, "9.19", title="Bendradarbiavimo sutartys",
                                   kinds=["bendradarbiavimas.agreement"])
    w.filing_other_file = make_plan_file(plan, "9.20", title="Kitos sutartys", position=1)
    partner = make_partner(by=staff, organisation=make_organisation("Archyvo matricos "
                                                                    "partneris"))
    signed = datetime.date(YEAR, 5, 2)
    w.filing_agreement = make_agreement(by=staff, partners=[partner], number="BS-2019/05",
                                        signed_on=signed, starts_on=signed,
                                        title="Sutartis dėl kraštotyros leidinių")
    w.filing_agreement.file.save("sutartis-2019.pdf", ContentFile(PDF), save=True)
    w.filing_unfiled = make_agreement(by=staff, partners=[partner], number="BS-2019/06",
                                      signed_on=signed, starts_on=signed,
                                      title="Sutartis dėl parodos")
    w.filing_unfiled.file.save("paroda-2019.pdf", ContentFile(PDF), save=True)
    w.filing_document = services_filing.file_document(
        kind="bendradarbiavimas.agreement", obj=w.filing_agreement, plan_file=w.filing_file,
        by=staff)


def factories(w) -> dict:
    return {}


def targets(w) -> dict:
    def filed():
        return [Case({"pk": w.filing_document.pk}, 404,
                     "a filed agreement: the archive is staff's and management's")]

    def file_it():
        return [Case({"kind": "bendradarbiavimas.agreement",
                      "key": str(w.filing_unfiled.pk)}, 404,
                     "File it on an agreement: staff's and management's"),
                Case({"kind": "bendradarbiavimas.agreement",
                      "key": str(w.filing_agreement.pk)}, 404, "an agreement filed already")]

    return {"archyvas:file_it": file_it, "archyvas:filed_detail": filed,
            "archyvas:filed_file": filed, "archyvas:filed_move": filed}
