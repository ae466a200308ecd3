"""Builders of the registers' tests: the three registers, a year's approved plan, a
registration through the service with sensible defaults, and the quick registration's
form data."""

import datetime

from django.utils import timezone

from archyvas import services_registers as services
from archyvas.models import PlanStatus, RegisterKind
from archyvas.tests.factories import make_plan, make_register


def today() -> datetime.date:
    return timezone.localdate()


def make_registers() -> dict:
    """{"incoming": G, "outgoing": S, "internal": V}."""
    return {kind.value: make_register(kind) for kind in RegisterKind}


def approved_plan(year: int | None = None, **kwargs):
    return make_plan(year or today().year, status=PlanStatus.APPROVED, **kwargs)


def file_of(plan, index: str):
    return plan.files.get(index=index)


def register_now(register, by, **fields):
    """``services.register_document`` registered today, titled, with a correspondent."""
    values = {"registered_on": today(), "title": "Dėl bibliotekų statistikos",
              "correspondent": "Lietuvos nacionalinė Martyno Mažvydo biblioteka"}
    values.update(fields)
    return services.register_document(register=register, by=by, **values)


def entry_post(register, **changes) -> dict:
    """The quick registration form's fields."""
    data = {"register": str(register.pk), "registered_on": today().isoformat(),
            "document_date": "", "their_number": "", "title": "Dėl metinės ataskaitos",
            "correspondent": "Kultūros ministerija", "plan_file": "", "responsible": "",
            "answer_due": "", "note": "", "reply_to": ""}
    data.update({name: str(value) if value is not None else "" for name, value in
                 changes.items()})
    return data


def url(name, *args) -> str:
    """The archive's URL ``name`` with positional ``args``."""
    from django.urls import reverse

    return reverse(f"archyvas:{name}", args=args)


def days(n: int):
    """``n`` days from the portal's today."""
    return today() + datetime.timedelta(days=n)
