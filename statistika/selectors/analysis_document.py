"""The regional analysis (function 4.2) and the one-page library profile, as documents for
the report engine. Numbers come from the value and dashboard selectors; the narrative is
the department's, per section and year (written by ``services.analysis.save_narrative``)."""


from django.utils import timezone
from django.utils.translation import gettext as _

from ataskaitos.document import Chart, Column, Document, Section, Table
from bibliotekos.models import Library
from portalas.numbers import rounded
from statistika.models import Indicator, Narrative
from statistika.models import Section as Section_
from statistika.selectors import analysis
from statistika.selectors.values import derived_table, key_figures, primary_table

# The analysis's chapters: catalogue sections with the derived indicators that read them.
CHAPTERS = [
    ("network", ["outlets_central", "outlets_city", "outlets_rural", "outlets_service_points",
                 "outlets_mobile"], []),
    ("users", ["users_registered", "users_children", "users_new"], ["penetration_pct"]),
    ("visits", ["visits", "visits_children", "visits_virtual"],
     ["visits_per_user", "visits_per_resident"]),
    ("collection", ["collection_items", "acquired_items", "withdrawn_items"],
     ["items_per_resident", "renewal_pct", "withdrawal_pct"]),
    ("loans", ["loans", "loans_children", "downloads"],
     ["loans_per_user", "loans_per_resident", "collection_turnover"]),
    ("events", ["events", "event_attendance", "exhibitions"], []),
    ("staff", ["staff", "staff_professional", "staff_fte"], ["professional_share_pct"]),
    ("technology", ["computers_public", "computers_internet"], []),
    ("finance", ["income_total", "expenses_total", "expenses_acquisitions"], []),
]


def narratives(year: int) -> dict[str, Narrative]:
    latest = {}
    for narrative in Narrative.objects.filter(year=year).order_by("section", "-version"):
        latest.setdefault(narrative.section, narrative)
    return latest


def _shown(value, indicator):
    return rounded(value, indicator.decimals if indicator else 0)


def regional_analysis(*, year: int, progress=lambda p: None) -> Document:
    years = list(range(year - 4, year + 1))
    all_primary = [c for _s, primary, _d in CHAPTERS for c in primary]
    all_derived = [c for _s, _p, derived in CHAPTERS for c in derived]
    names = analysis.indicators(all_primary + all_derived)
    sections_by_code = {s.code: s for s in Section_.objects.all()}
    inputs = primary_table(codes=set(all_primary) | analysis._formula_inputs(all_derived,
                                                                             years),
                           years=years, level="municipality")
    derived = derived_table(codes=all_derived, years=years, level="municipality",
                            inputs=inputs)
    territory = primary_table(codes=set(all_primary) | analysis._formula_inputs(all_derived,
                                                                                years),
                              years=years, level="territory")
    territory_derived = derived_table(codes=all_derived, years=years, level="territory",
                                      inputs=territory)
    progress(30)
    texts = narratives(year)
    derived_set = set(all_derived)

    def value(unit, y, c):
        if c in derived_set:
            table = derived if unit != "territory" else territory_derived
        else:
            table = inputs if unit != "territory" else territory
        return table.get(unit, y, c)

    municipalities = sorted(inputs.units.values(), key=lambda u: u.name)
    document = Document(title=_("Activity of the territory's libraries in %(year)s")
                        % {"year": year},
                        subtitle=_("Analytical report · prepared %(date)s")
                        % {"date": timezone.localdate().isoformat()},
                        filename=f"regionine-analize-{year}", title_page=True)
    annex_rows = []
    for number, (code, primary, derived_codes) in enumerate(CHAPTERS, start=1):
        chapter = sections_by_code.get(code)
        heading = f"{number}. {chapter.name if chapter else code}"
        codes = [c for c in primary + derived_codes if c in names]
        if not codes:
            continue

        columns = [Column(_("Municipality"))] + [
            Column(f"{names[c].name}" + (f", {names[c].unit}" if names[c].unit else ""),
                   "number") for c in codes]
        rows = [[m.name] + [_shown(value(m.key, year, c), names[c]) for c in codes]
                for m in municipalities]
        rows.append([_("Territory")] + [_shown(value("territory", year, c), names[c])
                                        for c in codes])
        rows.append([_("Territory, %(year)s") % {"year": year - 1}] +
                    [_shown(value("territory", year - 1, c), names[c]) for c in codes])
        rows.append([_("Change, %")] + [_shown(analysis.change_pct(
            value("territory", year, c), value("territory", year - 1, c)),
            Indicator(decimals=1)) for c in codes])
        main = (derived_codes or primary)[0]
        ranked = [(m.name, value(m.key, year, main)) for m in municipalities
                  if value(m.key, year, main) is not None]
        facts = []
        if ranked and main in names and len({v for _n, v in ranked}) > 1:
            high = max(ranked, key=lambda r: r[1])
            low = min(ranked, key=lambda r: r[1])
            facts = [(_("Highest: %(name)s") % {"name": names[main].name},
                      f"{high[0]} ({_display(_shown(high[1], names[main]))})"),
                     (_("Lowest: %(name)s") % {"name": names[main].name},
                      f"{low[0]} ({_display(_shown(low[1], names[main]))})")]
        chart_code = "outlets_rural" if code == "network" else (
            primary[0] if primary[0] in names else main)
        chart = Chart(title=names[chart_code].name, categories=[str(y) for y in years],
                      series=[(names[chart_code].name,
                               [value("territory", y, chart_code) for y in years])],
                      unit=names[chart_code].unit, kind="bar" if code == "network" else "line")
        narrative = texts.get(code)
        document.sections.append(Section(
            heading=heading, paragraphs=[narrative.text] if narrative and narrative.text
            else [], facts=facts, charts=[chart],
            tables=[Table(chapter.name[:31] if chapter else code, columns, rows)]))
        for c in codes:
            for m in municipalities:
                annex_rows.append([names[c].name, m.name, _shown(value(m.key, year - 1, c),
                                                                  names[c]),
                                   _shown(value(m.key, year, c), names[c])])
        progress(30 + number * 5)
    document.sections.append(Section(heading=_("Annex: indicators by municipality"), tables=[
        Table(_("Annex"), [Column(_("Indicator")), Column(_("Municipality")),
                           Column(str(year - 1), "number"), Column(str(year), "number")],
              annex_rows)]))
    return document


def _display(value) -> str:
    from ataskaitos.renderers import display

    return display(value, Column("", "number"))


def library_profile(*, library: Library, year: int, user) -> Document:
    """One page: key figures for five years, their trend, and where the library stands among
    the territory's libraries of the same kind (no other library is named)."""
    years = list(range(year - 4, year + 1))
    figures = key_figures(library, user=user, years=years,
                          primary_codes=["users_registered", "visits", "loans", "events"],
                          derived_codes=["loans_per_user", "visits_per_user",
                                         "penetration_pct"])
    rows, positions = [], []
    for row in figures.rows:
        indicator = row["indicator"]
        rows.append([indicator.name] + [_shown(v, indicator) for v in row["values"]])
        band = analysis.peer_distribution(year, library.kind, row["code"])
        own = row["values"][-1]
        if band and own is not None:
            place = (_("in the top tenth") if own >= band["p90"] else
                     _("above the median") if own >= band["p50"] else
                     _("in the bottom tenth") if own <= band["p10"] else
                     _("below the median"))
            positions.append((indicator.name, f"{_display(_shown(own, indicator))} — "
                              f"{place} ({_('median')} {_display(_shown(band['p50'], indicator))}"
                              f", {band['count']} {_('libraries')})"))
    chart = Chart(title=_("Visits and loans"), categories=[str(y) for y in years],
                  series=[(row["indicator"].name, row["values"]) for row in figures.rows
                          if row["code"] in ("visits", "loans")])
    facts = [(_("Kind"), library.get_kind_display()),
             (_("Municipality"), library.municipality or "–")]
    return Document(title=library.name, subtitle=_("Library profile %(year)s")
                    % {"year": year}, filename=f"profilis-{library.code}-{year}", sections=[
        Section(heading=_("Key figures"), facts=facts, charts=[chart], tables=[Table(
            str(year), [Column(_("Indicator"))] + [Column(str(y), "number") for y in years],
            rows)]),
        Section(heading=_("Among libraries of the same kind"), facts=positions)])
