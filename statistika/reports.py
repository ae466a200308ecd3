"""Documents and metrics of the statistics: the library card with its key figures, the
printable copy of a report, and metric numbers the annual report reads."""

import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ataskaitos.document import Chart, Column, Document, Section, Table
from ataskaitos.registry import register_metric, report_kind
from bibliotekos.models import Library
from bibliotekos.selectors import library_card as card_selector
from bibliotekos.selectors import registry_version
from statistika import selectors
from statistika.models import (
    Formula,
    Indicator,
    Narrative,
    NationalFigure,
    Report,
    ReportStatus,
    Rule,
)
from statistika.panels import CARD_DERIVED, CARD_PRIMARY
from statistika.scoping import report_scope
from statistika.services.reports import field_states


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def statistics_inputs(params=None) -> str:
    """Changes whenever anything a statistics document shows may change: a value, the
    catalogue, a formula or check, a national figure, the analysis text, the registry."""
    from statistika.selectors.analysis import data_version

    return _digest(
        data_version(), registry_version(),
        Indicator.history.aggregate(latest=Max("history_date"))["latest"],
        list(Formula.objects.order_by("pk").values_list("pk", "expression", "valid_from",
                                                         "valid_to")),
        list(Rule.objects.order_by("pk").values_list("pk", "expression", "severity", "active",
                                                      "valid_from", "valid_to", "message_lt",
                                                      "message_en")),
        list(NationalFigure.objects.order_by("pk").values_list("pk", "value")),
        Narrative.objects.aggregate(latest=Max("created_at"), n=Count("pk")))


def report_inputs(params) -> str:
    """A report's printable copy also shows its status, steps, remarks and explanations."""
    try:
        report = Report.objects.get(pk=int(params.get("report", 0)))
    except (Report.DoesNotExist, ValueError):
        return ""
    return _digest(statistics_inputs(), report.status, report.extended_until,
                   report.events.aggregate(latest=Max("created_at"), n=Count("pk")),
                   report.comments.aggregate(latest=Max("created_at"),
                                             resolved=Max("resolved_at"), n=Count("pk")),
                   report.explanations.aggregate(latest=Max("created_at"), n=Count("pk")))


def visible_library(params, user) -> Library:
    return Library.objects.visible_to(user).get(code=params["library"])


def visible_report(params, user) -> Report:
    """The report, if the user sees at least one of its units."""
    report = Report.objects.visible_to(user).select_related("campaign", "library").get(
        pk=int(params["report"]))
    if not report_scope(report, user).units:
        raise PermissionDenied
    return report


@report_kind("library_card", label=gettext_lazy("Library card"), params=["library"],
             inputs=statistics_inputs, check=visible_library)
def library_card(*, params, user, progress) -> Document:
    library = Library.objects.visible_to(user).select_related("municipality", "parent").get(
        code=params["library"])
    card = card_selector(library, user)
    progress(20)
    contacts = Section(heading=_("Details and contacts"), facts=[
        (_("Kind"), library.get_kind_display()), (_("Code"), library.code),
        (_("Municipality"), library.municipality or "–"), (_("Address"), library.address),
        (_("E-mail"), library.email), (_("Phone"), library.phone),
        (_("Director"), library.director), (_("Company code"), library.company_code),
        (_("Opened"), library.opened.isoformat() if library.opened else "–"),
    ])
    sections = [contacts]
    if card["outlet_tree"]:
        rows = [["  " * node["depth"] + node["library"].name, node["library"].get_kind_display(),
                 node["library"].code, node["library"].closed]
                for node in card["outlet_tree"]]
        sections.append(Section(heading=_("Outlets"), tables=[Table("", [
            Column(_("Outlet")), Column(_("Kind")), Column(_("Code")),
            Column(_("Closed"), "date")], rows)]))
    years = sorted(selectors.library_years(library))[-5:]
    if years:
        level = "system" if library.kind == "system" else "library"
        only = Library.objects.filter(pk=library.pk)
        primary = selectors.primary_table(codes=CARD_PRIMARY, years=years, level=level,
                                          libraries=only, user=user)
        derived = selectors.derived_table(codes=CARD_DERIVED, years=years, level=level,
                                          libraries=only, user=user)
        progress(50)
        indicators = {i.code: i for i in Indicator.objects.filter(
            code__in=CARD_PRIMARY + CARD_DERIVED)}
        rows = []
        for code, table in [(c, primary) for c in CARD_PRIMARY] + [(c, derived)
                                                                   for c in CARD_DERIVED]:
            if code in indicators:
                places = Decimal(1).scaleb(-indicators[code].decimals)
                values = [table.get(library.code, year, code) for year in years]
                rows.append([indicators[code].name, indicators[code].unit] +
                            [None if v is None else v.quantize(places, ROUND_HALF_UP)
                             if table is derived else _plain(v) for v in values])
        trend = Chart(title=_("Visits and loans"), categories=[str(y) for y in years],
                      series=[(indicators[code].name, [primary.get(library.code, y, code)
                                                       for y in years])
                              for code in ("visits", "loans") if code in indicators])
        sections.append(Section(heading=_("Key figures"), charts=[trend], tables=[Table("", [
            Column(_("Indicator")), Column(_("Unit"))] +
            [Column(str(year), "number") for year in years], rows)]))
    stamp = timezone.localdate().isoformat()
    return Document(title=library.name, subtitle=f"{_('Library card')} · {stamp}",
                    sections=sections, filename=f"kortele-{library.code}-{stamp}")


@report_kind("statistics_report", label=gettext_lazy("Statistics report (printable copy)"),
             params=["report"], inputs=report_inputs, check=visible_report)
def statistics_report(*, params, user, progress) -> Document:
    report = visible_report(params, user)
    units = report_scope(report, user).units
    states = field_states(report, units)
    progress(40)
    sections = [Section(heading=_("Report"), facts=[
        (_("Library"), report.library.name), (_("Year"), report.campaign.year),
        (_("Status"), report.get_status_display()),
        (_("Submitted"), f"{timezone.localtime(report.submitted_at):%Y-%m-%d %H:%M}"
         if report.submitted_at else "–")])]
    for unit in units:
        rows = []
        for indicator in unit.indicators:
            state = states[(unit.library.pk, indicator.pk)]
            value = state.value
            shown = (_("not known") if value is not None and not value.known else
                     (value.value if value is not None else None))
            notes = "; ".join(state.errors + state.warnings)
            if state.explanation:
                notes += (" — " if notes else "") + _("Explanation") + ": " + \
                    state.explanation.text
            rows.append([indicator.name, indicator.unit, _plain(state.last_year),
                         _plain(shown) if not isinstance(shown, str) else None, notes or
                         (shown if isinstance(shown, str) else "")])
        title = _("Whole library") if unit.is_system_part else unit.library.name
        sections.append(Section(heading=title, tables=[Table(title[:31], [
            Column(_("Indicator")), Column(_("Unit")),
            Column(_("Last year"), "number"), Column(str(report.campaign.year), "number"),
            Column(_("Checks and explanations"))], rows)]))
    return Document(title=f"{report.library.name}: {report.campaign.year}",
                    subtitle=_("Annual statistics report"), sections=sections,
                    filename=f"ataskaita-{report.campaign.year}-{report.library.code}")


def _plain(value):
    """A stored value without its storage zeros (1234.000000 → 1234, 12.750000 → 12.75)."""
    if value is None:
        return None
    normalized = value.normalize()
    return normalized.quantize(Decimal(1)) if normalized.as_tuple().exponent > 0 else normalized


def _submitted(year, library=None):
    reports = Report.objects.filter(campaign__year=year, status__in=[
        ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.HANDED_ON])
    return reports.filter(library=library) if library is not None else reports


def _total(code):
    def value(year, library=None):
        level = "territory" if library is None else (
            "system" if library.kind == "system" else "library")
        libraries = None if library is None else Library.objects.filter(pk=library.pk)
        table = selectors.primary_table(codes=[code], years=[year], level=level,
                                        libraries=libraries)
        return table.get("territory" if library is None else library.code, year, code)
    return value


register_metric("statistika.reports_submitted", label_lt="Pateiktos statistikos ataskaitos",
                label_en="Statistics reports submitted", unit="vnt.",
                value=lambda year, library=None: _submitted(year, library).count(),
                records=_submitted)
for _code, _lt, _en in [("users_registered", "Registruoti vartotojai", "Registered users"),
                        ("visits", "Apsilankymai", "Visits"), ("loans", "Išduotis", "Loans"),
                        ("events", "Renginiai", "Events")]:
    register_metric(f"statistika.{_code}", label_lt=_lt, label_en=_en, unit="vnt.",
                    value=_total(_code))


@report_kind("analysis", label=gettext_lazy("Dashboard table"), params=["report", "year"],
             staff_only=True, inputs=statistics_inputs)
def analysis_table(*, params, user, progress) -> Document:
    """The dashboards' tables (``report`` = overview | municipalities | kinds | municipality)
    as a document, from the same selectors as the pages."""
    from statistika.selectors import analysis

    view, year = params.get("report", "overview"), int(params["year"])
    codes = analysis.KEY_PRIMARY + analysis.KEY_DERIVED
    names = analysis.indicators(codes)
    columns = [Column(pgettext("library", "Name"))] + [Column(names[c].name if c in names
                                                              else c, "number")
                                     for c in codes]

    def shown(value, code):
        if value is None:
            return None
        decimals = names[code].decimals if code in names else 1
        return Decimal(value).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)

    if view == "kinds":
        rows = [[row["kind"].label] + [shown(row["values"].get(c), c) for c in codes]
                for row in analysis.kind_table(year)]
        title = _("Libraries by kind")
    elif view == "municipality":
        from bibliotekos.models import Municipality

        place = Municipality.objects.get(code=params["library"])
        table = analysis.unit_table(year, "system",
                                    libraries=Library.objects.filter(municipality=place))
        rows = [[r["unit"].name] + [shown(r["values"].get(c), c) for c in codes]
                for r in table["rows"]]
        title = place.name
    elif view == "municipalities":
        table = analysis.unit_table(year, "municipality")
        rows = [[r["unit"].name] + [shown(r["values"].get(c), c) for c in codes]
                for r in table["rows"]]
        title = _("Libraries by municipality")
    else:
        data = analysis.territory_overview(year)
        rows = [[names[r["code"]].name if r["code"] in names else r["code"]] +
                [shown(r["value"], r["code"])] for r in data["rows"]]
        columns = [Column(_("Indicator")), Column(str(year), "number")]
        title = _("The territory at a glance")
    progress(60)
    return Document(title=f"{title} · {year}", sections=[Section(heading=title, tables=[
        Table(str(year), columns, rows)])], filename=f"analize-{view}-{year}")


@report_kind("regional_analysis", label=gettext_lazy("Regional analysis"), params=["year"],
             staff_only=True, inputs=statistics_inputs)
def regional_analysis(*, params, user, progress) -> Document:
    from statistika.analysis_report import regional_analysis as build

    return build(year=int(params["year"]), progress=progress)


@report_kind("library_profile", label=gettext_lazy("Library profile"),
             params=["library", "year"], formats=("pdf",), inputs=statistics_inputs,
             check=visible_library)
def library_profile(*, params, user, progress) -> Document:
    from statistika.analysis_report import library_profile as build

    library = Library.objects.visible_to(user).select_related("municipality").get(
        code=params["library"])
    return build(library=library, year=int(params["year"]), user=user)
