"""Metrics, the register of consultations, the summary document and the annual report's
section of the consultations app (charter function 3.2, methodological advice; advice on
projects also under 2.2).

Everything counts from ``konsultacijos.selectors_reports``, so the overview page, the
metrics (``manage.py metrics``), the documents and the annual report cannot disagree. The
documents take what the requester may see (``visible_to``): a director's register and
summary hold their library and its outlets only."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from ataskaitos.document import Column, Document, Rows, Section, Table
from bibliotekos.models import Library, Municipality
from konsultacijos import selectors_reports as figures_of
from konsultacijos import services
from konsultacijos.models import Channel, Consultation, Topic
from portalas.forms import IsoDateField, ReportParamsForm, ScopedChoiceField, YearField
from portalas.metrics import Period, Scope
from portalas.numbers import rounded
from portalas.registry import annual_report_section, register_metric, report_kind

__all__: list[str] = []

# --- parameter forms -------------------------------------------------------------------------


class _ScopeParams(ReportParamsForm):
    """A library (with its outlets) or a municipality, within what the user may see; only
    for those who read consultation records (staff, management, directors)."""

    municipality = ScopedChoiceField(Municipality, label=gettext_lazy("Municipality"),
                                     required=False)
    library = ScopedChoiceField(Library, label=gettext_lazy("Library"), required=False,
                                help_text=gettext_lazy("With its outlets."))

    def clean(self):
        cleaned = super().clean()
        if not services.may_read_records(self.user):
            raise ValidationError(_("Consultation records are not open to you."))
        return cleaned


class RegisterParams(_ScopeParams):
    """A year or a date range, a library or a municipality, a topic.

    ``format`` is the format the engine is asked for (the same POST field): the XLSX is a
    document with typed columns (hours as a number with decimals), the CSV plain rows."""

    year = YearField(required=False, help_text=gettext_lazy("Or a date range below."))
    date_from = IsoDateField(label=gettext_lazy("From"), required=False)
    date_to = IsoDateField(label=gettext_lazy("To"), required=False)
    topic = ScopedChoiceField(Topic, label=gettext_lazy("Topic"), required=False)
    format = forms.ChoiceField(choices=[("xlsx", "XLSX"), ("csv", "CSV")], required=False,
                               widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        start, end, year = cleaned.get("date_from"), cleaned.get("date_to"), cleaned.get("year")
        if start or end:
            if not (start and end):
                raise ValidationError(_("Give both ends of the date range."))
            if end < start:
                raise ValidationError(_("The range ends before it starts."))
            cleaned["period"] = Period.between(start, end)
        elif year:
            cleaned["period"] = Period.year(year)
        elif not self.errors:
            raise ValidationError(_("Choose a year or a date range."))
        return cleaned


class SummaryParams(_ScopeParams):
    year = YearField()

    def clean(self):
        cleaned = super().clean()
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


# --- the register ----------------------------------------------------------------------------

def register_columns() -> list[Column]:
    return [Column(_("Date"), "date"), Column(_("Library")), Column(_("Municipality")),
            Column(_("Person consulted")), Column(_("Channel")), Column(_("Topic")),
            Column(_("Question")), Column(pgettext("noun", "Answer")), Column(_("Minutes"), "int"),
            Column(_("Hours"), "decimal", 2), Column(_("Consulted by")),
            Column(_("Follow-up")), Column(_("Follow-up due"), "date"), Column(_("Project")),
            Column(_("Training event"))]


def register_records(user, period: Period, scope: Scope | None = None, topic=None):
    """The consultations of the register: the user's, of the period, scope and topic,
    in the order they were given."""
    records = figures_of.consultations(period, scope,
                                       base=Consultation.objects.visible_to(user))
    if topic is not None:
        records = records.filter(topic=topic)
    return records.order_by("held_on", "pk")


REGISTER_FIELDS = ("held_on", "library__name", "library__municipality__name",
                   "person__first_name", "person__last_name", "person_name", "channel",
                   "topic__name", "question", "answer", "minutes", "staff_member__full_name",
                   "staff_member__email", "follow_up", "follow_up_due", "project__title",
                   "event__title")


def register_rows(records):
    """One row per consultation, read as plain values (a year of the territory is tens of
    thousands of rows: no model instances, each channel's and duration's words once)."""
    channels = {choice.value: str(choice.label) for choice in Channel}
    hours: dict[int, Decimal] = {}
    for (held_on, library, place, first, last, typed, channel, topic, question, answer,
         minutes, staff_name, staff_email, follow_up, follow_up_due, project,
         event) in records.values_list(*REGISTER_FIELDS).iterator(chunk_size=2000):
        if minutes not in hours:
            hours[minutes] = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
        yield [held_on, library, place or "", f"{first} {last}" if first or last else typed,
               channels.get(channel, channel), topic, question, answer, minutes,
               hours[minutes], staff_name or staff_email, follow_up, follow_up_due,
               project or "", event or ""]


@report_kind("konsultacijos.register", label=gettext_lazy("Register of consultations"),
             form=RegisterParams, output="rows",
             description=gettext_lazy("Every consultation of a year or a date range you may "
                                      "see, one row each: library, person, channel, topic, "
                                      "question, answer, time spent."))
def register(*, params, user, progress):
    period = params["period"]
    records = register_records(user, period, _scope_of(params), params.get("topic"))
    total = records.count()
    rows = []
    for number, row in enumerate(register_rows(records), start=1):
        rows.append(row)
        if number % 5000 == 0:
            progress(10 + 50 * number // max(total, 1))
    columns = register_columns()
    title = _("Register of consultations")
    stamp = timezone.localdate().isoformat()
    filename = f"konsultaciju-registras-{period}-{stamp}"
    if params.get("format") == "xlsx":
        return Document(title=title, subtitle=f"{period}, {_scope_words(params)}", sections=[
            Section(heading=title, tables=[Table(title, columns, rows,
                                                 sheet=_("Consultations"))])],
            filename=filename)
    return Rows(title=title, header=[c.label for c in columns], rows=rows, filename=filename,
                kinds={c.label: c.kind for c in columns})


# --- the summary -----------------------------------------------------------------------------

def _number(value, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return formats.number_format(rounded(value, decimals), decimal_pos=decimals, use_l10n=True,
                                 force_grouping=True)


def total_facts(totals: dict) -> list[tuple[str, object]]:
    return [
        (_("Consultations"), totals["consultations"]),
        (_("Hours of consultations"), rounded(totals["hours"], 1)),
        (_("Libraries consulted"), totals["libraries"]),
        (_("Field visits made"), totals["visits_made"]),
        (_("Field visits planned"), totals["visits_planned"]),
        (_("Agreed actions completed"), totals["actions_completed"]),
        (_("Agreed actions of the visits still open"), totals["actions_open"]),
        (_("of them overdue"), totals["actions_overdue"]),
        (_("Questions asked"), totals["questions_asked"]),
        (_("Questions answered"), totals["questions_answered"]),
        (_("Median answer time, working days"), totals["median_answer_days"]),
    ]


#: Longer tables go to the XLSX only (``Table.paper``): a summary stays a few pages.
PAPER_ROWS = 60


def _count_table(title: str, label: str, rows, *, first=None) -> Table:
    return Table(title, [Column(label), Column(_("Consultations"), "int"),
                         Column(_("Hours"), "decimal", 1)],
                 [[first(r) if first else r["name"], r["count"], r["hours"]] for r in rows],
                 paper=len(rows) <= PAPER_ROWS)


def summary_document(figures: figures_of.Figures, *, scope_words: str) -> Document:
    period = figures.period
    stamp = timezone.localdate().isoformat()
    sections = [Section(heading=_("Totals"), facts=total_facts(figures.totals))]
    tables = [
        _count_table(_("By topic"), _("Topic"), figures.topics),
        _count_table(_("By channel"), _("Channel"), figures.channels,
                     first=lambda r: str(r["label"])),
    ]
    if figures.months:
        tables.append(_count_table(_("By month"), _("Month"), figures.months,
                                   first=lambda r: r["start"].strftime("%Y-%m")))
    tables += [
        _count_table(_("By municipality"), _("Municipality"), figures.municipalities,
                     first=lambda r: r["name"] or "–"),
        _count_table(_("By library (with its outlets)"), _("Library"), figures.libraries),
        _count_table(_("By staff member"), _("Consulted by"), figures.staff),
    ]
    sections.append(Section(heading=_("Consultations"), tables=tables))
    visits = Section(heading=_("Field visits made"))
    if figures.visits:
        visits.tables.append(Table(_("Field visits made"), [
            Column(_("Date"), "date"), Column(_("Library")), Column(_("Purpose")),
            Column(_("Agreed actions"), "int"), Column(_("Done"), "int")],
            [[v.visit_on, v.library.name, v.purpose, v.agreed, v.done]
             for v in figures.visits], paper=len(figures.visits) <= PAPER_ROWS))
    long_tables = [t for t in tables + visits.tables if not t.paper]
    if long_tables:
        sections[0].paragraphs.append(_("Tables too long for paper (%(tables)s) are in the "
                                        "XLSX version of this summary.") % {
            "tables": ", ".join(t.title for t in long_tables)})
    if not figures.visits:
        visits.paragraphs.append(_("No field visit was reported in this period."))
    sections.append(visits)
    return Document(title=_("Consultations %(period)s") % {"period": period},
                    subtitle=f"{scope_words} · {stamp}", sections=sections,
                    filename=f"konsultacijos-{period}-{stamp}")


@report_kind("konsultacijos.summary", label=gettext_lazy("Consultations summary"),
             form=SummaryParams,
             description=gettext_lazy("The year's consultations by topic, channel, month, "
                                      "municipality, library and staff member, and the "
                                      "field visits made."))
def summary(*, params, user, progress):
    found = figures_of.figures(params["period"], _scope_of(params), user=user,
                               visit_rows=True)
    progress(50)
    return summary_document(found, scope_words=_scope_words(params))


# --- metrics (charter function 3.2; advice on projects 2.2) -------------------------------------

def _count(records):
    return lambda period, scope: records(period, scope).count()


register_metric("konsultacijos.consultations", label_lt="Suteiktos konsultacijos",
                label_en="Consultations given", function="3.2", unit="vnt.",
                value=_count(figures_of.consultations), records=figures_of.consultations)
register_metric("konsultacijos.hours", label_lt="Konsultacijų trukmė",
                label_en="Time spent on consultations", function="3.2", unit="val.",
                value=figures_of.hours, records=figures_of.consultations, decimals=1)
register_metric("konsultacijos.by_topic", label_lt="Konsultacijos pagal temą",
                label_en="Consultations by topic", function="3.2", unit="vnt.",
                dimension="topic", value=figures_of.count_by_topic,
                records=figures_of.consultations)
register_metric("konsultacijos.by_channel", label_lt="Konsultacijos pagal kanalą",
                label_en="Consultations by channel", function="3.2", unit="vnt.",
                dimension="channel", value=figures_of.count_by_channel,
                records=figures_of.consultations)
register_metric("konsultacijos.visits", label_lt="Surengtos metodinės išvykos",
                label_en="Methodological field visits made", function="3.2", unit="vnt.",
                value=_count(figures_of.visits_made), records=figures_of.visits_made)
register_metric("konsultacijos.actions_completed", label_lt="Įvykdyti sutarti veiksmai",
                label_en="Agreed actions completed", function="3.2", unit="vnt.",
                value=_count(figures_of.actions_completed),
                records=figures_of.actions_completed)
register_metric("konsultacijos.questions_answered",
                label_lt="Atsakyti bibliotekų klausimai",
                label_en="Libraries' questions answered", function="3.2", unit="vnt.",
                value=_count(figures_of.questions_answered),
                records=figures_of.questions_answered)
register_metric("konsultacijos.project_consultations",
                label_lt="Konsultacijos projektų klausimais",
                label_en="Consultations on projects", function="2.2", unit="vnt.",
                value=_count(figures_of.project_consultations),
                records=figures_of.project_consultations)


# --- the annual report's section ----------------------------------------------------------------

def _lowered(label) -> str:
    text = str(label)
    return text[:1].lower() + text[1:]


def narrative(found: figures_of.Figures, year: int) -> str:
    """A short paragraph from the figures, each count with its plural form."""
    totals = found.totals
    count = totals["consultations"]
    parts = [ngettext(
        "In %(year)s the department gave %(count)s consultation (%(hours)s h).",
        "In %(year)s the department gave %(count)s consultations (%(hours)s h).", count) % {
        "year": year, "count": _number(count), "hours": _number(totals["hours"], 1)}]
    if count:
        parts.append(_("Libraries consulted: %(count)s.") % {
            "count": _number(totals["libraries"])})
        top = sorted(found.topics, key=lambda r: -r["count"])[:3]
        parts.append(_("The most frequent topics: %(topics)s.") % {"topics": ", ".join(
            f"{r['name']} ({_number(r['count'])})" for r in top)})
        used = sorted((r for r in found.channels if r["count"]), key=lambda r: -r["count"])
        parts.append(_("By channel: %(channels)s.") % {"channels": ", ".join(
            f"{_lowered(r['label'])} – {_number(r['count'])}" for r in used)})
    visits = totals["visits_made"]
    if visits or totals["actions_completed"]:
        parts.append(ngettext("%(count)s methodological field visit was made.",
                              "%(count)s methodological field visits were made.", visits)
                     % {"count": _number(visits)})
        parts.append(_("Agreed actions completed: %(count)s.") % {
            "count": _number(totals["actions_completed"])})
    asked = totals["questions_asked"]
    if asked or totals["questions_answered"]:
        parts.append(ngettext("Libraries asked %(count)s question in the portal.",
                              "Libraries asked %(count)s questions in the portal.", asked)
                     % {"count": _number(asked)})
        if totals["questions_answered"]:
            parts.append(_("Questions answered: %(count)s; the median answer time was "
                           "%(days)s working days.") % {
                "count": _number(totals["questions_answered"]),
                "days": _number(totals["median_answer_days"], 1)})
    return " ".join(parts)


@annual_report_section("konsultacijos", title=gettext_lazy("Methodological advice"),
                       function="3.2", order=35)
def annual_chapter(year: int, user=None) -> list[Section]:
    """The year's consultations, field visits and questions, territory-wide: a paragraph
    and the consultations by topic. Left out for a year with none of them."""
    found = figures_of.figures(Period.year(year), Scope.territory())
    totals = found.totals
    if not (totals["consultations"] or totals["visits_made"] or totals["questions_asked"]
            or totals["actions_completed"]):
        return []
    rows = [[r["name"], r["count"], r["hours"]] for r in found.topics]
    tables = []
    if rows:
        rows.append([_("Total"), totals["consultations"], totals["hours"]])
        tables.append(Table(_("Consultations by topic, %(year)s") % {"year": year}, [
            Column(_("Topic")), Column(_("Consultations"), "int"),
            Column(_("Hours"), "decimal", 1)], rows))
    return [Section(heading=str(_("Methodological advice")),
                    paragraphs=[narrative(found, year)], tables=tables, key="konsultacijos")]
