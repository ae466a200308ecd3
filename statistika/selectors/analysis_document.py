"""The regional analysis (function 4.2) and the one-page library profile, as documents for
the report engine. Numbers come from the value and dashboard selectors; the narrative is
the department's, per section and year (written by ``services.analysis.save_narrative``).

Every sentence is one translatable string with named parts, so a language can order and
inflect them: in Lithuanian a place "in" a municipality takes the locative ("Neringos
savivaldybėje"), counts take their plural forms ("11 bibliotekų")."""


from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from ataskaitos.document import Chart, Column, Document, Section, Table, locative, with_unit
from bibliotekos.models import Library
from portalas.numbers import rounded
from statistika.models import Narrative
from statistika.selectors import analysis
from statistika.selectors.values import key_figures


def narratives(year: int) -> dict[str, Narrative]:
    latest = {}
    for narrative in Narrative.objects.filter(year=year).order_by("section", "-version"):
        latest.setdefault(narrative.section, narrative)
    return latest


def _shown(value, indicator):
    return rounded(value, indicator.decimals if indicator else 0)


def column_for(indicator) -> Column:
    """A column of one indicator: a whole count as ``int``, a ratio or share with the
    indicator's decimals; the label carries the unit once."""
    label = with_unit(indicator.name, indicator.unit)
    if indicator.decimals:
        return Column(label, "decimal", indicator.decimals)
    return Column(label, "int")


def _figure(value, indicator) -> str:
    """A value rounded and written as the indicator's column shows it ("97,6", "1 112")."""
    from ataskaitos.renderers import display

    return display(_shown(value, indicator), column_for(indicator))


def amount_text(value, indicator) -> str:
    """A value as a sentence prints it, with its unit ("97,6 %", "1 112 vnt."), kept on one
    line."""
    text = _figure(value, indicator)
    unit = indicator.unit.replace(" ", "\u00a0")
    return f"{text}\u00a0{unit}" if unit else text


def in_place(name: str) -> str:
    """A place's name after "in": the locative in Lithuanian ("Neringos savivaldybėje"), the
    name as it is otherwise (and where the locative is not known)."""
    if (get_language() or "").startswith("lt"):
        return locative(name) or name
    return name


def regional_analysis(*, year: int, progress=lambda p: None) -> Document:
    """The regional analysis of ``year`` (built by ``regional_analysis.Builder``)."""
    from statistika.selectors.regional_analysis import Builder

    return Builder(year, progress).build()


def _position(own, band) -> str:
    """Where a value stands among the peers' percentiles, as the end of a sentence."""
    if own >= band["p90"] and own > band["p50"]:
        return pgettext("among peers", "in the top tenth")
    if own <= band["p10"] and own < band["p50"]:
        return pgettext("among peers", "in the bottom tenth")
    if own > band["p50"]:
        return pgettext("among peers", "above the median")
    if own < band["p50"]:
        return pgettext("among peers", "below the median")
    return pgettext("among peers", "at the median")


def libraries(count: int) -> str:
    """"1 library", "11 libraries": in Lithuanian "1 biblioteka", "2 bibliotekos",
    "11 bibliotekų", "21 biblioteka"."""
    return ngettext("%(count)s library", "%(count)s libraries", count) % {"count": count}


def library_profile(*, library: Library, year: int, user) -> Document:
    """One page: key figures for five years, their trend, and where the library stands among
    the territory's libraries of the same kind (no other library is named)."""
    years = list(range(year - 4, year + 1))
    figures = key_figures(library, user=user, years=years,
                          primary_codes=["users_registered", "visits", "loans", "events"],
                          derived_codes=["loans_per_user", "visits_per_user",
                                         "penetration_pct"])
    rows, placed = [], []
    for row in figures.rows:
        indicator = row["indicator"]
        # Rows of different indicators: each value rounded to its indicator's decimals.
        rows.append([with_unit(indicator.name, indicator.unit)]
                    + [_shown(v, indicator) for v in row["values"]])
        band = analysis.peer_distribution(year, library.kind, row["code"])
        own = row["values"][-1]
        if band and own is not None:
            placed.append((indicator, own, band))
    # The group's size once when every indicator compares the same libraries (the usual
    # case), else in each sentence.
    sizes = {band["count"] for _i, _o, band in placed}
    positions = []
    for indicator, own, band in placed:
        parts = {"value": _figure(own, indicator), "position": _position(own, band),
                 "median": _figure(band["p50"], indicator),
                 "libraries": libraries(band["count"])}
        sentence = (_("%(value)s – %(position)s (median %(median)s)") % parts
                    if len(sizes) == 1 else
                    _("%(value)s – %(position)s (median %(median)s; %(libraries)s in all)")
                    % parts)
        positions.append((with_unit(indicator.name, indicator.unit), sentence))
    if len(sizes) == 1:
        positions.append((_("Size of the group"), libraries(sizes.pop())))
    chart = Chart(title=_("Visits and loans"), categories=[str(y) for y in years],
                  series=[(row["indicator"].name, row["values"]) for row in figures.rows
                          if row["code"] in ("visits", "loans")])
    facts = [(_("Kind"), library.get_kind_display()),
             (_("Municipality"), library.municipality or "–")]
    return Document(title=library.name, subtitle=_("Library profile %(year)s")
                    % {"year": year}, filename=f"profilis-{library.code}-{year}", sections=[
        Section(heading=_("Key figures"), facts=facts, charts=[chart], tables=[Table(
            f"{years[0]}–{years[-1]}", [Column(_("Indicator"))]
            + [Column(str(y), "number") for y in years], rows)]),
        Section(heading=_("Among libraries of the same kind"), facts=positions)])
