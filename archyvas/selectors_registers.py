"""Reads of the registers area: the files a document may go into, who may be responsible,
a register's years, the answers waiting (overdue, due soon) and the year's counts by
register. Every function takes what the caller may see (a ``visible_to`` queryset) or
reads records only staff and management reach through the views."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q

from archyvas.models import PlanFile, Register, RegisterEntry, RegisterKind
from paskyros.models import Role
from portalas.metrics import Period, Scope
from portalas.ordering import lt_order

__all__ = ["ANSWER_STATES", "SOON_DAYS", "answer_state", "answers_waiting", "counts_by_register",
           "entries_registered", "open_files", "register_years", "responsible_choices",
           "with_answer_states"]

#: An answer due within this many days is "due soon".
SOON_DAYS = 3
ANSWER_STATES = ("answered", "overdue", "due_soon", "awaiting")


def open_files(year: int):
    """The files a document registered in ``year`` may go into: the open files of that
    year's approved plan, in the plan's order."""
    return (PlanFile.objects.open_for_filing().filter(plan__year=year)
            .select_related("plan").order_by("position", "index", "pk"))


def responsible_choices(*, keep=None):
    """Active staff and management accounts (and ``keep``, the one already chosen)."""
    users = get_user_model().objects.filter(
        Q(is_active=True, role__in=(Role.STAFF, Role.MANAGEMENT))
        | Q(pk=getattr(keep, "pk", keep) or 0))
    return users.order_by(lt_order("full_name"), "email")


def register_years(register: Register, *, today: date) -> list[dict]:
    """The years ``register`` has entries in, newest first, with their counts; the current
    year always (a register in use starts it with none)."""
    rows = (RegisterEntry.objects.filter(register=register).order_by()
            .values("year").annotate(count=Count("pk"), last=Max("number")))
    years = {row["year"]: {"year": row["year"], "count": row["count"], "last": row["last"]}
             for row in rows}
    if register.active:
        years.setdefault(today.year, {"year": today.year, "count": 0, "last": 0})
    return sorted(years.values(), key=lambda row: -row["year"])


def answer_state(entry: RegisterEntry, today: date) -> str:
    """``answered``, ``overdue``, ``due_soon`` (within ``SOON_DAYS``), ``awaiting`` or ""
    (not waiting for an answer)."""
    if entry.answered_on is not None:
        return "answered"
    if entry.answer_due is None or entry.register.kind != RegisterKind.INCOMING:
        return ""
    if entry.answer_due < today:
        return "overdue"
    if entry.answer_due <= today + timedelta(days=SOON_DAYS):
        return "due_soon"
    return "awaiting"


def with_answer_states(entries, today: date) -> list[RegisterEntry]:
    """The entries (their registers selected) with ``answer_state`` set on each."""
    found = list(entries)
    for entry in found:
        entry.answer_state = answer_state(entry, today)
    return found


def answers_waiting(entries, *, today: date, soon_days: int = SOON_DAYS):
    """Incoming entries not answered whose answer is overdue or due within ``soon_days``,
    the earliest due first."""
    return (entries.awaiting_answer()
            .filter(answer_due__lte=today + timedelta(days=soon_days))
            .select_related("register").order_by("answer_due", "registered_on", "pk"))


# --- the metric --------------------------------------------------------------------------------

def entries_registered(period: Period, scope: Scope | None = None):
    """Documents registered in the period (by their registration date). The registers
    are the department's own, so they count for the territory only: below it, none."""
    if scope is not None and scope.level != "territory":
        return RegisterEntry.objects.none()
    return RegisterEntry.objects.filter(registered_on__gte=period.start,
                                        registered_on__lte=period.end)


def counts_by_register(period: Period, scope: Scope | None = None) -> dict:
    """{register name: documents registered in the period}, for the registers with any,
    in the registers' order."""
    rows = (entries_registered(period, scope).order_by()
            .values("register__name", "register__position")
            .annotate(count=Count("pk"))
            .order_by("register__position", "register__name"))
    return {row["register__name"]: row["count"] for row in rows}
