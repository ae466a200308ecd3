"""The archive's chapter of the Library's annual activity report (charter function 6.1),
declared in the registry so the report never imports this app: the year's registered
documents by register, the answers asked for (answered, on time, overdue), whether the
year's file plan was approved, the files closed in the year and the destruction acts.
Counts only (no titles or correspondents), so the published report names no one. Left out
for a year in which the archive recorded nothing."""

from django.db.models import Count, F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from archyvas import selectors_registers, selectors_yearend
from archyvas.models import (
    ActStatus,
    Appraisal,
    DestructionAct,
    DestructionItem,
    FilePlan,
    PlanStatus,
    RegisterKind,
)
from ataskaitos.document import Column, Section, Table
from portalas.metrics import Period
from portalas.registry import annual_report_section

__all__ = ["annual_chapter", "answers"]

DECIDED = (ActStatus.APPROVED, ActStatus.EXECUTED)


def _count(value) -> str:
    return formats.number_format(value or 0, decimal_pos=0, use_l10n=True, force_grouping=True)


def answers(year: int, today) -> dict:
    """Incoming documents registered in the year that asked for an answer by a date: how
    many, answered, answered by the date, and overdue (not answered, the date passed)."""
    return (selectors_registers.entries_registered(Period.year(year))
            .filter(register__kind=RegisterKind.INCOMING, answer_due__isnull=False)
            .aggregate(asked=Count("pk"),
                       answered=Count("pk", filter=Q(answered_on__isnull=False)),
                       on_time=Count("pk", filter=Q(answered_on__lte=F("answer_due"))),
                       overdue=Count("pk", filter=Q(answered_on=None, answer_due__lt=today))))


@annual_report_section("archyvas", title=gettext_lazy("Documentation and archive"),
                       function="6.1", order=85)
def annual_chapter(year: int, user=None) -> list[Section]:
    period = Period.year(year)
    registered = selectors_registers.counts_by_register(period)
    asked = answers(year, timezone.localdate())
    plan = FilePlan.objects.filter(year=year).first()
    closed = selectors_yearend.files_closed(period).count()
    acts = DestructionAct.objects.filter(year=year)
    act_count = acts.count()
    if not (registered or asked["asked"] or plan or closed or act_count):
        return []
    decided = acts.filter(status__in=DECIDED).count()
    destroyed = DestructionItem.objects.filter(act__year=year, act__status__in=DECIDED,
                                               decision=Appraisal.DESTROY).count()
    total = sum(registered.values())
    if plan is None:
        plan_state = _("no file plan")
    elif plan.status == PlanStatus.DRAFT:
        plan_state = _("a draft, not approved")
    else:
        plan_state = _("approved on %(day)s") % {"day": plan.approved_on.isoformat()}
    text = _("Documents registered in %(year)s: %(total)s. Incoming documents asking for "
             "an answer: %(asked)s — answered: %(answered)s (on time: %(on_time)s), overdue: "
             "%(overdue)s. The file plan for %(year)s: %(plan)s. Files closed in the year: "
             "%(closed)s; destruction acts: %(acts)s (files destroyed: %(destroyed)s).") % {
        "year": year, "total": _count(total), "asked": _count(asked["asked"]),
        "answered": _count(asked["answered"]), "on_time": _count(asked["on_time"]),
        "overdue": _count(asked["overdue"]), "plan": plan_state, "closed": _count(closed),
        "acts": _count(act_count), "destroyed": _count(destroyed)}
    tables = []
    if registered:
        tables.append(Table(
            _("Documents registered by register, %(year)s") % {"year": year},
            [Column(pgettext("archive", "Register")), Column(_("Documents"), "int")],
            [[name, count] for name, count in registered.items()] + [[_("Total"), total]],
            source=_("the department's registers of documents")))
    return [Section(
        heading=str(_("Documentation and archive")), paragraphs=[text],
        facts=[(_("Documents registered"), total),
               (_("Answers asked for"), asked["asked"]),
               (pgettext("answers", "Answered"), asked["answered"]),
               (_("Answered on time"), asked["on_time"]),
               (_("Answers overdue"), asked["overdue"]),
               (_("File plan"), plan_state),
               (_("Files closed"), closed),
               (_("Destruction acts"), act_count),
               (_("Destruction acts approved"), decided),
               (pgettext("archive", "Files destroyed"), destroyed)],
        tables=tables, key="archyvas.annual")]
