"""Writing published figures: one national or county figure as staff type it, or a file of
them (``level, county, indicator_code, year, library_type, value, source``) checked row by
row before anything is stored. A figure for the same indicator, year, library type (and
county) is replaced."""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from portalas.tables import TableError, as_decimal, as_int, as_text, read_table
from statistika.models import (
    CountyFigure,
    Indicator,
    LibraryType,
    LithuanianCounty,
    NationalFigure,
)
from statistika.selectors.figures import county_of
from statistika.services.catalogue import ImportError_, PreviewResult, cell_where, normalize_name

logger = logging.getLogger("regionas.statistics")

COLUMNS = ["level", "county", "indicator_code", "year", "library_type", "value", "source"]
REQUIRED = ["level", "indicator_code", "year", "value"]
LEVELS = {"national": "national", "county": "county", "salis": "national",
          "apskritis": "county"}
@transaction.atomic
def set_national_figure(*, indicator: Indicator, year: int, value: Decimal,
                        library_type: str = LibraryType.ALL, source: str = "") -> NationalFigure:
    figure, _created = NationalFigure.objects.update_or_create(
        indicator=indicator, year=year, library_type=library_type,
        defaults={"value": value, "source": source})
    return figure


@transaction.atomic
def set_county_figure(*, county: str, indicator: Indicator, year: int, value: Decimal,
                      library_type: str = LibraryType.PUBLIC, source: str = "") -> CountyFigure:
    figure, _created = CountyFigure.objects.update_or_create(
        county=county, indicator=indicator, year=year, library_type=library_type,
        defaults={"value": value, "source": source})
    return figure


@dataclass
class FigureRow:
    level: str
    county: str
    indicator: Indicator
    year: int
    library_type: str
    value: Decimal
    source: str
    old: Decimal | None = None
    row: int | None = None

    @property
    def status(self) -> str:
        if self.old is None:
            return "new"
        return "unchanged" if self.old == self.value else "changed"

    @property
    def county_label(self) -> str:
        return LithuanianCounty(self.county).label if self.county else ""

    @property
    def library_type_label(self) -> str:
        return LibraryType(self.library_type).label


class FigureImportResult(PreviewResult):
    """The rows of the file, checked; stored only when every one is right."""


def import_figures(*, data: bytes, dry_run: bool = False, by=None) -> FigureImportResult:
    """Check every row of a figures file; store them all (unless ``dry_run``) only when
    every row is right."""
    result = FigureImportResult(dry_run=dry_run)
    try:
        table = read_table(data)[0]
    except TableError as error:
        result.errors.append(ImportError_(_("file"), str(error)))
        return result
    missing = [column for column in REQUIRED if column not in table.header]
    if missing:
        result.errors.append(ImportError_(_("header"), _(
            "The file needs the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)}))
        return result
    indicators = {i.code: i for i in Indicator.objects.all()}
    national = {(i, y, t): v for i, y, t, v in NationalFigure.objects.values_list(
        "indicator_id", "year", "library_type", "value")}
    county = {(c, i, y, t): v for c, i, y, t, v in CountyFigure.objects.values_list(
        "county", "indicator_id", "year", "library_type", "value")}
    seen: dict[tuple, int] = {}

    def fail(number, column, message):
        result.errors.append(ImportError_(cell_where(number, column), str(message), number))

    for number, row in table.rows:
        if len(result.errors) >= 500:
            break
        try:
            level_text = as_text(row.get("level")).lower()
            county_text = as_text(row.get("county"))
            code = as_text(row.get("indicator_code"))
            type_text = as_text(row.get("library_type")).lower()
            source = as_text(row.get("source"))
        except ValueError as error:
            fail(number, "", error)
            continue
        level = LEVELS.get(normalize_name(level_text))
        if level is None:
            fail(number, "level", _("expected “national” or “county”, got “%(value)s”")
                 % {"value": level_text[:40]})
            continue
        county_code = ""
        if level == "county":
            county_code = county_of(county_text)
            if county_code is None:
                fail(number, "county", _("no county “%(value)s”; use one of %(counties)s")
                     % {"value": county_text[:60], "counties": ", ".join(LithuanianCounty.values)})
                continue
        elif county_text:
            fail(number, "county", _("a national figure has no county"))
            continue
        indicator = indicators.get(code)
        if indicator is None:
            fail(number, "indicator_code", _("unknown indicator code “%(code)s”")
                 % {"code": code[:60]})
            continue
        try:
            year = as_int(row.get("year"))
        except ValueError:
            year = None
        if year is None or not 1990 <= year <= 2100:
            fail(number, "year", _("expected a year between 1990 and 2100"))
            continue
        library_type = type_text or (LibraryType.ALL if level == "national"
                                     else LibraryType.PUBLIC)
        if library_type not in LibraryType.values:
            fail(number, "library_type", _("expected one of %(types)s, got “%(value)s”")
                 % {"types": ", ".join(LibraryType.values), "value": type_text[:40]})
            continue
        try:
            value = as_decimal(row.get("value"))
        except ValueError as error:
            fail(number, "value", error)
            continue
        if value is None:
            fail(number, "value", _("the value is empty"))
            continue
        if len(source) > 255:
            fail(number, "source", _("the source is longer than 255 characters"))
            continue
        key = (level, county_code, indicator.pk, year, library_type)
        if key in seen:
            fail(number, "value", _("the same figure is in row %(row)s too")
                 % {"row": seen[key]})
            continue
        seen[key] = number
        old = (national.get((indicator.pk, year, library_type)) if level == "national"
               else county.get((county_code, indicator.pk, year, library_type)))
        result.rows.append(FigureRow(level, county_code, indicator, year, library_type, value,
                                     source, old, number))
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for item in result.rows:
            if item.level == "national":
                set_national_figure(indicator=item.indicator, year=item.year,
                                    library_type=item.library_type, value=item.value,
                                    source=item.source)
            else:
                set_county_figure(county=item.county, indicator=item.indicator,
                                  year=item.year, library_type=item.library_type,
                                  value=item.value, source=item.source)
    logger.info("figures: %s new, %s changed, %s unchanged by user %s", result.created,
                result.changed, result.unchanged, getattr(by, "pk", None))
    return result
