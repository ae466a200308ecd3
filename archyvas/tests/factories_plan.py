"""Builders of the plan area's tests: a plan with a given number of files, BDSTR items of
an act, the form's fields of a file, and a client signed in as a user."""

import datetime

from django.test import Client

from archyvas.models import FilePlan, PlanStatus
from archyvas.tests.factories import ACT, make_bdstr_item, make_plan, make_plan_file

__all__ = ["ACT", "client_of", "file_fields", "make_items", "plan_of_size"]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def make_items(act: str = ACT) -> dict:
    """Three items of ``act``: permanent plans, 10-year statistics, 5-year letters."""
    return {
        "plans": make_bdstr_item("2.1", title="Įstaigos veiklos planai ir ataskaitos",
                                 permanent=True, act=act),
        "statistics": make_bdstr_item("3.2", title="Statistinės ataskaitos", years=10,
                                      act=act),
        "letters": make_bdstr_item("4.3", title="Susirašinėjimas su institucijomis", years=5,
                                   act=act),
    }


def plan_of_size(year: int, count: int, *, status=PlanStatus.DRAFT) -> FilePlan:
    """A plan of ``year`` with ``count`` files 7.1 … 7.<count>."""
    plan = make_plan(year, status=status, files=())
    for number in range(1, count + 1):
        make_plan_file(plan, f"7.{number}", title=f"Byla nr. {number}", years=5,
                       position=number - 1)
    return plan


def file_fields(**changes) -> dict:
    fields = {"index": "7.20", "title": "Seminarų dalyvių sąrašai", "bdstr_item": "",
              "retention_years": "3", "note": "", "responsible": ""}
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not None}


def day(year: int, month: int = 1, number: int = 5) -> datetime.date:
    return datetime.date(year, month, number)
