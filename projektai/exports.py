"""The projects' documents as data (``ataskaitos.document``): the project register, a
project's one-page summary and the funder's report tables. The engine renders them (PDF,
XLSX); every number is a number and every date a date, so a sheet reads back as written.

Each builder takes what the user may see — a queryset already ``visible_to`` them, or a
project the parameter form found within their scope."""

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ataskaitos.document import Column, Document, Section, Table
from mokymai.models import TrainingEvent
from portalas.numbers import divide, plain, rounded
from portalas.ordering import sorted_lt
from projektai import services
from projektai.models import ActivityKind, Project, ProjectRole

MONEY_FORMAT = '#,##0.00 "€"'


def MoneyColumn(label: str) -> Column:  # noqa: N802 - reads as the column kind it makes
    """A sum in euros: two decimals, shown in Excel as 12 345,60 €."""
    return Column(label, "decimal", 2, xlsx_format=MONEY_FORMAT)


def _percent(label: str) -> Column:
    return Column(label, "decimal", 1)


def money_text(value) -> str:
    """A sum as a Lithuanian page writes it: 12 345,60 €; unknown: –."""
    if value is None:
        return "–"
    return formats.number_format(rounded(value, 2), decimal_pos=2, use_l10n=True,
                                 force_grouping=True) + " €"


def percent_text(value) -> str:
    if value is None:
        return "–"
    return formats.number_format(rounded(value, 1), decimal_pos=1, use_l10n=True,
                                 force_grouping=True) + " %"


def share(part, whole) -> Decimal | None:
    """part ÷ whole in percent, to a tenth; None when the whole is unknown or zero."""
    ratio = divide(part, whole)
    return None if ratio is None else rounded(ratio * 100, 1)


def _date_text(value: date | None) -> str:
    return value.isoformat() if value else "–"


def _period_text(project: Project) -> str:
    if not (project.starts_on or project.ends_on):
        return "–"
    return f"{_date_text(project.starts_on)} – {_date_text(project.ends_on)}"


# --- words about a project (shared by the register and the summary) -----------------------------

def library_name(project: Project) -> str:
    """The library whose project it is, or the department's."""
    return project.owner_library.name if project.owner_library_id else _("Department")


def lead_name(project: Project) -> str:
    """Who leads the project: the organisation named, or we when our role is the lead."""
    if project.lead_organisation_id:
        return project.lead_organisation.name
    if project.role == ProjectRole.LEAD:
        return library_name(project)
    return ""


def call_name(project: Project) -> str:
    return project.call.title if project.call_id else project.call_name


def partner_names(project: Project) -> str:
    """Partner libraries and organisations, each in Lithuanian order, libraries first."""
    partners = list(project.partners.all())
    libraries = sorted_lt(p.library.name for p in partners if p.library_id)
    organisations = sorted_lt(p.organisation.name for p in partners if p.organisation_id)
    return "; ".join(libraries + organisations)


def responsible_names(project: Project) -> str:
    return ", ".join(sorted_lt(str(user) for user in project.responsible.all()))


def co_financing_total(project: Project) -> Decimal:
    return sum((part.amount for part in project.co_financing.all()), Decimal("0"))


def with_details(projects):
    """Projects with everything the register and the summary show, in a fixed number of
    queries whatever their number."""
    return projects.select_related(
        "programme__funder", "call", "lead_organisation", "owner_library").prefetch_related(
        "partners__library", "partners__organisation", "responsible", "budget_lines",
        "co_financing")


# --- the register ----------------------------------------------------------------------------

def register_columns() -> list[Column]:
    return [
        Column(_("Title")), Column(_("Acronym")), Column(_("Programme")), Column(_("Funder")),
        Column(_("Call")), Column(_("Application no.")), Column(_("Role")),
        Column(_("Lead organisation")), Column(_("Library")), Column(_("Partners")),
        Column(_("Responsible")), Column(_("Starts on"), "date"), Column(_("Ends on"), "date"),
        Column(_("Status")), MoneyColumn(_("Requested, EUR")), MoneyColumn(_("Granted, EUR")),
        MoneyColumn(_("Co-financing, EUR")), MoneyColumn(_("Spent, EUR")),
        Column(_("Submitted on"), "date"), Column(_("Decision on"), "date"),
    ]


def register_row(project: Project) -> list:
    funder = project.programme.funder
    return [
        project.title, project.acronym, project.programme.name, funder.name if funder else "",
        call_name(project), project.application_number, project.get_role_display(),
        lead_name(project), library_name(project), partner_names(project),
        responsible_names(project), project.starts_on, project.ends_on,
        project.get_status_display(), project.requested_amount, project.granted_amount,
        co_financing_total(project), services.spent(project, list(project.budget_lines.all())),
        project.submitted_on, project.decided_on,
    ]


def register_projects(projects, *, year: int | None = None, which: str = "all"):
    """``projects`` (already the user's) of the year — submitted in it, running in it or
    with their application deadline in it — and of the department, the libraries or both."""
    if which == "department":
        projects = projects.department()
    elif which == "libraries":
        projects = projects.of_libraries()
    if year is not None:
        first, last = date(year, 1, 1), date(year, 12, 31)
        projects = projects.filter(
            Q(submitted_on__year=year) | Q(application_deadline__year=year)
            | Q(decided_on__year=year)
            | (Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))))
    return projects


def register_document(projects, *, year: int | None = None, which: str = "all",
                      progress=lambda percent: None) -> Document:
    chosen = list(with_details(register_projects(projects, year=year, which=which)))
    progress(40)
    rows = [register_row(project)
            for project in sorted_lt(chosen, key=lambda p: f"{p.title}\x00{p.pk:09d}")]
    title = _("Project register")
    stamp = timezone.localdate().isoformat()
    subtitle = ", ".join(part for part in (str(year) if year else _("all years"),
                                           which_labels()[which], stamp))
    return Document(title=title, subtitle=subtitle, sections=[Section(
        heading=title, tables=[Table(title, register_columns(), rows, sheet=_("Projects"))])],
        filename=f"projektu-registras-{year or 'visi'}-{stamp}")


def which_labels() -> dict:
    """The register's choice of projects, in words (read when the language is set)."""
    return {"all": _("all projects"), "department": _("the department's projects"),
            "libraries": _("the libraries' projects")}


# --- the one-page summary --------------------------------------------------------------------

def _indicators(project: Project, user):
    indicators = list(project.indicators.prefetch_related(
        Prefetch("events", queryset=TrainingEvent.objects.visible_to(user).order_by(
            "starts_on", "pk"))))
    return indicators, services.achieved(indicators)


def _both(first: str, second: str) -> str:
    """Two short facts in one line ("LKT-2026-0147 / –"), or – when neither is known."""
    return "–" if not (first or second) else f"{first or '–'} / {second or '–'}"


def summary_document(project: Project, user, *, today: date | None = None) -> Document:
    """One page about a project: who, what, when, the money and the results. Short facts
    share a line and the money is one table row, so a typical project fits an A4 page."""
    today = today or timezone.localdate()
    project = with_details(Project.objects.filter(pk=project.pk)).get()
    budget = services.budget_summary(project)
    funder = project.programme.funder
    facts = [
        (_("Funder and programme"), project.programme.name
         + (f" ({funder.name})" if funder and funder.name not in project.programme.name
            else "")),
    ]
    if call_name(project):
        facts.append((_("Call"), call_name(project)))
    facts += [
        (_("Application / contract no."), _both(project.application_number,
                                                project.contract_number)),
        (_("Status and our role"), f"{project.get_status_display()} · "
                                   f"{project.get_role_display()}"),
    ]
    if project.role != ProjectRole.LEAD or project.lead_organisation_id:
        facts.append((_("Lead organisation"), lead_name(project) or "–"))
    facts += [
        (_("Library"), library_name(project)),
        (_("Partners"), partner_names(project) or "–"),
        (_("Responsible"), responsible_names(project) or "–"),
        (_("Dates"), _period_text(project)
         + (f" ({_('sustainability until %(date)s') % {'date': project.sustainability_until}})"
            if project.sustainability_until else "")),
        (_("Submitted on / decision on"), _both(
            project.submitted_on.isoformat() if project.submitted_on else "",
            project.decided_on.isoformat() if project.decided_on else "")),
    ]
    about = Section(heading=_("Project"), facts=facts, paragraphs=[
        f"**{_('Aim')}.** {project.summary.strip()}"] if project.summary.strip() else [])

    money = Section(heading=_("Money"), tables=[Table("", [
        MoneyColumn(_("Requested, EUR")), MoneyColumn(_("Granted, EUR")),
        MoneyColumn(_("Co-financing, EUR")), MoneyColumn(_("Spent, EUR")),
        _percent(_("Spent of the granted sum, %"))],
        [[project.requested_amount, project.granted_amount, budget["co_total"],
          budget["spent"], share(budget["spent"], project.granted_amount)]])])
    if budget["lines"]:
        money.tables.append(Table(_("Budget lines"), [
            Column(_("No.")), Column(_("Budget line")), MoneyColumn(_("Planned, EUR")),
            MoneyColumn(_("Spent, EUR")), _percent(_("Spent, %"))],
            [[line.code, line.title, line.planned, line.spent, share(line.spent, line.planned)]
             for line in budget["lines"]]))

    indicators, achieved = _indicators(project, user)
    results = Section(heading=_("Results and deadlines"))
    if indicators:
        results.tables.append(Table(_("Indicators"), [
            Column(_("Indicator")), Column(_("Unit")), Column(_("Planned"), "number"),
            Column(_("Achieved"), "number"), _percent(_("Achieved, %"))],
            [[i.name, i.unit, plain(i.planned), plain(achieved[i.pk]),
              share(achieved[i.pk], i.planned)] for i in indicators]))
    open_deadlines = project.deadlines.filter(done_on__isnull=True).order_by("due_on", "pk")
    overdue = list(open_deadlines.filter(due_on__lt=today)[:5])
    coming = list(open_deadlines.filter(due_on__gte=today)[:5])
    dated = [[d.due_on, d.title + (f" ({_('overdue')})" if d.due_on < today else ""),
              d.get_kind_display(), None] for d in overdue + coming]
    dated += [[m.ends_on or m.starts_on, m.title, m.get_kind_display(), m.done_on]
              for m in project.activities.filter(kind=ActivityKind.MILESTONE)]
    if dated:
        dated.sort(key=lambda row: row[0] or date.max)
        results.tables.append(Table(_("Next deadlines and milestones"), [
            Column(_("Date"), "date"), Column(_("Title")), Column(_("Kind")),
            Column(_("Done on"), "date")], dated))
    if not results.tables:
        results.paragraphs.append(_("No indicators, deadlines or milestones yet."))
    return Document(title=project.title, subtitle=" · ".join(part for part in (
        project.acronym, _("Project summary"), today.isoformat()) if part),
        sections=[about, money, results],
        filename=f"projektas-{project.pk}-{today.isoformat()}")


# --- the funder's report tables ------------------------------------------------------------------

def funder_report_document(project: Project, user) -> Document:
    """The tables a funder's final report asks for: activities and milestones, indicators
    achieved, the budget spent by line, the co-financing. Totals are numbers, not
    formulas, so the workbook reads back as written."""
    activities = sorted(project.activities.all(), key=lambda a: (
        a.starts_on or a.ends_on or date.max, a.order, a.pk))
    activity_table = Table(_("Activities and milestones"), [
        Column(_("Kind")), Column(_("Title")), Column(_("From"), "date"),
        Column(_("To (or the milestone's date)"), "date"), Column(_("Done on"), "date")],
        [[a.get_kind_display(), a.title, a.starts_on, a.ends_on, a.done_on]
         for a in activities], sheet=pgettext("sheet", "Activities"))

    indicators, achieved = _indicators(project, user)
    indicator_table = Table(_("Indicators"), [
        Column(_("Indicator")), Column(_("Unit")), Column(_("Planned"), "number"),
        Column(_("Achieved"), "number"), _percent(_("Achieved, %")),
        Column(_("How it is counted")), Column(_("Trainings that count toward it"))],
        [[i.name, i.unit, i.planned, achieved[i.pk], share(achieved[i.pk], i.planned),
          i.get_measure_display(),
          "; ".join(f"{e.title} ({e.starts_on.isoformat()})" if e.starts_on else e.title
                    for e in i.events.all())]
         for i in indicators], sheet=pgettext("sheet", "Indicators"))

    lines = list(project.budget_lines.all())
    planned = sum((line.planned for line in lines), Decimal("0"))
    spent = sum((line.spent for line in lines), Decimal("0"))
    budget_rows = [[line.code, line.title, line.planned, line.spent, line.planned - line.spent,
                    share(line.spent, line.planned)] for line in lines]
    budget_rows.append(["", _("Total"), planned, spent, planned - spent,
                        share(spent, planned)])
    budget_table = Table(_("Budget"), [
        Column(_("No.")), Column(_("Budget line")), MoneyColumn(_("Planned, EUR")),
        MoneyColumn(_("Spent, EUR")), MoneyColumn(_("Difference, EUR")),
        _percent(_("Spent, %"))], budget_rows, sheet=pgettext("sheet", "Budget"))

    parts = list(project.co_financing.select_related("source"))
    co_rows = [[part.source.name if part.source_id else part.source_name, part.amount,
                _("yes") if part.confirmed else _("no")] for part in parts]
    co_rows.append([_("Total"), sum((part.amount for part in parts), Decimal("0")), ""])
    co_table = Table(_("Co-financing"), [
        Column(_("Source")), MoneyColumn(_("Amount, EUR")), Column(_("Confirmed"))],
        co_rows, sheet=pgettext("sheet", "Co-financing"))

    stamp = timezone.localdate().isoformat()
    title = _("Report tables: %(project)s") % {"project": project.acronym or project.title}
    return Document(title=title, subtitle=stamp, sections=[
        Section(heading=table.title, tables=[table])
        for table in (activity_table, indicator_table, budget_table, co_table)],
        filename=f"ataskaitos-lenteles-{project.pk}-{stamp}")
