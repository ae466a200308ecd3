"""The regional analysis (function 4.2): the annual analysis of the territory's libraries a
county library publishes, built from the values, the registry and the published national
and county figures, with the department's own text per chapter.

The structure follows the county libraries' published analyses: a one-page summary; the
network and population; the municipal public libraries (users, visits, collection, loans);
the county library itself; school libraries; e-services and digital literacy; staff;
events; finances; the department's methodological work (only when other apps declare its
metrics); conclusions; an annex of formulas and sources. Every table and figure is numbered
and names its source. Municipalities are ranked on ratios (per resident, per user, shares),
never on absolute counts of municipalities of very different size; each ratio of a group
is computed over matched pairs and says how many units it covers.

What a reader does not read on paper — every indicator for every municipality — is a table
of the XLSX only (``Table.paper = False``)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from ataskaitos.document import Chart, Column, Document, Section, Table, with_unit
from bibliotekos.models import County, Library, LibraryKind, MunicipalityPopulation
from portalas.numbers import change, rounded
from portalas.ordering import sorted_lt
from statistika.models import Formula, Indicator, NationalFigure
from statistika.selectors import analysis, comparison
from statistika.selectors.analysis_document import (
    amount_text,
    column_for,
    in_place,
    narratives,
)
from statistika.selectors.values import TERRITORY, derived_table, primary_table


@dataclass(frozen=True)
class Block:
    """One table of a chapter: indicators by municipality with the territory, its counties,
    Lithuania and last year, ranked by a ratio; a figure of the territory's five-year series
    of one indicator; "highest … lowest" sentences on ratios."""

    key: str                 # the narrative's key (the catalogue section it continues)
    title: object
    codes: list
    rank_by: str = ""
    chart: str = ""
    chart_kind: str = "line"
    highlights: tuple = ()
    group: str = "public"


@dataclass(frozen=True)
class Chapter:
    key: str
    title: object
    blocks: list = field(default_factory=list)


CHAPTERS = [
    Chapter("network", gettext_lazy("Library network and population"), [
        Block("network", gettext_lazy("Library network"),
              ["outlets_central", "outlets_city", "outlets_rural", "outlets_service_points",
               "outlets_mobile", "residents_per_outlet"],
              rank_by="residents_per_outlet", chart="outlets_rural", chart_kind="bar",
              highlights=("residents_per_outlet",)),
    ]),
    Chapter("public", gettext_lazy("Municipal public libraries"), [
        Block("users", gettext_lazy("Library users"),
              ["users_registered", "users_children", "penetration_pct",
               "children_penetration_pct", "city_penetration_pct", "rural_penetration_pct"],
              rank_by="penetration_pct", chart="users_registered", chart_kind="bar",
              highlights=("penetration_pct", "children_penetration_pct")),
        Block("visits", gettext_lazy("Visits"),
              ["visits", "visits_virtual", "visits_per_resident", "visits_per_user",
               "users_per_outlet", "visits_per_outlet"],
              rank_by="visits_per_resident", chart="visits",
              highlights=("visits_per_resident", "visits_per_user")),
        Block("collection", gettext_lazy("Collection and its renewal"),
              ["collection_items", "acquired_items", "withdrawn_items", "items_per_resident",
               "renewal_pct", "acquired_per_1000_residents"],
              rank_by="acquired_per_1000_residents", chart="acquired_items",
              highlights=("acquired_per_1000_residents", "renewal_pct")),
        Block("loans", gettext_lazy("Loans and reading"),
              ["loans", "loans_children", "loans_per_user", "loans_per_resident",
               "collection_turnover", "loans_per_outlet"],
              rank_by="loans_per_resident", chart="loans",
              highlights=("loans_per_resident", "loans_per_user")),
    ]),
    Chapter("county", gettext_lazy("The county library")),
    Chapter("school", gettext_lazy("School libraries"), [
        Block("school_users", gettext_lazy("School libraries by municipality"),
              ["users_registered", "users_pupils", "visits", "loans", "loans_pupils",
               "loans_per_user"],
              rank_by="loans_per_user", chart="loans", highlights=("loans_per_user",),
              group="school"),
        Block("school_collection", gettext_lazy("Collections and textbooks of school libraries"),
              ["collection_items", "acquired_items", "textbook_items", "textbook_loans",
               "items_per_user"],
              rank_by="items_per_user", highlights=("items_per_user",), group="school"),
    ]),
    Chapter("technology", gettext_lazy("E-services and digital literacy"), [
        Block("computers", gettext_lazy("Computers and the internet for users"),
              ["computers_public", "computers_internet", "outlets_with_internet",
               "internet_sessions"],
              chart="internet_sessions"),
        Block("e_services", gettext_lazy("E-services"),
              ["visits_virtual", "website_visits", "downloads", "downloads_per_resident",
               "downloads_per_user", "db_sessions"],
              rank_by="downloads_per_resident", chart="downloads",
              highlights=("downloads_per_resident", "downloads_per_user")),
        Block("training", gettext_lazy("User training and information services"),
              ["training_sessions", "training_participants", "reference_questions"],
              chart="training_participants"),
    ]),
    Chapter("staff", gettext_lazy("Staff and their professional development"), [
        Block("staff_numbers", gettext_lazy("Staff"),
              ["staff", "staff_professional", "staff_professional_part_time", "staff_fte",
               "staff_trained", "professional_share_pct"],
              rank_by="professional_share_pct", chart="staff_professional", chart_kind="bar",
              highlights=("professional_share_pct",)),
        Block("staff_education", gettext_lazy("Education of professional librarians"),
              ["staff_professional", "staff_professional_lis", "staff_higher_education",
               "staff_professional_fte"]),
    ]),
    Chapter("events", gettext_lazy("Events and education"), [
        Block("events", gettext_lazy("Events"),
              ["events", "event_attendance", "exhibitions", "events_per_1000_residents"],
              rank_by="events_per_1000_residents", chart="events",
              highlights=("events_per_1000_residents",)),
    ]),
    Chapter("finance", gettext_lazy("Finances per resident"), [
        Block("funds", gettext_lazy("Funds received and expenses"),
              ["income_total", "income_municipal", "income_state", "income_projects",
               "expenses_total", "expenses_per_user", "expenses_per_visit"],
              rank_by="expenses_per_user", chart="income_total",
              highlights=("expenses_per_user",)),
        Block("acquisitions", gettext_lazy("Funds for acquisitions"),
              ["expenses_acquisitions", "expenses_acq_state", "expenses_acq_municipal",
               "acquisition_eur_per_resident", "average_document_price"],
              rank_by="acquisition_eur_per_resident", chart="expenses_acquisitions",
              highlights=("acquisition_eur_per_resident",)),
    ]),
]
# The county library's own figures, five years.
COUNTY_CODES = ["users_registered", "visits", "visits_virtual", "loans", "downloads",
                "collection_items", "acquired_items", "events", "event_attendance",
                "training_participants", "staff", "staff_professional"]
# The summary's key figures: the territory's public libraries.
SUMMARY_CODES = ["users_registered", "penetration_pct", "visits", "visits_per_resident",
                 "loans", "loans_per_user", "downloads_per_resident", "events",
                 "acquisition_eur_per_resident", "staff", "professional_share_pct"]
NETWORK = ["outlets_central", "outlets_city", "outlets_rural", "outlets_service_points",
           "outlets_mobile"]
# Charter functions whose metrics make the methodological-work chapter.
METHODOLOGICAL = ("3.1", "3.2", "2.2")
# Narrative keys, in the order the text page shows them.
TEXT_KEYS = ["summary", "network", "public", "users", "visits", "collection", "loans", "county",
             "school", "technology", "staff", "events", "finance", "methodology",
             "conclusions"]


def text_sections() -> list[tuple[str, str]]:
    """(key, heading) of every part the department may write a text for, in order."""
    headings = {"summary": _("Summary"), "county": _("The county library"),
                "methodology": _("Methodological work of the department"),
                "conclusions": _("Conclusions")}
    for chapter in CHAPTERS:
        headings.setdefault(chapter.key, str(chapter.title))
        for block in chapter.blocks:
            headings.setdefault(block.key, f"{chapter.title}: {block.title}")
    return [(key, headings[key]) for key in TEXT_KEYS]


# --- names -------------------------------------------------------------------------------

def territory_counties() -> list[County]:
    return sorted_lt(County.objects.filter(municipalities__in_territory=True).distinct(),
                     key=lambda c: c.name)


def region_phrase(counties) -> str:
    """ "Klaipėdos ir Tauragės apskričių" (Lithuanian genitive of the counties), or the
    counties' names joined in another language."""
    names = [c.name for c in counties]
    if not names:
        return ""
    if not (get_language() or "lt").startswith("lt"):
        return ", ".join(names)
    stems = [n.removesuffix(" apskritis").strip() for n in names]
    joined = stems[0] if len(stems) == 1 else ", ".join(stems[:-1]) + " ir " + stems[-1]
    return f"{joined} {'apskrities' if len(stems) == 1 else 'apskričių'}"


def title_of(year: int, counties) -> str:
    region = region_phrase(counties)
    if (get_language() or "lt").startswith("lt") and region:
        return f"{year} m. {region} savivaldybių viešųjų bibliotekų veiklos analizė"
    if region:
        return _("Activity of the municipal public libraries of %(region)s in %(year)s") % {
            "region": region, "year": year}
    return _("Activity of the territory's libraries in %(year)s") % {"year": year}


# --- numbers -----------------------------------------------------------------------------

class Figures:
    """Every number the analysis prints, read once: municipalities and the territory for
    the year and the year before (five years for the territory's series), the territory's
    counties, for public and school libraries."""

    def __init__(self, year: int, codes_by_group: dict[str, set[str]], series: set[str]):
        self.year = year
        self.years = list(range(year - 4, year + 1))
        catalogue = {i.code: i for i in Indicator.objects.filter(
            code__in=set().union(*codes_by_group.values()) | series)}
        self.indicators = catalogue
        self.tables = {}
        for group, codes in codes_by_group.items():
            codes = {c for c in codes if c in catalogue}
            derived = {c for c in codes if catalogue[c].derived}
            primary = codes - derived
            inputs_codes = primary | analysis._formula_inputs(derived, self.years)
            # the group's values read once, for every level below
            base = primary_table(codes=inputs_codes | series, years=self.years,
                                 level="system" if group == "public" else "library",
                                 group=group, libraries=Library.objects.filter(
                                     kind=LibraryKind.SCHOOL) if group == "school" else None)
            for level, years in (("municipality", [year - 1, year]),
                                 ("territory", self.years), ("county", [year])):
                inputs = primary_table(codes=inputs_codes | (series if level == "territory"
                                                             else set()),
                                       years=years, level=level, group=group, base=base)
                out = derived_table(codes=derived, years=years, level=level, group=group,
                                    inputs=inputs) if derived else None
                self.tables[(group, level)] = (inputs, out)

    def get(self, group: str, level: str, unit: str, year: int, code: str):
        inputs, derived = self.tables[(group, level)]
        indicator = self.indicators.get(code)
        if derived is not None and indicator is not None and indicator.derived:
            return derived.get(unit, year, code)
        return inputs.get(unit, year, code)

    def coverage(self, group: str, level: str, unit: str, code: str):
        _inputs, derived = self.tables[(group, level)]
        return derived.covered(unit, self.year, code) if derived is not None else None

    def units(self, group: str, level: str):
        return sorted_lt(self.tables[(group, level)][0].units.values(), key=lambda u: u.name)


def _shown(value, indicator):
    return None if value is None else rounded(value, indicator.decimals if indicator else 0)


# --- the builder -------------------------------------------------------------------------

class Builder:
    def __init__(self, year: int, progress):
        self.year = year
        self.progress = progress
        self.tables = 0
        self.figures = 0
        self.texts = narratives(year)
        self.counties = territory_counties()
        self.document = None
        self.annex_rows = []
        self.national_sources: set[str] = set()
        self.county_sources: set[str] = set()

    # numbering ---------------------------------------------------------------------------

    def table(self, title, columns, rows, *, source: str, paper: bool = True,
              sheet: str = "") -> Table:
        if paper:
            self.tables += 1
        return Table(str(title), columns, rows, number=self.tables if paper else None,
                     source=source, paper=paper, sheet=sheet)

    def chart(self, title, categories, series, *, unit="", kind="line", source="") -> Chart:
        self.figures += 1
        return Chart(title=str(title), categories=categories, series=series, unit=unit,
                     kind=kind, number=self.figures, source=source)

    def text(self, key: str) -> list[str]:
        narrative = self.texts.get(key)
        return [narrative.text] if narrative and narrative.text else []

    # sources -----------------------------------------------------------------------------

    def source(self, codes=(), *, group="public", lithuania=True) -> str:
        parts = [_("the libraries' annual statistical reports for %(year)s") % {
            "year": self.year} if group == "public" else
            _("the school libraries' annual statistical reports for %(year)s") % {
                "year": self.year}]
        if any(self.uses_population(c) for c in codes):
            parts.append(_("population: State Data Agency (Official Statistics Portal)"))
        if lithuania:
            parts.append(_("Lithuania: LNB's summaries of Lithuanian library statistics"))
        parts.append(_("calculations of the department"))
        return "; ".join(parts)

    def uses_population(self, code: str) -> bool:
        indicator = self.figures_data.indicators.get(code)
        if indicator is None or not indicator.derived:
            return code.startswith("population")
        return any("population" in name for name in self.formula_names(code))

    def formula_names(self, code: str) -> set[str]:
        from statistika.expressions import compile_expression

        formula = self.formulas.get(code)
        return compile_expression(formula.expression).names if formula else set()

    # the document ------------------------------------------------------------------------

    def build(self) -> Document:
        year = self.year
        codes = {"public": set(SUMMARY_CODES) | set(NETWORK), "school": set()}
        for chapter in CHAPTERS:
            for block in chapter.blocks:
                codes[block.group] |= set(block.codes)
        series = {b.chart for c in CHAPTERS for b in c.blocks if b.chart}
        self.figures_data = Figures(year, codes, series)
        self.progress(25)
        every = {c for group in codes.values() for c in group}
        self.formulas = {f.indicator.code: f for f in Formula.objects.select_related(
            "indicator").filter(indicator__code__in=every)
            if f.valid_from <= year and (f.valid_to is None or f.valid_to >= year)}
        self.compared = {group: comparison.compare(year, group, sorted(group_codes))
                         for group, group_codes in codes.items() if group_codes}
        library = Library.objects.filter(kind=LibraryKind.COUNTY).order_by("pk").first()
        subtitle = [library.name] if library else []
        subtitle.append(_("Regional Libraries Strategic Development Department"))
        subtitle.append(_("prepared %(date)s") % {"date": timezone.localdate().isoformat()})
        self.document = Document(title=title_of(year, self.counties),
                                 subtitle=" · ".join(subtitle),
                                 filename=f"regionine-analize-{year}", title_page=True)
        sections = self.document.sections
        sections.append(self.summary())
        number = 0
        for chapter in CHAPTERS:
            built = self.chapter(chapter)
            if not built:
                continue
            number += 1
            built[0].heading = f"{number}. {built[0].heading}"
            for index, sub in enumerate(built[1:], start=1):
                sub.heading = f"{number}.{index}. {sub.heading}"
            sections.extend(built)
            self.progress(25 + number * 6)
        for built in (self.methodology(), self.conclusions(), self.annex()):
            if built:
                number += 1
                built[0].heading = f"{number}. {built[0].heading}"
                for index, sub in enumerate(built[1:], start=1):
                    sub.heading = f"{number}.{index}. {sub.heading}"
                sections.extend(built)
        return self.document

    def summary(self) -> Section:
        """One page: the network in a sentence, the year's largest changes of ratios, then a
        table of the territory's key figures with last year's, the change and Lithuania's."""
        data, year = self.figures_data, self.year
        compared = self.compared["public"]
        paragraphs = self.text("summary")
        network = [data.get("public", "territory", TERRITORY, year, c) for c in NETWORK]
        before = [data.get("public", "territory", TERRITORY, year - 1, c) for c in NETWORK]
        if all(v is not None for v in network):
            total = int(sum(network))
            last = int(sum(before)) if all(v is not None for v in before) else None
            sentence = _("In %(year)s the municipal public libraries of the territory had "
                         "%(libraries)s with their outlets.") % {
                "year": year, "libraries": ngettext(
                    "%(count)s library", "%(count)s libraries", total) % {
                    "count": _number(total)}}
            if last is not None and last != total:
                sentence += " " + _("%(difference)s against %(year)s.") % {
                    "difference": _signed(total - last, 0), "year": year - 1}
            paragraphs = paragraphs + [sentence]
        rows, movers, marked = [], [], False
        for code in SUMMARY_CODES:
            indicator = data.indicators.get(code)
            if indicator is None:
                continue
            now = data.get("public", "territory", TERRITORY, year, code)
            last = data.get("public", "territory", TERRITORY, year - 1, code)
            if now is None:
                continue
            difference, points = change(now, last, indicator.unit)
            if difference is not None and indicator.derived:
                movers.append((abs(difference) if points else abs(difference) / 10,
                               indicator, difference, points))
            national = compared.get(code)
            shown_national = None
            label = with_unit(indicator.name, indicator.unit)
            if national and national.national is not None:
                shown_national = _shown(national.national, indicator)
                if national.national_covers_all:
                    label, marked = f"{label}\u00a0*", True
            rows.append([label, _shown(last, indicator), _shown(now, indicator),
                         None if points or difference is None else rounded(difference, 1),
                         rounded(difference, 1) if points and difference is not None
                         else None, shown_national])
        movers.sort(key=lambda m: m[0], reverse=True)
        if movers:
            lines = []
            for _weight, indicator, difference, points in movers[:4]:
                amount = _signed(abs(difference), 1).lstrip("+") + (
                    "\u00a0" + _("pp") if points else "\u00a0%")
                sentence = (_("%(name)s rose by %(change)s.") if difference > 0 else
                            _("%(name)s fell by %(change)s."))
                sentence = sentence % {"name": indicator.name, "change": amount}
                # "… 0,3 proc. p." ends its sentence with the abbreviation's own period
                lines.append("- " + (sentence[:-1] if sentence.endswith("..") else sentence))
            paragraphs = paragraphs + [_("**The largest changes of the year:**") + "\n\n"
                                       + "\n".join(lines)]
        section = Section(heading=_("Summary"), paragraphs=paragraphs, key="summary")
        if rows:
            columns = [Column(_("Indicator")), Column(str(year - 1), "number"),
                       Column(str(year), "number"), Column(_("Change, %"), "decimal", 1),
                       Column(_("Change, pp"), "decimal", 1), Column(_("Lithuania"), "number")]
            if not any(row[4] is not None for row in rows):
                columns.pop(4)
                rows = [row[:4] + row[5:] for row in rows]
            source = self.source(SUMMARY_CODES)
            if marked:
                source += ". " + _("* The figure of Lithuania covers all its libraries.")
            section.tables.append(self.table(
                _("Key figures of the territory's municipal public libraries, %(before)s and "
                  "%(year)s") % {"before": year - 1, "year": year}, columns, rows,
                source=source))
        return section

    def chapter(self, chapter: Chapter) -> list[Section]:
        if chapter.key == "county":
            return self.county_library()
        out = []
        head = Section(heading=str(chapter.title), paragraphs=self.text(chapter.key)
                       if len(chapter.blocks) > 1 else [], key=chapter.key)
        blocks = [b for b in chapter.blocks if self.has_data(b)]
        if not blocks:
            return []
        if chapter.key == "network":
            head.paragraphs = self.text("network")
            self.block_into(head, blocks[0])
            head.tables.append(self.population_table())
            return [head]
        if len(blocks) == 1 and len(chapter.blocks) == 1:
            head.paragraphs = self.text(blocks[0].key)
            self.block_into(head, blocks[0])
            return [head]
        out.append(head)
        for block in blocks:
            section = Section(heading=str(block.title), paragraphs=self.text(block.key)
                              if block.key != chapter.key else [], level=2, key=block.key)
            self.block_into(section, block)
            out.append(section)
        return out

    def has_data(self, block: Block) -> bool:
        data = self.figures_data
        return any(data.get(block.group, "territory", TERRITORY, self.year, c) is not None
                   for c in block.codes if c in data.indicators)

    def block_into(self, section: Section, block: Block) -> None:
        data, year, group = self.figures_data, self.year, block.group
        codes = [c for c in block.codes if c in data.indicators]
        names = data.indicators
        municipalities = data.units(group, "municipality")
        ranks = {}
        if block.rank_by in names:
            known = [(m.key, data.get(group, "municipality", m.key, year, block.rank_by))
                     for m in municipalities]
            known = [(k, v) for k, v in known if v is not None]
            for key, value in known:
                ranks[key] = 1 + sum(1 for _k, other in known if other > value)
        columns = [Column(_("Municipality"))] + [column_for(names[c]) for c in codes]
        if ranks:
            columns.append(Column(_("Place by “%(indicator)s”") % {
                "indicator": names[block.rank_by].name}, "int"))
        rows = []
        for m in municipalities:
            row = [m.name] + [_shown(data.get(group, "municipality", m.key, year, c),
                                     names[c]) for c in codes]
            if ranks:
                row.append(ranks.get(m.key))
            rows.append(row)
        extra = [[_("Territory")] + [_shown(data.get(group, "territory", TERRITORY, year, c),
                                            names[c]) for c in codes]]
        if len(self.counties) > 1:
            for county in data.units(group, "county"):
                extra.append([county.name] + [_shown(data.get(group, "county", county.key,
                                                              year, c), names[c])
                                              for c in codes])
        extra.append([_("Territory, %(year)s") % {"year": year - 1}] + [
            _shown(data.get(group, "territory", TERRITORY, year - 1, c), names[c])
            for c in codes])
        compared = self.compared.get(group, {})
        extra.append([_("Lithuania")] + [_shown(compared[c].national, names[c])
                                         if c in compared else None for c in codes])
        if ranks:
            extra = [row + [None] for row in extra]
        source = self.source(codes, group=group)
        section.tables.append(self.table(block.title, columns, rows + extra, source=source))
        # The territory's change, coverage and place: a table of its own (a column of counts
        # holds counts only).
        changes = []
        for code in codes:
            indicator = names[code]
            now = data.get(group, "territory", TERRITORY, year, code)
            last = data.get(group, "territory", TERRITORY, year - 1, code)
            difference, points = change(now, last, indicator.unit)
            covered = data.coverage(group, "territory", TERRITORY, code)
            places = compared[code].places if code in compared else []
            changes.append([with_unit(indicator.name, indicator.unit), _shown(last, indicator),
                            _shown(now, indicator),
                            None if points or difference is None else rounded(difference, 1),
                            rounded(difference, 1) if points and difference is not None
                            else None,
                            _("%(reported)s of %(total)s") % {"reported": covered[0],
                                                              "total": covered[1]}
                            if covered else "",
                            comparison.place_text(places)])
        change_columns = [Column(_("Indicator")), Column(str(year - 1), "number"),
                          Column(str(year), "number"), Column(_("Change, %"), "decimal", 1),
                          Column(_("Change, pp"), "decimal", 1),
                          Column(_("Reported"))]
        if any(row[-1] for row in changes):
            change_columns.append(Column(_("Place among counties")))
        else:
            changes = [row[:-1] for row in changes]
        if not any(row[5] for row in changes):
            change_columns.pop(5)
            changes = [row[:5] + row[6:] for row in changes]
        section.tables.append(self.table(
            _("%(title)s: the territory against %(year)s") % {"title": block.title,
                                                               "year": year - 1},
            change_columns, changes, source=self.source(codes, group=group, lithuania=False),
            sheet=_("%(name)s – change") % {"name": block.title}))
        for code in block.highlights:
            sentence = self.highlight(group, code)
            if sentence:
                section.facts.append(sentence)
        if block.chart in names:
            indicator = names[block.chart]
            values = [data.get(group, "territory", TERRITORY, y, block.chart)
                      for y in data.years]
            if any(v is not None for v in values):
                section.charts.append(self.chart(
                    _("%(indicator)s in the territory, %(first)s–%(last)s") % {
                        "indicator": indicator.name, "first": data.years[0],
                        "last": data.years[-1]},
                    [str(y) for y in data.years], [(indicator.name, values)],
                    unit=indicator.unit, kind=block.chart_kind,
                    source=self.source([block.chart], group=group, lithuania=False)))
        for code in codes:
            for m in municipalities:
                self.annex_rows.append([with_unit(names[code].name, names[code].unit),
                                        m.name, _shown(data.get(group, "municipality", m.key,
                                                                year - 1, code), names[code]),
                                        _shown(data.get(group, "municipality", m.key, year,
                                                        code), names[code])])

    def highlight(self, group: str, code: str):
        """("Sutelktis", "Didžiausia – Neringos savivaldybėje (97,6 %), mažiausia – …")."""
        data, year = self.figures_data, self.year
        indicator = data.indicators.get(code)
        if indicator is None:
            return None
        ranked = [(m.name, data.get(group, "municipality", m.key, year, code))
                  for m in data.units(group, "municipality")]
        ranked = [(n, v) for n, v in ranked if v is not None]
        if len(ranked) < 2 or len({v for _n, v in ranked}) < 2:
            return None
        high = max(ranked, key=lambda r: r[1])
        low = min(ranked, key=lambda r: r[1])
        return (indicator.name, _("Highest in %(high_place)s (%(high)s), lowest in "
                                  "%(low_place)s (%(low)s).") % {
            "high_place": in_place(high[0]), "high": amount_text(high[1], indicator),
            "low_place": in_place(low[0]), "low": amount_text(low[1], indicator)})

    def population_table(self) -> Table:
        """Residents of each municipality over five years, with the territory's total."""
        data = self.figures_data
        years = data.years
        municipalities = data.units("public", "municipality")
        ids = [m.municipality_id for m in municipalities]
        found = {(m, y): p for m, y, p in MunicipalityPopulation.objects.filter(
            municipality_id__in=ids, year__in=years).values_list("municipality_id", "year",
                                                                   "population")}
        rows = [[m.name] + [found.get((m.municipality_id, y)) for y in years]
                for m in municipalities]
        totals = []
        for y in years:
            known = [found[(m, y)] for m in ids if (m, y) in found]
            totals.append(sum(known) if len(known) == len(ids) and known else None)
        rows.append([_("Territory")] + totals)
        return self.table(_("Population of the municipalities, %(first)s–%(last)s") % {
            "first": years[0], "last": years[-1]},
            [Column(_("Municipality"))] + [Column(str(y), "int") for y in years], rows,
            source=_("State Data Agency (Official Statistics Portal): population at the "
                     "beginning of the year"))

    def county_library(self) -> list[Section]:
        """The county library's own figures for five years, where it reports."""
        library = Library.objects.filter(kind=LibraryKind.COUNTY).order_by("pk").first()
        if library is None:
            return []
        years = self.figures_data.years
        table = primary_table(codes=COUNTY_CODES, years=years, level="library",
                              libraries=Library.objects.filter(pk=library.pk))
        names = {i.code: i for i in Indicator.objects.filter(code__in=COUNTY_CODES)}
        rows = []
        for code in COUNTY_CODES:
            indicator = names.get(code)
            if indicator is None:
                continue
            values = [table.get(library.code, y, code) for y in years]
            if all(v is None for v in values):
                continue
            difference, points = change(values[-1], values[-2], indicator.unit)
            rows.append([with_unit(indicator.name, indicator.unit)]
                        + [_shown(v, indicator) for v in values]
                        + [None if difference is None else rounded(difference, 1)])
        if not rows:
            return []
        section = Section(heading=_("The county library"), paragraphs=self.text("county"),
                          facts=[(_("Library"), library.name)], key="county")
        section.tables.append(self.table(
            _("%(library)s, %(first)s–%(last)s") % {"library": library.name,
                                                    "first": years[0], "last": years[-1]},
            [Column(_("Indicator"))] + [Column(str(y), "number") for y in years]
            + [Column(_("Change, %"), "decimal", 1)], rows,
            source=_("the county library's annual statistical reports")))
        visits = [table.get(library.code, y, "visits") for y in years]
        virtual = [table.get(library.code, y, "visits_virtual") for y in years]
        if any(v is not None for v in visits):
            series = [(names["visits"].name, visits)]
            if any(v is not None for v in virtual):
                series.append((names["visits_virtual"].name, virtual))
            section.charts.append(self.chart(
                _("Visits to %(library)s, %(first)s–%(last)s") % {
                    "library": library.name, "first": years[0], "last": years[-1]},
                [str(y) for y in years], series,
                source=_("the county library's annual statistical reports")))
        return [section]

    def methodology(self) -> list[Section]:
        """The department's methodological work from the metrics other apps declare
        (trainings, consultations, advice on projects) and their annual report chapters;
        left out while the portal recorded none of that work in the year or the year before
        and the department wrote no text for it."""
        from portalas import registry
        from portalas.metrics import Period

        found = [m for function in METHODOLOGICAL for m in registry.metrics(function)]
        chapters = sorted((s for s in registry.annual_report_sections.all()
                           if s.function in METHODOLOGICAL), key=lambda s: s.order)
        if not found and not chapters:
            return []
        rows = []
        for metric in found:
            now = metric.value(Period.year(self.year))
            last = metric.value(Period.year(self.year - 1))
            if isinstance(now, dict) or isinstance(last, dict):
                continue
            if not now and not last:
                continue
            rows.append([metric.label,
                         None if last is None else rounded(last, metric.decimals),
                         None if now is None else rounded(now, metric.decimals), metric.unit])
        written = self.text("methodology")
        if not rows and not written:
            return []
        section = Section(heading=_("Methodological work of the department"), key="methodology",
                          paragraphs=written)
        if rows:
            section.tables.append(self.table(
                _("Methodological work of the department, %(before)s and %(year)s") % {
                    "before": self.year - 1, "year": self.year},
                [Column(_("Indicator")), Column(str(self.year - 1), "number"),
                 Column(str(self.year), "number"), Column(_("Unit"))], rows,
                source=_("the department's records in the portal")))
        out = [section]
        for chapter in chapters:
            for sub in chapter.build(self.year, None):
                sub.level = 2
                out.append(sub)
        return out

    def conclusions(self) -> list[Section]:
        """The department's conclusions; where it has written none, what the figures say:
        the territory against Lithuania and the largest changes."""
        paragraphs = self.text("conclusions")
        data, year = self.figures_data, self.year
        compared = self.compared["public"]
        lines = []
        for code in SUMMARY_CODES:
            indicator = data.indicators.get(code)
            if indicator is None or not indicator.derived:
                continue
            own = data.get("public", "territory", TERRITORY, year, code)
            national = compared.get(code)
            if own is None or national is None or national.national is None:
                continue
            own_shown = rounded(own, indicator.decimals)
            national_shown = rounded(national.national, indicator.decimals)
            sentence = (_("%(name)s in the territory: %(own)s, in Lithuania: %(national)s — "
                          "the territory's figure is higher.") if own_shown > national_shown
                        else _("%(name)s in the territory: %(own)s, in Lithuania: "
                               "%(national)s — the territory's figure is lower.")
                        if own_shown < national_shown else
                        _("%(name)s in the territory: %(own)s, in Lithuania: %(national)s — "
                          "the same."))
            lines.append("- " + sentence % {
                "name": indicator.name, "own": amount_text(own, indicator),
                "national": amount_text(national.national, indicator)
                + ("*" if national.national_covers_all else "")})
        if lines and not paragraphs:
            paragraphs = [_("**What the figures say:**") + "\n\n" + "\n".join(lines)]
        elif lines:
            paragraphs = paragraphs + ["\n".join(lines)]
        if any("*" in line for line in lines):
            # (escaped: a line starting "* " would be a Markdown list)
            paragraphs.append("\\" + _("* The figure of Lithuania covers all its libraries."))
        if not paragraphs:
            return []
        return [Section(heading=_("Conclusions"), paragraphs=paragraphs, key="conclusions")]

    def annex(self) -> list[Section]:
        """The formulas of the ratios printed and the sources; every indicator by
        municipality in the XLSX only."""
        names = self.figures_data.indicators
        rows = []
        for code in sorted_lt((c for c in self.formulas if c in names),
                              key=lambda c: names[c].name):
            rows.append([names[code].name, formula_in_words(self.formulas[code].expression),
                         names[code].unit, str(self.formulas[code].valid_from)])
        section = Section(heading=_("Annex: formulas and sources"), key="annex")
        section.tables.append(self.table(
            _("Formulas of the ratios"), [Column(_("Indicator")), Column(_("Formula")),
                                          Column(_("Unit")), Column(_("Valid from"))],
            rows, source=_("the indicator catalogue of the portal")))
        national = sorted({s for s in NationalFigure.objects.filter(
            year__in=[self.year - 1, self.year]).values_list("source", flat=True) if s})
        sources = [_("Annual statistical reports of the libraries (forms approved by the "
                     "Minister of Culture, order No. ĮV-948 of 7 December 2023; earlier years "
                     "by order No. ĮV-695)."),
                   _("Population: State Data Agency, Official Statistics Portal "
                     "(osp.stat.gov.lt)."),
                   _("Definitions: ISO 2789:2022 International library statistics; ISO 11620 "
                     "Library performance indicators.")]
        sources += [_("Lithuania: %(source)s") % {"source": s} for s in national]
        section.paragraphs = ["\n".join(f"- {s}" for s in sources),
                              _("Ratios of a group (a municipality, a county, the territory) "
                                "are the sum of the numerators over the sum of the "
                                "denominators of the units that reported both; the table of "
                                "changes says how many did. Changes of percentages are in "
                                "percentage points. Places: 1 is the highest value.")]
        section.tables.append(self.table(
            _("Every indicator by municipality"),
            [Column(_("Indicator")), Column(_("Municipality")),
             Column(str(self.year - 1), "number"), Column(str(self.year), "number")],
            self.annex_rows, source=self.source(), paper=False))
        return [section]


def formula_in_words(expression: str) -> str:
    """ "users_registered / population_served * 100" → "Registruoti vartotojai ÷
    Aptarnaujami gyventojai × 100"."""
    import re

    names = dict(Indicator.objects.values_list("code", "name_lt")) if (
        get_language() or "lt").startswith("lt") else {
        i.code: i.name for i in Indicator.objects.all()}
    text = re.sub(r"[a-z_][a-z0-9_]*", lambda m: names.get(m.group(0), m.group(0)),
                  expression)
    return text.replace("/", "÷").replace("*", "×")


def _number(value) -> str:
    from ataskaitos.renderers import display

    return display(value, Column("", "int"))


def _signed(value, decimals: int) -> str:
    from ataskaitos.renderers import display

    text = display(rounded(value, decimals), Column("", "decimal", decimals))
    return text if text.startswith(("-", "−")) or Decimal(value) <= 0 else f"+{text}"


def regional_analysis(*, year: int, progress=lambda p: None) -> Document:
    return Builder(year, progress).build()
