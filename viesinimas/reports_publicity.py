"""Figures, metrics, the year's log and summary document, and the annual report's section of
the publicity log (charter function 5.1, publicity of the department and the libraries).

Everything counts from ``publications()`` and ``figures()`` below, so the overview page,
the metrics, the documents and the annual report cannot disagree. A page or a document
counts what its user may see (``Publication.objects.visible_to``); a metric every entry.

Scope: the territory counts every publication; a municipality those about one of its
libraries; a library those about it or one of its outlets. A publication about two
libraries counts once in a total, and once for each library in the table by library."""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ataskaitos.document import Column, Document, Rows, Section, Table
from bibliotekos.models import Library, Municipality
from bibliotekos.selectors import scope_library_ids
from portalas.forms import ReportParamsForm, ScopedChoiceField, YearField
from portalas.metrics import Period, Scope
from portalas.ordering import sorted_lt
from portalas.registry import annual_report_section, register_metric, report_kind
from viesinimas import services_publicity as services
from viesinimas.models import Publication, PublicationChannel, own_library_ids

__all__: list[str] = []

LINKS = Publication.libraries.through


# --- what is counted ---------------------------------------------------------------------------


def publications(period: Period, scope: Scope | None = None, *, base=None):
    """Publications that appeared in the period, about the scope."""
    records = Publication.objects.all() if base is None else base
    records = records.filter(published_on__range=(period.start, period.end))
    ids = scope_library_ids(scope)
    if ids is None:
        return records
    return records.filter(pk__in=LINKS.objects.filter(library_id__in=ids)
                          .values("publication_id"))


def by_channel(records) -> list[dict]:
    """Every channel in its order (none left out, so the charts compare like with like).
    Here and below ``reach`` is the sum of the known reaches, None when none is known."""
    found = {r["channel"]: r for r in records.order_by().values("channel").annotate(
        count=Count("pk"), total_reach=Sum("reach"))}
    return [{"value": channel.value, "label": channel.label,
             "count": found.get(channel.value, {}).get("count", 0),
             "reach": found.get(channel.value, {}).get("total_reach")}
            for channel in PublicationChannel]


def by_month(records, year: int) -> list[dict]:
    """The twelve months of ``year`` (those without publications too)."""
    found = {r["month"]: r for r in records.filter(published_on__year=year).order_by()
             .annotate(month=ExtractMonth("published_on")).values("month")
             .annotate(count=Count("pk"), total_reach=Sum("reach"))}
    return [{"month": month, "start": date(year, month, 1),
             "end": date(year, month, monthrange(year, month)[1]),
             "count": found.get(month, {}).get("count", 0),
             "reach": found.get(month, {}).get("total_reach")} for month in range(1, 13)]


def by_library(records, only: set[int] | None = None) -> list[dict]:
    """Per library a publication is about (``only``: these libraries), most first."""
    links = LINKS.objects.filter(publication__in=records.order_by().values("pk"))
    if only is not None:
        links = links.filter(library_id__in=only)
    rows = [{"pk": r["library_id"], "name": r["library__name"], "code": r["library__code"],
             "municipality": r["library__municipality__name"] or "", "count": r["count"],
             "reach": r["total_reach"]}
            for r in links.values("library_id", "library__name", "library__code",
                                  "library__municipality__name")
            .annotate(count=Count("publication_id"), total_reach=Sum("publication__reach"))]
    rows = sorted_lt(rows, key=lambda r: r["name"])
    rows.sort(key=lambda r: -r["count"])
    return rows


def by_municipality(records, only: set[int] | None = None) -> list[dict]:
    """Per municipality: the publications about any of its libraries (each once)."""
    links = LINKS.objects.filter(publication__in=records.order_by().values("pk"))
    if only is not None:
        links = links.filter(library_id__in=only)
    rows = [{"pk": r["library__municipality_id"], "name": r["library__municipality__name"] or "",
             "count": r["count"]}
            for r in links.values("library__municipality_id", "library__municipality__name")
            .annotate(count=Count("publication_id", distinct=True))]
    return (sorted_lt([r for r in rows if r["pk"]], key=lambda r: r["name"])
            + [r for r in rows if not r["pk"]])


@dataclass
class Figures:
    """What the overview page and the summary document show for a period and a scope, as
    one user may see it (or every entry, for the annual report)."""

    period: Period
    totals: dict = field(default_factory=dict)
    channels: list = field(default_factory=list)
    months: list = field(default_factory=list)
    libraries: list = field(default_factory=list)
    municipalities: list = field(default_factory=list)


def figures(period: Period, scope: Scope | None = None, *, user=None) -> Figures:
    """The totals and tables for the period and the scope: what ``user`` may see, or every
    entry when ``user`` is None. A fixed number of queries whatever the data."""
    base = None if user is None else Publication.objects.visible_to(user)
    records = publications(period, scope, base=base)
    only = scope_library_ids(scope)
    if user is not None and not user.sees_whole_territory:
        mine = set(own_library_ids(user))
        only = mine if only is None else only & mine
    summed = records.order_by().aggregate(
        count=Count("pk"), total_reach=Sum("reach"), with_reach=Count("reach"),
        department=Count("pk", filter=~Q(pk__in=LINKS.objects.values("publication_id"))))
    out = Figures(period=period)
    out.totals = {"count": summed["count"], "reach": summed["total_reach"] or 0,
                  "with_reach": summed["with_reach"], "department": summed["department"]}
    out.channels = by_channel(records)
    year = period.whole_year
    out.months = by_month(records, year) if year else []
    out.libraries = by_library(records, only)
    out.municipalities = by_municipality(records, only)
    out.totals["libraries"] = len(out.libraries)
    return out


# --- metrics (charter function 5.1) ------------------------------------------------------------

def _channel_records(channel: str):
    def records(period: Period, scope: Scope):
        return publications(period, scope).filter(channel=channel)

    return records


CHANNEL_LABELS_LT = {
    PublicationChannel.PRESS: "spauda",
    PublicationChannel.RADIO: "radijas",
    PublicationChannel.TV: "televizija",
    PublicationChannel.LIBRARY_WEBSITE: "bibliotekos svetainė",
    PublicationChannel.WEBSITE: "kitos svetainės ir naujienų portalai",
    PublicationChannel.SOCIAL: "socialiniai tinklai",
    PublicationChannel.NEWSLETTER: "naujienlaiškiai",
    PublicationChannel.OTHER: "kiti kanalai",
}
CHANNEL_LABELS_EN = {
    PublicationChannel.PRESS: "press",
    PublicationChannel.RADIO: "radio",
    PublicationChannel.TV: "television",
    PublicationChannel.LIBRARY_WEBSITE: "the Library's website",
    PublicationChannel.WEBSITE: "other websites and news portals",
    PublicationChannel.SOCIAL: "social media",
    PublicationChannel.NEWSLETTER: "newsletters",
    PublicationChannel.OTHER: "other channels",
}

register_metric("viesinimas.publications",
                label_lt="Publikacijos apie skyriaus ir bibliotekų veiklą",
                label_en="Publications about the department's and libraries' work",
                function="5.1", unit="vnt.",
                value=lambda period, scope: publications(period, scope).count(),
                records=publications)
for _channel in PublicationChannel:
    _records = _channel_records(_channel.value)
    register_metric(f"viesinimas.publications.{_channel.value}",
                    label_lt=f"Publikacijos: {CHANNEL_LABELS_LT[_channel]}",
                    label_en=f"Publications: {CHANNEL_LABELS_EN[_channel]}",
                    function="5.1", unit="vnt.",
                    value=lambda period, scope, records=_records: records(period, scope).count(),
                    records=_records)


# --- the report kind: the year's log (XLSX, CSV) and its summary (PDF, DOCX) -------------------

class PublicityParams(ReportParamsForm):
    """A year, and a library (with its outlets) or a municipality within what the user may
    see. ``format`` is the format the engine is asked for (the same POST field): XLSX and
    CSV give the log, one row per publication; PDF and DOCX the summary with its tables."""

    year = YearField()
    municipality = ScopedChoiceField(Municipality, label=gettext_lazy("Municipality"),
                                     required=False)
    library = ScopedChoiceField(Library, label=gettext_lazy("Library"), required=False,
                                help_text=gettext_lazy("With its outlets."))
    format = forms.ChoiceField(choices=[("xlsx", "XLSX"), ("csv", "CSV"), ("pdf", "PDF"),
                                        ("docx", "DOCX")], required=False,
                               widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if not services.may_open_log(self.user):
            raise ValidationError(_("The publicity log is not open to you."))
        if cleaned.get("year"):
            cleaned["period"] = Period.year(cleaned["year"])
        return cleaned


def _scope_of(params) -> Scope:
    if params.get("library"):
        return Scope.of_library(params["library"])
    if params.get("municipality"):
        return Scope.of_municipality(params["municipality"])
    return Scope.territory()


def _scope_words(params) -> str:
    return str(params.get("library") or params.get("municipality") or _("all libraries"))


def log_columns() -> list[Column]:
    return [Column(_("Date"), "date"), Column(_("Channel")), Column(_("Medium")),
            Column(_("Title")), Column(_("Link")), Column(_("Libraries")),
            Column(_("Municipalities")), Column(_("Event")), Column(_("Good practice")),
            Column(_("Activity it is about")), Column(_("Reach"), "int"), Column(_("File")),
            Column(_("Notes"))]


def log_records(user, period: Period, scope: Scope | None = None):
    return (publications(period, scope, base=Publication.objects.visible_to(user))
            .select_related("activity", "practice")
            .prefetch_related("libraries__municipality").order_by("published_on", "pk"))


def log_rows(records) -> list[list]:
    """One row per publication (the libraries in Lithuanian order)."""
    channels = {choice.value: str(choice.label) for choice in PublicationChannel}
    rows = []
    for entry in records:
        libraries = sorted_lt(entry.libraries.all(), key=lambda library: library.name)
        places = sorted_lt({library.municipality.name for library in libraries
                            if library.municipality})
        rows.append([entry.published_on, channels.get(entry.channel, entry.channel),
                     entry.medium, entry.title, entry.url,
                     "; ".join(library.name for library in libraries), "; ".join(places),
                     entry.activity.title if entry.activity else "",
                     entry.practice.title if entry.practice else "", entry.about,
                     entry.reach, _("yes") if entry.file else "", entry.notes])
    return rows


#: Longer tables go to the XLSX only: a summary stays a few pages.
PAPER_ROWS = 60


def _number(value) -> str:
    return formats.number_format(value or 0, decimal_pos=0, use_l10n=True,
                                 force_grouping=True)


def total_facts(totals: dict) -> list[tuple[str, object]]:
    return [(_("Publications"), totals["count"]),
            (_("About the department's own work"), totals["department"]),
            (_("Libraries written about"), totals["libraries"]),
            (_("Known reach (readers, listeners, views)"), totals["reach"]),
            (_("Publications with a known reach"), totals["with_reach"])]


def _count_table(title: str, label: str, rows, first) -> Table:
    return Table(title, [Column(label), Column(_("Publications"), "int"),
                         Column(_("Reach"), "int")],
                 [[first(r), r["count"], r["reach"]] for r in rows],
                 paper=len(rows) <= PAPER_ROWS)


def summary_document(found: Figures, entries: list, *, scope_words: str) -> Document:
    period, stamp = found.period, timezone.localdate().isoformat()
    tables = [_count_table(_("By channel"), _("Channel"), found.channels,
                           lambda r: str(r["label"]))]
    if found.months:
        tables.append(_count_table(_("By month"), _("Month"), found.months,
                                   lambda r: r["start"].strftime("%Y-%m")))
    tables.append(Table(_("By municipality"), [Column(_("Municipality")),
                                               Column(_("Publications"), "int")],
                        [[r["name"] or "–", r["count"]] for r in found.municipalities],
                        paper=len(found.municipalities) <= PAPER_ROWS))
    tables.append(_count_table(_("By library"), _("Library"), found.libraries,
                               lambda r: r["name"]))
    log = Table(_("Publications"), [Column(_("Date"), "date"), Column(_("Channel")),
                                    Column(_("Medium")), Column(_("Title")),
                                    Column(_("Reach"), "int")],
                [[row[0], row[1], row[2], row[3], row[10]] for row in entries],
                paper=len(entries) <= PAPER_ROWS)
    sections = [Section(heading=_("Totals"), facts=total_facts(found.totals)),
                Section(heading=_("Counts"), tables=tables),
                Section(heading=_("The log"), tables=[log])]
    long_tables = [t for t in [*tables, log] if not t.paper]
    if long_tables:
        sections[0].paragraphs.append(_("Tables too long for paper (%(tables)s) are in the "
                                        "XLSX log.") % {
            "tables": ", ".join(t.title for t in long_tables)})
    if not entries:
        sections[2].paragraphs.append(_("No publication was logged in this period."))
    return Document(title=_("Publicity %(period)s") % {"period": period},
                    subtitle=f"{scope_words} · {stamp}", sections=sections,
                    filename=f"viesinimas-{period}-{stamp}")


@report_kind("viesinimas.publicity", label=gettext_lazy("Publicity log"), form=PublicityParams,
             output="document", formats=("xlsx", "csv", "pdf", "docx"),
             description=gettext_lazy("The year's publications about the department's and "
                                      "libraries' work: the log, one row each (XLSX, CSV), or "
                                      "the summary by channel, month, municipality and "
                                      "library (PDF, DOCX)."))
def publicity(*, params, user, progress):
    period, scope = params["period"], _scope_of(params)
    rows = log_rows(log_records(user, period, scope))
    progress(50)
    stamp = timezone.localdate().isoformat()
    if params.get("format") in ("pdf", "docx"):
        found = figures(period, scope, user=user)
        return summary_document(found, rows, scope_words=_scope_words(params))
    columns = log_columns()
    return Rows(title=_("Publicity log"), header=[c.label for c in columns], rows=rows,
                filename=f"publikaciju-zurnalas-{period}-{stamp}",
                kinds={c.label: c.kind for c in columns})


# --- the annual report's section -----------------------------------------------------------------

def narrative(found: Figures, year: int) -> str:
    totals = found.totals
    count = totals["count"]
    parts = [ngettext("In %(year)s, %(count)s publication about the department's and the "
                      "libraries' work was logged.",
                      "In %(year)s, %(count)s publications about the department's and the "
                      "libraries' work were logged.", count)
             % {"year": year, "count": _number(count)}]
    used = sorted((r for r in found.channels if r["count"]), key=lambda r: -r["count"])
    if used:
        parts.append(_("By channel: %(channels)s.") % {"channels": ", ".join(
            f"{str(r['label'])[:1].lower()}{str(r['label'])[1:]} – {_number(r['count'])}"
            for r in used)})
    if totals["libraries"]:
        parts.append(_("Libraries written about: %(count)s.")
                     % {"count": _number(totals["libraries"])})
    if totals["with_reach"]:
        parts.append(_("Their known reach: %(reach)s.") % {"reach": _number(totals["reach"])})
    return " ".join(parts)


@annual_report_section("viesinimas.publicity", title=gettext_lazy("Publicity of activities"),
                       function="5.1", order=60)
def annual_chapter(year: int, user=None) -> list[Section]:
    """The year's publications, territory-wide: a paragraph and the table by channel. Left
    out for a year with none."""
    found = figures(Period.year(year), Scope.territory())
    if not found.totals["count"]:
        return []
    rows = [[str(r["label"]), r["count"], r["reach"]] for r in found.channels if r["count"]]
    rows.append([_("Total"), found.totals["count"], found.totals["reach"]])
    table = Table(_("Publications by channel, %(year)s") % {"year": year},
                  [Column(_("Channel")), Column(_("Publications"), "int"),
                   Column(_("Reach"), "int")], rows)
    return [Section(heading=str(_("Publicity of activities")),
                    paragraphs=[narrative(found, year)], tables=[table],
                    key="viesinimas.publicity")]
