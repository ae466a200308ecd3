"""Documents and metrics of the statistics: the library card with its key figures, the
printable copy of a statistics submission, and metric numbers the annual report reads."""

import hashlib
import json

from django import forms
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ataskaitos.document import Chart, Column, Document, Files, Section, Table
from bibliotekos.models import Library, Municipality
from bibliotekos.selectors import library_card as card_selector
from bibliotekos.selectors import registry_version
from portalas.forms import ReportParamsForm, ScopedChoiceField, YearField
from portalas.numbers import plain, rounded
from portalas.ordering import sorted_lt
from portalas.registry import (
    FileableDocument,
    annual_report_section,
    fileable_kind,
    register_metric,
    report_kind,
)
from statistika.models import (
    CountyFigure,
    Formula,
    Indicator,
    LnbCode,
    Narrative,
    NationalFigure,
    Rule,
    Submission,
    SubmissionStatus,
)
from statistika.scoping import submission_scope
from statistika.selectors.campaign import field_states
from statistika.selectors.values import key_figures, primary_table


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
        list(NationalFigure.objects.order_by("pk").values_list("pk", "value", "library_type",
                                                               "source")),
        list(CountyFigure.objects.order_by("pk").values_list("pk", "county", "value",
                                                             "library_type")),
        list(LnbCode.objects.order_by("pk").values_list("pk", "code", "valid_from")),
        Narrative.objects.aggregate(latest=Max("created_at"), n=Count("pk")))


def submission_inputs(params) -> str:
    """A submission's printable copy also shows its status, steps, remarks and
    explanations."""
    submission = params["report"]
    return _digest(statistics_inputs(), submission.status, submission.extended_until,
                   submission.events.aggregate(latest=Max("created_at"), n=Count("pk")),
                   submission.comments.aggregate(latest=Max("created_at"),
                                                 resolved=Max("resolved_at"), n=Count("pk")),
                   submission.explanations.aggregate(latest=Max("created_at"), n=Count("pk")))


# --- parameter forms: each checks its values within the requester's scope ----------------------

class LibraryParams(ReportParamsForm):
    library = ScopedChoiceField(Library, to_field_name="code")


class SubmissionParams(ReportParamsForm):
    """``report``: a statistics submission of which the user sees at least one unit."""

    report = forms.IntegerField(min_value=1, max_value=2_147_483_647)

    def clean_report(self):
        submission = (Submission.objects.visible_to(self.user)
                      .select_related("campaign", "library")
                      .filter(pk=self.cleaned_data["report"]).first())
        if submission is None or not submission_scope(submission, self.user).units:
            raise forms.ValidationError("not available")
        return submission

    def params(self) -> dict:
        return {"report": str(self.cleaned_data["report"].pk)}


class YearParams(ReportParamsForm):
    year = YearField()


class ProfileParams(LibraryParams):
    year = YearField()


class TableParams(ReportParamsForm):
    """A dashboard table: which one, the year, and a municipality for its systems."""

    report = forms.ChoiceField(choices=[(v, v) for v in ("overview", "municipalities", "kinds",
                                                         "municipality")])
    year = YearField()
    library = forms.CharField(required=False, max_length=20)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("report") == "municipality":
            place = Municipality.objects.filter(code=cleaned.get("library") or "").first()
            if place is None:
                raise forms.ValidationError("no such municipality")
            cleaned["municipality"] = place
        return cleaned


@report_kind("library_card", label=gettext_lazy("Library card"), form=LibraryParams,
             inputs=statistics_inputs)
def library_card(*, params, user, progress) -> Document:
    library = params["library"]
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
    figures = key_figures(library, user=user, last=5)
    progress(50)
    if figures.years:
        rows = [[row["indicator"].name, row["indicator"].unit]
                + [rounded(v, row["indicator"].decimals) if row["derived"] else plain(v)
                   for v in row["values"]] for row in figures.rows]
        trend = Chart(title=_("Visits and loans"), categories=[str(y) for y in figures.years],
                      series=[(row["indicator"].name, row["values"]) for row in figures.rows
                              if row["code"] in ("visits", "loans")])
        sections.append(Section(heading=_("Key figures"), charts=[trend], tables=[Table("", [
            Column(_("Indicator")), Column(_("Unit"))] +
            [Column(str(year), "number") for year in figures.years], rows)]))
    stamp = timezone.localdate().isoformat()
    return Document(title=library.name, subtitle=f"{_('Library card')} · {stamp}",
                    sections=sections, filename=f"kortele-{library.code}-{stamp}")


@report_kind("statistics_report", label=gettext_lazy("Statistics report (printable copy)"),
             form=SubmissionParams, inputs=submission_inputs)
def statistics_report(*, params, user, progress) -> Document:
    submission = params["report"]
    units = submission_scope(submission, user).units
    states = field_states(submission, units)
    progress(40)
    sections = [Section(heading=_("Report"), facts=[
        (_("Library"), submission.library.name), (_("Year"), submission.campaign.year),
        (_("Status"), submission.get_status_display()),
        (_("Submitted"), f"{timezone.localtime(submission.submitted_at):%Y-%m-%d %H:%M}"
         if submission.submitted_at else "–")])]
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
            rows.append([indicator.name, indicator.unit, plain(state.last_year),
                         plain(shown) if not isinstance(shown, str) else None, notes or
                         (shown if isinstance(shown, str) else "")])
        title = _("Whole library") if unit.is_system_part else unit.library.name
        sections.append(Section(heading=title, tables=[Table(title, [
            Column(_("Indicator")), Column(_("Unit")),
            Column(_("Last year"), "number"),
            Column(str(submission.campaign.year), "number"),
            Column(_("Checks and explanations"))], rows)]))
    return Document(title=f"{submission.library.name}: {submission.campaign.year}",
                    subtitle=_("Annual statistics report"), sections=sections,
                    filename=(f"ataskaita-{submission.campaign.year}-"
                              f"{submission.library.code}"))


def _submitted(period, scope):
    submissions = Submission.objects.filter(
        campaign__year__range=(period.start.year, period.end.year), status__in=[
            SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED, SubmissionStatus.HANDED_ON])
    if scope.level == "library":
        return submissions.filter(library=scope.library)
    if scope.level == "municipality":
        return submissions.filter(library__municipality=scope.municipality)
    return submissions


def _total(code):
    """The territory's, a municipality's or a library's (a system's with its outlets) annual
    figure; None for a period that is not one calendar year."""
    def value(period, scope):
        year = period.whole_year
        if year is None:
            return None
        if scope.level == "library":
            library = scope.library
            level = "system" if library.kind == "system" else "library"
            table = primary_table(codes=[code], years=[year], level=level,
                                  libraries=Library.objects.filter(pk=library.pk))
            return table.get(library.code, year, code)
        if scope.level == "municipality":
            table = primary_table(codes=[code], years=[year], level="municipality",
                                  libraries=Library.objects.filter(
                                      municipality=scope.municipality))
            return table.get(scope.municipality.code, year, code)
        return primary_table(codes=[code], years=[year], level="territory").get(
            "territory", year, code)
    return value


register_metric("statistika.reports_submitted", label_lt="Pateiktos statistikos ataskaitos",
                label_en="Statistics reports submitted", unit="vnt.", function="1.1",
                value=lambda period, scope: _submitted(period, scope).count(),
                records=_submitted)
for _code, _lt, _en in [("users_registered", "Registruoti vartotojai", "Registered users"),
                        ("visits", "Apsilankymai", "Visits"), ("loans", "Išduotis", "Loans"),
                        ("events", "Renginiai", "Events")]:
    register_metric(f"statistika.{_code}", label_lt=_lt, label_en=_en, unit="vnt.",
                    function="4.1", value=_total(_code))
register_metric("statistika.loans_per_user", label_lt="Išduotis vienam vartotojui",
                label_en="Loans per user", function="4.1", numerator="statistika.loans",
                denominator="statistika.users_registered", decimals=1)
register_metric("statistika.visits_per_user", label_lt="Apsilankymai vienam vartotojui",
                label_en="Visits per user", function="4.1", numerator="statistika.visits",
                denominator="statistika.users_registered", decimals=1)
register_metric("statistika.opening_hours_week", label_lt="Darbo valandos per savaitę",
                label_en="Opening hours per week", function="4.1", unit="val.",
                value=_total("opening_hours_week"))


@report_kind("analysis", label=gettext_lazy("Dashboard table"), form=TableParams,
             staff_only=True, inputs=statistics_inputs)
def analysis_table(*, params, user, progress) -> Document:
    """The dashboards' tables (``report`` = overview | municipalities | kinds | municipality)
    as a document, from the same selectors as the pages."""
    from statistika.selectors import analysis

    view, year = params["report"], params["year"]
    codes = analysis.KEY_PRIMARY + analysis.KEY_DERIVED
    names = analysis.indicators(codes)
    columns = [Column(pgettext("library", "Name"))] + [Column(names[c].name if c in names
                                                              else c, "number")
                                     for c in codes]

    def shown(value, code):
        return rounded(value, names[code].decimals if code in names else 1)

    if view == "kinds":
        rows = [[row["kind"].label] + [shown(row["values"].get(c), c) for c in codes]
                for row in analysis.kind_table(year)]
        title = _("Libraries by kind")
    elif view == "municipality":
        place = params["municipality"]
        table = analysis.unit_table(year, "system",
                                    libraries=Library.objects.filter(municipality=place))
        rows = [[r["unit"].name] + [shown(r["values"].get(c), c) for c in codes]
                for r in sorted_lt(table["rows"], key=lambda r: r["unit"].name)]
        title = place.name
    elif view == "municipalities":
        table = analysis.unit_table(year, "municipality")
        rows = [[r["unit"].name] + [shown(r["values"].get(c), c) for c in codes]
                for r in sorted_lt(table["rows"], key=lambda r: r["unit"].name)]
        title = _("Libraries by municipality")
    else:
        data = analysis.territory_overview(year)
        rows = [[names[r["code"]].name if r["code"] in names else r["code"]] +
                [shown(r["value"], r["code"])] for r in data["rows"]]
        columns = [Column(_("Indicator")), Column(str(year), "number")]
        title = _("The territory at a glance")
    progress(60)
    from statistika.selectors.comparison import compare

    if view == "overview":
        compared = compare(year, "public", [r["code"] for r in data["rows"]])
        columns.append(Column(_("Lithuania"), "number"))
        for row, source in zip(rows, data["rows"], strict=True):
            found = compared.get(source["code"])
            row.append(shown(found.national, source["code"]) if found and
                       found.national is not None else None)
    else:
        compared = compare(year, "all" if view == "kinds" else "public", codes)
        national = [compared[c].national if c in compared else None for c in codes]
        if any(v is not None for v in national):
            rows.append([_("Lithuania")] + [None if v is None else shown(v, c)
                                            for v, c in zip(national, codes, strict=True)])
    return Document(title=f"{title} · {year}", sections=[Section(heading=title, tables=[
        Table(str(year), columns, rows)])], filename=f"analize-{view}-{year}")


@report_kind("regional_analysis", label=gettext_lazy("Regional analysis"), form=YearParams,
             staff_only=True, inputs=statistics_inputs)
def regional_analysis(*, params, user, progress) -> Document:
    from statistika.selectors.analysis_document import regional_analysis as build

    return build(year=params["year"], progress=progress)


@report_kind("library_profile", label=gettext_lazy("Library profile"), form=ProfileParams,
             formats=("pdf",), inputs=statistics_inputs)
def library_profile(*, params, user, progress) -> Document:
    from statistika.selectors.analysis_document import library_profile as build

    return build(library=params["library"], year=params["year"], user=user)


@report_kind("lnb_handoff", label=gettext_lazy("Hand-off to LNB"), form=YearParams,
             output="files", staff_only=True, inputs=statistics_inputs)
def lnb_handoff(*, params, user, progress) -> Files:
    """Per accepted library an XLSX in LNB's per-library layout and the territory's
    consolidated sheet, as one ZIP."""
    from statistika.selectors.review import handoff_files

    return Files(handoff_files(year=params["year"]), filename=f"lnb-{params['year']}")


# --- the annual report's chapter and the archive ------------------------------------------------

@annual_report_section("statistika.statistics", title=gettext_lazy("Activity of the "
                                                                    "territory's libraries"),
                       function="4.1", order=20)
def statistics_chapter(*, year: int, user):
    """The territory's key figures for the year against the year before."""
    from statistika.selectors import analysis

    data = analysis.territory_overview(year)
    names = analysis.indicators([r["code"] for r in data["rows"]])
    rows = [[names[r["code"]].name if r["code"] in names else r["code"],
             rounded(r["last_year"], names[r["code"]].decimals if r["code"] in names else 0),
             rounded(r["value"], names[r["code"]].decimals if r["code"] in names else 0)]
            for r in data["rows"]]
    return [Section(heading=str(_("Activity of the territory's libraries")), tables=[Table(
        str(year), [Column(_("Indicator")), Column(str(year - 1), "number"),
                    Column(str(year), "number")], rows)])]


def _printable_copies(year: int):
    from django.urls import reverse

    for submission in (Submission.objects.filter(
            campaign__year=year, status__in=[SubmissionStatus.ACCEPTED,
                                             SubmissionStatus.HANDED_ON])
            .select_related("library").order_by("library__code")):
        yield {"title": f"{submission.library.name}: {year}", "date": submission.submitted_at,
               "url": reverse("statistika:report_review", args=[submission.pk]),
               "library": submission.library}


def describe_submission(submission, user):
    """An accepted report's printable copy (the ``statistics_report`` kind's document as a
    PDF, rendered when filed), for staff to file. Staff and management see every library's
    report, and the filed copy."""
    from django.urls import reverse

    from ataskaitos.renderers import render

    if not (user.is_authenticated and user.is_active and user.can_manage_territory):
        return None
    if submission.status not in (SubmissionStatus.ACCEPTED, SubmissionStatus.HANDED_ON):
        return None

    def content() -> tuple[str, bytes]:
        document = statistics_report(params={"report": submission}, user=user,
                                     progress=lambda percent: None)
        return f"{document.filename}.pdf", render(document, "pdf")

    year = submission.campaign.year
    return FileableDocument(
        key=str(submission.pk),
        title=f"{_('Annual statistics report')}: {submission.library.name}, {year}",
        date=timezone.localdate(submission.submitted_at) if submission.submitted_at
        else timezone.localdate(), content=content, audience="management",
        url=reverse("statistika:report_review", args=[submission.pk]),
        library=submission.library)


def _submission_lookup(key: str, user):
    if not key.isdigit():
        return None
    return (Submission.objects.visible_to(user).select_related("campaign", "library")
            .filter(pk=int(key)).first())


fileable_kind("statistika.statistics_report", label=gettext_lazy(
    "Accepted annual statistics reports"), documents=_printable_copies,
    retention_hint="BDSTR: statistinės ataskaitos", model="statistika.submission",
    describe=describe_submission, lookup=_submission_lookup)


# --- the table builder's table ------------------------------------------------------------------

class TableBuilderParams(ReportParamsForm):
    """The builder's table: indicator codes and unit keys (comma-separated), the years and
    the layout — every unit checked within the requester's scope (``builder.resolve_units``:
    another library or a hand-picked group of a librarian is a 404)."""

    indicators = forms.CharField(max_length=2000)
    units = forms.CharField(max_length=4000)
    year_from = YearField()
    year_to = YearField()
    view = forms.ChoiceField(choices=[("units", "units"), ("transposed", "transposed")],
                             required=False)

    def clean(self):
        from statistika.selectors import builder

        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["table"] = builder.builder_table(
                user=self.user, codes=[c for c in cleaned["indicators"].split(",") if c],
                unit_keys=[u for u in cleaned["units"].split(",") if u],
                year_from=cleaned["year_from"], year_to=cleaned["year_to"])
        except builder.NotAvailable:
            raise forms.ValidationError("not available") from None
        return cleaned


def table_builder_inputs(params) -> str:
    from statistika.models import ComparisonGroup

    return _digest(statistics_inputs(), ComparisonGroup.objects.aggregate(
        latest=Max("updated_at"), n=Count("pk")))


@report_kind("table_builder", label=gettext_lazy("Table builder"), form=TableBuilderParams,
             formats=("xlsx",), inputs=table_builder_inputs)
def table_builder(*, params, user, progress) -> Document:
    """The builder's table as the page shows it, rounded to each indicator's decimals; a
    group's percentiles in rows of their own."""
    table = params["table"]
    progress(60)
    name = pgettext("library", "Name")
    if params.get("view") == "transposed":
        columns = [Column(_("Indicator")), Column(_("Unit")), Column(_("Year"), "number")] + [
            Column(unit.label, "number") for unit in table.units]
        rows = [[row["indicator"].name, row["indicator"].unit, row["year"]]
                + [rounded(cell.value, row["indicator"].decimals) for _unit, cell in
                   row["cells"]] for row in table.transposed()]
    else:
        columns = [Column(name)] + [Column(f"{indicator.name} {year}", "number")
                                    for indicator, year in table.columns]
        rows = []
        for row in table.rows():
            rows.append([row["unit"].label] + [rounded(cell.value, indicator.decimals)
                                               for indicator, _year, cell in row["cells"]])
            if any(cell.band for _i, _y, cell in row["cells"]):
                for q, label in ((10, _("10th percentile")), (50, _("median")),
                                 (90, _("90th percentile"))):
                    rows.append([f"{row['unit'].label}: {label}"] + [
                        rounded(cell.band[f"p{q}"], indicator.decimals) if cell.band else None
                        for indicator, _year, cell in row["cells"]])
    years = f"{table.years[0]}–{table.years[-1]}" if table.years else ""
    title = _("Table builder")
    return Document(title=f"{title} · {years}", sections=[Section(
        heading=title, paragraphs=list(table.notes), tables=[Table(years, columns, rows)])],
        filename=f"lentele-{years}")


# The annual report's statistics collection (1.1) and key-indicators annex.
from statistika import reports_annual  # noqa: E402, F401
