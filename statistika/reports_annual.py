"""The statistics' parts of the Library's annual activity report (``planavimas``), declared
in the registry so the report never imports this app:

- ``statistika.collection`` (charter function 1.1): the year's statistics collection —
  the libraries expected to report, how many submitted, were accepted, accepted on time
  and handed on to LNB, by municipality; left out for a year without a campaign;
- ``statistika.key_indicators`` (an annex): the key indicators of the territory's public
  libraries by municipality, with the territory's own figures; left out for a year
  without statistics."""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ataskaitos.document import Column, Section, Table, with_unit
from portalas.numbers import rounded
from portalas.ordering import sorted_lt
from portalas.registry import annual_report_section
from statistika.models import Campaign, Submission, SubmissionStatus

__all__ = ["ANNEX_CODES", "collection_chapter", "collection_counts", "key_indicators_annex"]

SUBMITTED = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED, SubmissionStatus.HANDED_ON)
ACCEPTED = (SubmissionStatus.ACCEPTED, SubmissionStatus.HANDED_ON)
#: The annex's columns: counts, then the ratios municipalities are compared on.
ANNEX_CODES = ["users_registered", "visits", "loans", "events", "penetration_pct",
               "visits_per_resident", "loans_per_user"]


def _count(value) -> str:
    return formats.number_format(value or 0, decimal_pos=0, use_l10n=True, force_grouping=True)


def collection_counts(year: int) -> list[dict]:
    """Per municipality (None: a library outside every municipality) the reports expected
    in the year's campaign, submitted, accepted, accepted on time (submitted by the
    deadline, an extension counted) and handed on to LNB — one query."""
    on_time = Q(status__in=ACCEPTED, submitted_at__isnull=False,
                submitted_at__lte=Coalesce(F("extended_until"), F("campaign__deadline")))
    return list(Submission.objects.filter(campaign__year=year).order_by()
                .values(municipality=F("library__municipality__name"))
                .annotate(expected=Count("pk"),
                          submitted=Count("pk", filter=Q(status__in=SUBMITTED)),
                          accepted=Count("pk", filter=Q(status__in=ACCEPTED)),
                          on_time=Count("pk", filter=on_time),
                          handed_on=Count("pk", filter=Q(status=SubmissionStatus.HANDED_ON))))


@annual_report_section("statistika.collection", title=gettext_lazy(
    "Collection of the libraries' statistics"), function="1.1", order=10)
def collection_chapter(year: int, user=None) -> list[Section]:
    """The year's statistics campaign: who was to report and how far the reports went."""
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is None:
        return []
    counts = collection_counts(year)
    rows = sorted_lt((r for r in counts if r["municipality"]), key=lambda r: r["municipality"]) \
        + [r for r in counts if not r["municipality"]]
    keys = ("expected", "submitted", "accepted", "on_time", "handed_on")
    total = {key: sum(row[key] for row in rows) for key in keys}
    text = _("The annual statistics for %(year)s (deadline %(deadline)s) — libraries "
             "expected to report: %(expected)s; reports submitted: %(submitted)s; accepted: "
             "%(accepted)s, of them on time: %(on_time)s; handed on to the National Library "
             "(LNB): %(handed_on)s.") % {
        "year": year, "deadline": timezone.localdate(campaign.deadline).isoformat(),
        **{key: _count(value) for key, value in total.items()}}
    columns = [Column(_("Municipality")), Column(_("Expected"), "int"),
               Column(_("Submitted"), "int"), Column(_("Accepted"), "int"),
               Column(_("Accepted on time"), "int"), Column(_("Handed on to LNB"), "int")]
    table = Table(_("Statistics reports by municipality, %(year)s") % {"year": year}, columns,
                  [[row["municipality"] or _("Other libraries")] + [row[k] for k in keys]
                   for row in rows] + [[_("Total")] + [total[k] for k in keys]],
                  source=_("the statistics reports in the portal"))
    return [Section(
        heading=str(_("Collection of the libraries' statistics")), paragraphs=[text],
        facts=[(_("Libraries expected to report"), total["expected"]),
               (_("Reports submitted"), total["submitted"]),
               (_("Reports accepted"), total["accepted"]),
               (_("Accepted on time"), total["on_time"]),
               (_("Handed on to LNB"), total["handed_on"])],
        tables=[table], key="statistika.collection")]


@annual_report_section("statistika.key_indicators", title=gettext_lazy(
    "Key indicators of the territory's libraries"), function="4.1", order=20, annex=True)
def key_indicators_annex(year: int, user=None) -> list[Section]:
    """The territory's public libraries by municipality: users, visits, loans, events and
    the ratios, with the territory's line (each ratio the sum over the sum)."""
    from statistika.selectors import analysis

    table = analysis.unit_table(year, "municipality", codes_primary=ANNEX_CODES[:4],
                                codes_derived=ANNEX_CODES[4:])
    rows = [r for r in table["rows"]
            if any(r["values"].get(code) is not None for code in ANNEX_CODES)]
    if not rows:
        return []
    names = analysis.indicators(ANNEX_CODES)
    codes = [code for code in ANNEX_CODES if code in names]

    def shown(values, code):
        return rounded(values.get(code), names[code].decimals)

    overview = {row["code"]: row["value"] for row in analysis.territory_overview(year)["rows"]}
    body = [[row["unit"].name] + [shown(row["values"], code) for code in codes]
            for row in sorted_lt(rows, key=lambda r: r["unit"].name)]
    body.append([_("Territory")] + [shown(overview, code) for code in codes])
    columns = [Column(_("Municipality"))] + [
        Column(with_unit(names[code].name, names[code].unit), "number") for code in codes]
    return [Section(
        heading=str(_("Key indicators of the territory's libraries")),
        paragraphs=[_("The municipal public libraries' figures for %(year)s; a ratio of the "
                      "territory is the sum of its numerators over the sum of its "
                      "denominators.") % {"year": year}],
        tables=[Table(_("Key indicators by municipality, %(year)s") % {"year": year},
                      columns, body, source=_("the libraries' annual statistical reports"))],
        key="statistika.key_indicators")]
