"""Builders of the year end's records for tests: closed years, documents with a stored file
in a file, destruction acts in any status (straight into the database, no service)."""

import datetime

from archyvas.models import (
    ActStatus,
    Appraisal,
    DestructionAct,
    DestructionItem,
    FilePlan,
    PlanStatus,
    Register,
    RegisterKind,
)
from archyvas.tests.factories import FILES, make_entry, make_filed, make_plan, make_register

#: A small valid PDF (what the archive stores; its content is not read here).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
       b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def plan_of(year: int, *, status=PlanStatus.APPROVED, files=FILES, by=None,
            closed_on=None) -> FilePlan:
    """The plan of ``year``: the one there (another area's world may have made it) or a
    new one."""
    found = FilePlan.objects.filter(year=year).first()
    return found or make_plan(year, status=status, files=files, by=by, closed_on=closed_on)


def file_of(plan: FilePlan, index: str):
    return plan.files.get(index=index)


def register_of(kind=RegisterKind.INCOMING) -> Register:
    return Register.objects.filter(kind=kind).order_by("pk").first() or make_register(kind)


def stored_entry(plan_file, *, title="Dėl statistikos ataskaitos", registered_on=None,
                 **fields):
    """A registered document in ``plan_file`` with a stored PDF, registered in the plan's
    year."""
    registered_on = registered_on or datetime.date(plan_file.plan.year, 3, 10)
    return make_entry(register_of(), plan_file=plan_file, title=title,
                      registered_on=registered_on, data=PDF, **fields)


def stored_filed(plan_file, *, key, title="Regioninė analizė", **fields):
    """A document filed from another app into ``plan_file``, with a stored PDF."""
    return make_filed(plan_file, key=key, title=title, data=PDF, **fields)


def make_act(files, *, by=None, status=ActStatus.DRAFT, year=None, number=None,
             decisions=None, compiled_on=None, basis="Įvertino skyriaus vedėja.",
             approved_by=None) -> DestructionAct:
    """An act of ``files`` (all to destroy unless ``decisions`` maps a file to
    ``(decision, years, note)``), numbered next in its year."""
    compiled_on = compiled_on or datetime.date.today()
    year = year or compiled_on.year
    if number is None:
        number = DestructionAct.objects.filter(year=year).count() + 1
    values = {}
    if status in (ActStatus.APPROVED, ActStatus.EXECUTED):
        values = {"approved_on": compiled_on, "approved_by": approved_by or by}
    act = DestructionAct.objects.create(year=year, number=number, status=status,
                                        compiled_on=compiled_on, compiled_by=by, basis=basis,
                                        **values)
    for plan_file in files:
        decision, years, note = (decisions or {}).get(plan_file, (Appraisal.DESTROY, None, ""))
        DestructionItem.objects.create(act=act, plan_file=plan_file, decision=decision,
                                       extend_years=years, note=note)
    return act
