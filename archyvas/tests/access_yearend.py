"""The year end's part of the generated access matrix (tests/test_access_matrix.py): an
approved plan of a year that has ended (closing it names the year), a closed year with
expired files, a destruction act submitted for approval and an approved one with its frozen
PDF. The outsider — a librarian of school library B — gets a 404 for every route naming one
of them (the archive is staff's and management's only); staff reach each."""

import datetime

from django.core.files.base import ContentFile

from archyvas.models import ActStatus, PlanStatus
from archyvas.tests.factories_yearend import PDF, file_of, make_act, plan_of
from portalas.testing import Case

#: Routes naming an act.
ACT_ROUTES = ("act_detail", "act_update", "act_submit", "act_approve", "act_return")


def make_world(w, territory, staff, librarian_a) -> None:
    w.yearend_open = plan_of(2015, status=PlanStatus.APPROVED)
    closed = plan_of(2014, status=PlanStatus.CLOSED)
    w.yearend_act = make_act([file_of(closed, "7.3")], by=staff, status=ActStatus.SUBMITTED,
                             compiled_on=datetime.date(2021, 2, 1))
    w.yearend_approved = make_act([file_of(closed, "7.4")], by=staff,
                                  status=ActStatus.APPROVED,
                                  compiled_on=datetime.date(2021, 3, 1))
    w.yearend_approved.file.save("aktas.pdf", ContentFile(PDF), save=True)


def factories(w) -> dict:
    return {
        "archyvas.destructionact": lambda: [
            (w.yearend_act, 404, "a destruction act: staff and management only"),
            (w.yearend_approved, 404, "an approved destruction act")],
    }


def targets(w) -> dict:
    def act(attr, what):
        return lambda: [Case({"pk": getattr(w, attr).pk}, 404, what)]

    found = {f"archyvas:{name}": act("yearend_act", "a destruction act: the archive's")
             for name in ACT_ROUTES}
    found["archyvas:act_file"] = act("yearend_approved", "an approved act's frozen PDF")
    found["archyvas:year_close"] = lambda: [
        Case({"year": w.yearend_open.year}, 404, "a year's file plan: the archive's")]
    return found
