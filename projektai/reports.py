"""Report kinds, metrics and the annual report's section of the projects app.

Documents (built in ``projektai.exports``, rendered by the engine): the project register
(XLSX), a project's one-page summary (PDF) and the funder's report tables (XLSX). Their
parameter forms offer only what the user may see: another library's project is a 404 at
the request and again in the worker. Metrics of charter functions 2.1 and 2.2 count from
``projektai.selectors_reports``."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ataskaitos.document import Column, Section, Table
from portalas.forms import ReportParamsForm, ScopedChoiceField, YearField
from portalas.metrics import Period, Scope
from portalas.ordering import sorted_lt
from portalas.registry import (
    FileableDocument,
    annual_report_section,
    fileable_kind,
    metric,
    register_metric,
    report_kind,
)
from projektai import exports
from projektai import selectors_reports as figures
from projektai.models import Project

# --- parameter forms -------------------------------------------------------------------------


class RegisterParams(ReportParamsForm):
    year = YearField(required=False, help_text=gettext_lazy("Empty: all years."))
    which = forms.ChoiceField(label=gettext_lazy("Projects"), required=False, choices=[
        ("all", gettext_lazy("All projects")),
        ("department", gettext_lazy("The department's projects")),
        ("libraries", gettext_lazy("The libraries' own projects"))])


class ProjectParams(ReportParamsForm):
    project = ScopedChoiceField(Project, label=gettext_lazy("Project"))


# --- the kinds ------------------------------------------------------------------------------------

@report_kind("projektai.register", label=gettext_lazy("Project register"), form=RegisterParams,
             formats=("xlsx",),
             description=gettext_lazy("Every project you may see, one row each: funder, "
                                      "partners, dates, status and the money."))
def register(*, params, user, progress):
    return exports.register_document(Project.objects.visible_to(user),
                                     year=params.get("year"),
                                     which=params.get("which") or "all", progress=progress)


@report_kind("projektai.summary", label=gettext_lazy("Project summary"), form=ProjectParams,
             formats=("pdf",),
             description=gettext_lazy("One page: the project, its money, indicators, next "
                                      "deadlines and milestones."))
def summary(*, params, user, progress):
    return exports.summary_document(params["project"], user)


@report_kind("projektai.funder_report", label=gettext_lazy("Funder's report tables"),
             form=ProjectParams, formats=("xlsx",),
             description=gettext_lazy("Activities, indicators achieved, the budget spent by "
                                      "line and the co-financing, for the final report."))
def funder_report(*, params, user, progress):
    return exports.funder_report_document(params["project"], user)


# --- metrics (charter functions 2.1 and 2.2) ----------------------------------------------------

def _count(records):
    return lambda period, scope: records(period, scope).count()


register_metric("projektai.submitted", label_lt="Pateiktos projektų paraiškos",
                label_en="Project applications submitted", function="2.1", unit="vnt.",
                value=_count(figures.submitted), records=figures.submitted)
register_metric("projektai.granted", label_lt="Finansuoti projektai",
                label_en="Projects granted", function="2.1", unit="vnt.",
                value=_count(figures.granted), records=figures.granted)
register_metric("projektai.rejected", label_lt="Nefinansuoti projektai",
                label_en="Projects rejected", function="2.1", unit="vnt.",
                value=_count(figures.rejected), records=figures.rejected)
register_metric("projektai.success_rate", label_lt="Projektų sėkmės rodiklis",
                label_en="Project success rate", function="2.1", unit="%",
                numerator="projektai.granted", denominator="projektai.submitted", scale=100,
                decimals=1)
register_metric("projektai.funds_attracted", label_lt="Pritraukta projektų lėšų",
                label_en="Project funds attracted", function="2.1", unit="Eur",
                value=figures.funds_attracted, records=figures.granted, decimals=2)
register_metric("projektai.funds_requested", label_lt="Prašyta projektų lėšų",
                label_en="Project funds requested", function="2.1", unit="Eur",
                value=figures.funds_requested, records=figures.submitted, decimals=2)
register_metric("projektai.running", label_lt="Vykdyti projektai",
                label_en="Projects running", function="2.1", unit="vnt.",
                value=_count(figures.running), records=figures.running)
register_metric("projektai.library_projects", label_lt="Bibliotekų pateikti projektai",
                label_en="Libraries' own projects submitted", function="2.2", unit="vnt.",
                value=_count(figures.library_projects), records=figures.library_projects)
register_metric("projektai.partner_libraries",
                label_lt="Bibliotekos – vykdomų projektų partnerės",
                label_en="Libraries partnering in running projects", function="2.1",
                unit="vnt.", value=_count(figures.partner_libraries),
                records=figures.partner_libraries)


# --- the annual report's chapter ------------------------------------------------------------

@annual_report_section("projektai.projects", title=gettext_lazy("Projects and programmes"),
                       function="2.1", order=25)
def annual_chapter(year: int, user=None) -> list[Section]:
    """The year's applications, decisions and running projects with their money, the
    projects granted in the year, and the libraries' own projects — territory-wide."""
    period, territory = Period.year(year), Scope.territory()
    submitted = figures.submitted(period, territory)
    granted = list(figures.granted(period, territory).select_related("programme")
                   .order_by("-granted_amount", "pk"))
    rate = metric("projektai.success_rate").value(period, territory)
    facts = [
        (_("Applications submitted"), submitted.count()),
        (_("Funds requested"), exports.money_text(figures.total(submitted,
                                                                "requested_amount"))),
        (_("Projects granted"), len(granted)),
        (_("Funds attracted"), exports.money_text(figures.funds_attracted(period,
                                                                          territory))),
        (_("Projects rejected"), figures.rejected(period, territory).count()),
        (_("Success rate (granted ÷ submitted)"), exports.percent_text(rate)),
        (_("Projects running"), figures.running(period, territory).count()),
        (_("Libraries' own projects submitted"),
         figures.library_projects(period, territory).count()),
        (_("Libraries partnering in running projects"),
         figures.partner_libraries(period, territory).count()),
    ]
    rows = [[project.title, project.programme.name, project.granted_amount]
            for project in sorted_lt(granted, key=lambda p: p.title)]
    tables = []
    if rows:
        rows.append([_("Total"), "", sum((row[2] or 0 for row in rows), Decimal("0"))])
        tables.append(Table(_("Projects granted in %(year)s") % {"year": year}, [
            Column(_("Project")), Column(_("Programme")),
            exports.MoneyColumn(_("Granted, EUR"))], rows))
    return [Section(heading=str(_("Projects and programmes")), facts=facts, tables=tables,
                    key="projektai")]


# --- the archive: a project's contract filed into the department's file plan ---------------

def _contract_title(document) -> str:
    project = document.project
    name = project.acronym or project.title
    return f"{_('Contract')}: {document.title} ({name})"


def describe_contract(document, user):
    """A project's contract (a project document of the kind "contract"), for staff to file
    while its file is stored. Staff and management see every project, and the filed copy;
    it is listed — and filed — on the project's page."""
    from django.utils import timezone

    from projektai.models import DocumentKind

    if not (user.is_authenticated and user.is_active and user.can_manage_territory):
        return None
    stored = document.file
    if document.kind != DocumentKind.CONTRACT or not stored \
            or not stored.storage.exists(stored.name):
        return None

    def content() -> tuple[str, bytes]:
        with stored.storage.open(stored.name, "rb") as handle:
            return stored.name.rsplit("/", 1)[-1], handle.read()

    project = document.project
    return FileableDocument(
        key=str(document.pk), title=_contract_title(document),
        date=timezone.localdate(document.uploaded_at), content=content,
        audience="management", url=project.get_absolute_url(),
        library=project.owner_library, subkind=document.kind)


def project_contracts(project, user):
    """The contracts the project's page lists."""
    from projektai.models import DocumentKind, ProjectDocument

    return (ProjectDocument.objects.visible_to(user)
            .filter(project=project, kind=DocumentKind.CONTRACT)
            .select_related("project__owner_library").order_by("uploaded_at", "pk"))


def contracts_of_year(year: int) -> list[dict]:
    """The projects' contracts uploaded in the year."""
    from projektai.models import DocumentKind, ProjectDocument

    documents = (ProjectDocument.objects.filter(kind=DocumentKind.CONTRACT,
                                                uploaded_at__year=year)
                 .select_related("project__owner_library").order_by("uploaded_at", "pk"))
    from django.utils import timezone

    return [{"title": _contract_title(document),
             "date": timezone.localdate(document.uploaded_at),
             "url": document.project.get_absolute_url(),
             "library": document.project.owner_library} for document in documents]


fileable_kind("projektai.contract", label=gettext_lazy("Contracts of projects"),
              documents=contracts_of_year, model="projektai.projectdocument",
              describe=describe_contract, listed_on="projektai.project",
              listed=project_contracts,
              retention_hint=gettext_lazy("Project contracts: kept as the funder and the "
                                          "institution's documentation plan say."))
