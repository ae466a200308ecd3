"""Builders for the search's tests: a small archive of registered and filed documents with
their texts already read, as the extraction task leaves them."""

import datetime

from archyvas.models import Audience, PlanStatus, RegisterKind, TextStatus
from archyvas.tests.factories import make_entry, make_filed, make_plan, make_register


def read(record, text: str):
    """The record as the task leaves it: its text read."""
    type(record).objects.filter(pk=record.pk).update(text=text, text_status=TextStatus.DONE)
    record.text, record.text_status = text, TextStatus.DONE
    return record


def small_archive(year: int | None = None) -> dict:
    """A closed plan of last year and this year's approved one; an incoming and an outgoing
    register; letters, an answer and filed documents for staff and for management."""
    year = year or datetime.date.today().year
    old = make_plan(year - 1, status=PlanStatus.CLOSED)
    plan = make_plan(year)
    files = {f.index: f for f in plan.files.all()}
    incoming, outgoing = make_register(), make_register(RegisterKind.OUTGOING)
    letter = make_entry(incoming, number=12, year=year, plan_file=files["7.3"],
                        registered_on=datetime.date(year, 3, 2),
                        title="Dėl bibliotekų statistikos ATASKAITOS",
                        correspondent="Kretingos rajono savivaldybės viešoji biblioteka",
                        their_number="2026-03-01 Nr. S-77", data=b"%PDF-1.4 placeholder")
    read(letter, "Prašome pateikti žinias apie vaikų skaitymo skatinimą.")
    answer = make_entry(outgoing, number=5, year=year, plan_file=files["7.4"],
                        registered_on=datetime.date(year, 3, 9), reply_to=letter,
                        title="Dėl skaitymo skatinimo",
                        correspondent="Kretingos rajono savivaldybės viešoji biblioteka",
                        note="Atsakymas į G-12")
    older = make_entry(incoming, number=40, year=year - 1,
                       plan_file=old.files.get(index="7.3"),
                       registered_on=datetime.date(year - 1, 11, 20),
                       title="Kvietimas į konferenciją", correspondent="Lietuvos nacionalinė "
                       "Martyno Mažvydo biblioteka")
    analysis = make_filed(files["7.6"], title="Regioninė analizė 2025", key="11",
                          audience=Audience.MANAGEMENT, document_date=datetime.date(year, 2, 1))
    read(analysis, "Zinios apie bibliotekų lankytojus ir renginius.")
    scores = make_filed(files["7.5"], title="Komisijos vertinimo lentelė", key="12",
                        audience=Audience.STAFF, document_date=datetime.date(year, 4, 1),
                        kind="apdovanojimai.protocol")
    read(scores, "Slaptas balų suvestinis protokolas Žalgiris")
    return {"old": old, "plan": plan, "files": files, "incoming": incoming,
            "outgoing": outgoing, "letter": letter, "answer": answer, "older": older,
            "analysis": analysis, "scores": scores}
