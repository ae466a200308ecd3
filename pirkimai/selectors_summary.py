"""The year's summary of planned purchases (pirkimų suvestinė), as it is entered into CVP
IS: the lines of the year's procurement plan, excluding low-value purchases
(``PlannedPurchase.objects.above_low_value()``); its due date and whether it was published.

The columns follow what the Law on Public Procurement (Art. 26(2)) and the CVP IS planning
form ask of each planned purchase, in the form's order:

==  =============================================  =========================================
1   No. (Eil. Nr.)                                 the line's place in the summary
2   Object of the purchase (pavadinimas)            ``PlannedPurchase.title``
3   Type: goods, services or works (rūšis)          ``kind``
4   CPV code (BVPŽ kodas)                           ``cpv.code``
5   CPV title                                       ``cpv.title_lt`` — to check the code
6   Estimated value without VAT, EUR                ``estimated_value`` (CVP IS: optional,
                                                    "numatoma pirkimo vertė")
7   Start: quarter (numatoma pirkimo pradžia)       ``quarter`` as I–IV
8   Method (numatomas pirkimo būdas)                ``method``
9   Through CPO LT (iš / per CPO)                   yes when the method is the central body
10  Contract term incl. extensions, months          ``duration_months``
11  Green purchase (žaliasis pirkimas)              ``green``
12  Note                                            ``note``
==  =============================================  =========================================

Left out: whether a contract is reserved (Art. 22) — the plan does not hold it; staff tick
it in CVP IS where it applies."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pirkimai.models import Method, PlannedPurchase, ProcurementPlan

__all__ = ["ROMAN", "SummaryState", "due_date", "summary_header", "summary_lines",
           "summary_rows", "summary_state"]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def due_date(year: int) -> date:
    """The day the year's summary is due in CVP IS (``PROCUREMENT_SUMMARY_DUE``)."""
    month, day = (int(part) for part in settings.PROCUREMENT_SUMMARY_DUE.split("-"))
    return date(year, month, day)


@dataclass(frozen=True)
class SummaryState:
    year: int
    due: date
    remind_from: date
    plan: ProcurementPlan | None
    published_on: date | None
    today: date

    @property
    def status(self) -> str:
        """``published``, ``overdue`` (due and not published), ``due_soon`` (the reminder
        runs) or ``waiting``."""
        if self.published_on is not None:
            return "published"
        if self.today > self.due:
            return "overdue"
        if self.today >= self.remind_from:
            return "due_soon"
        return "waiting"

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due).days

    @property
    def reminding(self) -> bool:
        return self.status in ("due_soon", "overdue")


def summary_state(year: int, *, today: date | None = None) -> SummaryState:
    """The due date of ``year``'s summary and whether staff marked it published (one
    query)."""
    today = today or timezone.localdate()
    due = due_date(year)
    plan = ProcurementPlan.objects.filter(year=year).first()
    return SummaryState(year, due, due - timedelta(days=settings.PROCUREMENT_SUMMARY_REMIND_DAYS),
                        plan, plan.summary_published_on if plan else None, today)


def summary_lines(plan: ProcurementPlan | None, user):
    """The plan's lines the summary lists: every method but low-value, by quarter."""
    if plan is None:
        return PlannedPurchase.objects.none()
    return (PlannedPurchase.objects.visible_to(user).above_low_value().filter(plan=plan)
            .select_related("cpv").order_by("quarter", "position", "pk"))


def left_out(plan: ProcurementPlan | None, user) -> dict:
    """The low-value lines the summary leaves out: how many and their sum."""
    if plan is None:
        return {"count": 0, "total": Decimal("0")}
    found = (PlannedPurchase.objects.visible_to(user).filter(plan=plan, method=Method.LOW_VALUE)
             .aggregate(count=Count("pk"), total=Sum("estimated_value")))
    return {"count": found["count"], "total": found["total"] or Decimal("0")}


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def summary_header() -> list[tuple[str, str, int]]:
    """(label, kind, decimals) of the summary's columns, in CVP IS's order."""
    return [(_("No."), "int", 0), (_("Object of the purchase"), "text", 0),
            (_("Type (goods, services, works)"), "text", 0), (_("CPV code"), "text", 0),
            (_("CPV title"), "text", 0),
            (_("Estimated value without VAT, EUR"), "decimal", 2),
            (_("Start (quarter)"), "text", 0), (pgettext("procurement", "Method"), "text", 0),
            (_("Through CPO LT"), "text", 0),
            (_("Contract term incl. extensions, months"), "int", 0),
            (_("Green purchase"), "text", 0), (_("Note"), "text", 0)]


def summary_rows(lines) -> list[list]:
    """One row per line, in ``summary_header``'s order."""
    return [[number, line.title, line.get_kind_display(), line.cpv.code, line.cpv.title_lt,
             line.estimated_value, ROMAN.get(line.quarter, str(line.quarter)),
             line.get_method_display(), _yes(line.method == Method.CENTRAL),
             line.duration_months, _yes(line.green), line.note]
            for number, line in enumerate(lines, start=1)]
