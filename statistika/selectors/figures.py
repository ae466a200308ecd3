"""Published figures the territory is compared with: Lithuania's (``NationalFigure``) and the
other counties' (``CountyFigure``), each for all libraries or one type of them. LNB's
"6,0 visits per resident" covers all libraries, a territory's own figure its municipal ones:
ask for the type that matches what is compared."""

from decimal import Decimal

from statistika.models import CountyFigure, LibraryType, LithuanianCounty, NationalFigure


def national_value(code: str, year: int, library_type: str = LibraryType.ALL) -> Decimal | None:
    """The national figure of an indicator for a year and library type; None if not entered."""
    return (NationalFigure.objects
            .filter(indicator__code=code, year=year, library_type=library_type)
            .values_list("value", flat=True).first())


def national_values(codes, year: int, prefer=(LibraryType.PUBLIC, LibraryType.ALL)) -> dict:
    """{code: (value, library type)} in one query: for each code the first library type of
    ``prefer`` that has a figure (a comparison of public libraries takes LNB's public figure
    and falls back to the all-libraries one)."""
    found: dict[str, dict[str, Decimal]] = {}
    for code, library_type, value in (NationalFigure.objects
                                      .filter(indicator__code__in=list(codes), year=year,
                                              library_type__in=list(prefer))
                                      .values_list("indicator__code", "library_type", "value")):
        found.setdefault(code, {})[library_type] = value
    chosen = {}
    for code, by_type in found.items():
        library_type = next(t for t in prefer if t in by_type)
        chosen[code] = (by_type[library_type], library_type)
    return chosen


def county_values(code: str, year: int,
                  library_type: str = LibraryType.PUBLIC) -> dict[str, Decimal]:
    """{county code: value} of the counties that have a figure, in the counties' order."""
    values = dict(CountyFigure.objects
                  .filter(indicator__code=code, year=year, library_type=library_type)
                  .values_list("county", "value"))
    return {county: values[county] for county in LithuanianCounty.values if county in values}


# Counties as sources write them: the code, the Lithuanian genitive ("Klaipėdos apskr.") or
# the English name, compared without case or diacritics.
COUNTY_WORDS = {
    "alytaus": LithuanianCounty.ALYTUS, "kauno": LithuanianCounty.KAUNAS,
    "klaipedos": LithuanianCounty.KLAIPEDA, "marijampoles": LithuanianCounty.MARIJAMPOLE,
    "panevezio": LithuanianCounty.PANEVEZYS, "siauliu": LithuanianCounty.SIAULIAI,
    "taurages": LithuanianCounty.TAURAGE, "telsiu": LithuanianCounty.TELSIAI,
    "utenos": LithuanianCounty.UTENA, "vilniaus": LithuanianCounty.VILNIUS,
    **{county.value: county for county in LithuanianCounty},
}


def county_of(text: str) -> str | None:
    """The county code of a name as sources write it ("Klaipėdos apskritis", "Kaunas
    County", "siauliai"), or None; also maps the registry's counties onto the ten."""
    from statistika.services.catalogue import normalize_name

    words = normalize_name(text).split()
    return COUNTY_WORDS[words[0]].value if words and words[0] in COUNTY_WORDS else None


def figure_lists():
    """Both lists for the national figures page, newest first."""
    national = (NationalFigure.objects.select_related("indicator")
                .order_by("-year", "indicator__section__order", "indicator__order",
                          "library_type"))
    counties = (CountyFigure.objects.select_related("indicator")
                .order_by("-year", "indicator__section__order", "indicator__order", "county",
                          "library_type"))
    return list(national), list(counties)
