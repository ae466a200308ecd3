"""Documents and metrics of the trainings: an event's participant list (XLSX/CSV), its
sign-in sheet (PDF), the year's overview (PDF/XLSX/DOCX), the metrics of charter function
3.1 and the annual report's chapter. Every figure comes from ``mokymai.selectors_overview``
(the overview page reads the same functions)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ataskaitos.document import Column, Document, Rows, Section, Table
from bibliotekos.audit import record_access
from mokymai import selectors_overview as figures_of
from mokymai.models import EventStatus, RegistrationStatus, Session, TrainingEvent
from portalas.forms import ReportParamsForm, ScopedChoiceField, YearField
from portalas.numbers import rounded
from portalas.ordering import sorted_lt
from portalas.registry import annual_report_section, register_metric, report_kind


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _yes_no(value) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


# --- parameter forms ---------------------------------------------------------------------------

class EventParams(ReportParamsForm):
    event = ScopedChoiceField(TrainingEvent)


class SignInParams(EventParams):
    """An event and, optionally, one of its sessions (another event's session is refused:
    the request is then a 404)."""

    session = forms.ModelChoiceField(queryset=Session.objects.all(), required=False)

    def clean(self):
        cleaned = super().clean()
        event, session = cleaned.get("event"), cleaned.get("session")
        if event is not None and session is not None and session.event_id != event.pk:
            raise forms.ValidationError("the session belongs to another event")
        return cleaned


class YearParams(ReportParamsForm):
    year = YearField()


# --- an event's participants -------------------------------------------------------------------

def participant_rows(event: TrainingEvent) -> list[list]:
    """Registered people in the order they got their place, then the waiting list in its
    order, then those who cancelled."""
    from mokymai.selectors_overview import registration_hours

    order = {RegistrationStatus.REGISTERED: 0, RegistrationStatus.WAITING: 1,
             RegistrationStatus.CANCELLED: 2}
    registrations = sorted(
        event.registrations.select_related("person__post", "person__user",
                                           "library__municipality", "event")
        .prefetch_related("attendances", "event__sessions"),
        key=lambda r: (order.get(r.status, 3), r.queued_at, r.pk))
    labels = dict(RegistrationStatus.choices)
    rows, waiting = [], 0
    for number, registration in enumerate(registrations, start=1):
        person, library = registration.person, registration.library
        status = str(labels.get(registration.status, registration.status))
        if registration.status == RegistrationStatus.WAITING:
            waiting += 1
            status = f"{status} ({waiting})"
        registered = registration.status == RegistrationStatus.REGISTERED
        held = registration.event.status in (EventStatus.HELD, EventStatus.COMPLETED)
        hours = registration_hours(registration) if registered and held else None
        rows.append([
            number, person.last_name, person.first_name, library.name if library else "",
            library.municipality.name if library and library.municipality else "",
            person.post.name if person.post else "", registration.email, person.phone,
            registration.organisation, status, _when(registration.queued_at),
            hours, _yes_no(registration.completed) if registered else "",
        ])
    return rows


def participant_header() -> list[str]:
    return [_("No."), _("Surname"), _("First name"), _("Library"), _("Municipality"),
            _("Post"), _("E-mail"), _("Phone"), _("Organisation"), _("Status"),
            _("Registered at"), _("Attended hours"), _("Completed the event")]


@report_kind("mokymai.participants", label=gettext_lazy("Participants of a training"),
             form=EventParams, output="rows", staff_only=True,
             description=gettext_lazy("Everyone registered, waiting or cancelled, with "
                                      "their library, post, contacts and attended hours."))
def participants(*, params, user, progress) -> Rows:
    event = params["event"]
    # The builder does not learn the format (XLSX or CSV): the log says "rows".
    record_access(user, "mokymai.participants", subject=event, how="rows")
    header = participant_header()
    rows = participant_rows(event)
    progress(60)
    return Rows(title=event.title, header=header, rows=rows,
                filename=f"dalyviai-{event.pk}",
                kinds={header[0]: "int", header[11]: "number"})


# --- the sign-in sheet -------------------------------------------------------------------------

def sign_in_sheet_document(event: TrainingEvent, session: Session | None = None) -> Document:
    people = sorted_lt(
        event.registrations.registered().select_related("person", "library"),
        key=lambda r: f"{r.person.last_name} {r.person.first_name}")
    rows = [[number, f"{r.person.first_name} {r.person.last_name}",
             r.library.name if r.library else r.organisation, ""]
            for number, r in enumerate(people, start=1)]
    if session is not None:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        when = f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
        venue = session.venue or event.venue
    else:
        first, last = event.starts_on, event.ends_on
        when = (first.isoformat() if first else "") + (
            f"–{last.isoformat()}" if last and last != first else "")
        venue = event.venue
    subtitle = ", ".join(part for part in (when, venue) if part)
    table = Table(_("Sign-in sheet"), [Column(_("No."), "int"), Column(_("Name and surname")),
                                       Column(_("Library")), Column(_("Signature"))], rows)
    heading = session.topic if session is not None and session.topic else _("Sign-in sheet")
    stamp = session.starts_at if session is not None else event.starts_on
    suffix = f"{timezone.localtime(stamp):%Y-%m-%d}" if session is not None else (
        stamp.isoformat() if stamp else str(event.pk))
    return Document(title=event.title, subtitle=subtitle,
                    sections=[Section(heading=heading, tables=[table])],
                    filename=f"registracijos-lapas-{event.pk}-{suffix}")


@report_kind("mokymai.sign_in_sheet", label=gettext_lazy("Sign-in sheet"), form=SignInParams,
             formats=("pdf",), staff_only=True,
             description=gettext_lazy("The registered participants in alphabetical order, "
                                      "with a column to sign."))
def sign_in_sheet(*, params, user, progress) -> Document:
    record_access(user, "mokymai.sign_in_sheet", subject=params["event"], how="pdf")
    return sign_in_sheet_document(params["event"], params.get("session"))


# --- the year's overview -----------------------------------------------------------------------

def hours_column(label) -> Column:
    return Column(label, "decimal", 2)


def or_no_data(rows: list[list], columns: list[Column], text: str) -> list[list]:
    """``rows``, or one row saying there is nothing (in the first text column, the other
    cells empty), so a year without events reads "no events", as the page does, rather
    than a bare header a reader may take for a lost table (RELIABILITY.md, case 63)."""
    if rows:
        return rows
    at = next((i for i, c in enumerate(columns) if c.kind == "text"), 0)
    return [[text if i == at else None for i in range(len(columns))]]


def overview_document(year: int) -> Document:
    data = figures_of.year_overview(year)
    totals = data.totals
    facts = total_facts(totals)
    no_events = _("No events held in this year.")
    kinds_columns = [
        Column(_("Kind")), Column(_("Events"), "int"), Column(_("Participants"), "int"),
        hours_column(_("Participant-hours")), hours_column(_("Costs, EUR")),
        hours_column(_("Cost per participant-hour, EUR"))]
    kinds_table = Table(_("By kind"), kinds_columns, or_no_data(
        [[g.label, g.events, g.participants, g.participant_hours, g.costs,
          rounded(g.cost_per_participant_hour, 2)] for g in data.by_kind],
        kinds_columns, no_events))
    topics_columns = [
        Column(_("Topic")), Column(_("Events"), "int"), Column(_("Participants"), "int"),
        hours_column(_("Participant-hours"))]
    topics_table = Table(_("By topic"), topics_columns, or_no_data(
        [[g.label, g.events, g.participants, g.participant_hours] for g in data.by_topic],
        topics_columns, no_events),
        source=_("An event with several topics counts under each of them."))
    places_columns = [
        Column(_("Municipality")), Column(_("Participants"), "int"),
        Column(_("People trained"), "int"), hours_column(_("Participant-hours"))]
    places_table = Table(_("By municipality of the participants"), places_columns,
                         or_no_data([[g.label, g.participants, g.people, g.participant_hours]
                                     for g in data.by_municipality], places_columns,
                                    _("No participants in this year.")),
                         sheet=_("By municipality"))
    events_columns = [
        Column(_("Date"), "date"), Column(_("Title")), Column(_("Kind")), Column(_("Format")),
        Column(_("Participants"), "int"), hours_column(_("Participant-hours")),
        hours_column(_("Academic hours")), hours_column(_("Costs, EUR")),
        hours_column(_("Cost per participant-hour, EUR"))]
    events_table = Table(_("Events held"), events_columns, or_no_data(
        [[line.event.starts_on, line.event.title, line.event.get_kind_display(),
          line.event.get_format_display(), line.participants, line.participant_hours,
          line.hours, line.costs, rounded(line.cost_per_participant_hour, 2)]
         for line in data.events], events_columns, no_events))
    return Document(
        title=_("Overview of trainings %(year)s") % {"year": year},
        subtitle=timezone.localdate().isoformat(),
        sections=[Section(heading=_("Totals"), facts=facts, tables=[kinds_table]),
                  Section(heading=_("Topics and municipalities"),
                          tables=[topics_table, places_table]),
                  Section(heading=_("Events held"), tables=[events_table])],
        filename=f"mokymu-apzvalga-{year}")


# The totals in the order the page and the document show them: key, label, decimals.
TOTALS = [
    ("events_held", gettext_lazy("Events held"), 0),
    ("participants", gettext_lazy("Participants"), 0),
    ("people_trained", gettext_lazy("People trained"), 0),
    ("participant_hours", gettext_lazy("Participant-hours"), 2),
    ("completions", gettext_lazy("Completions"), 0),
    ("registrations", gettext_lazy("Registered places"), 0),
    ("no_shows", gettext_lazy("No-shows"), 0),
    ("costs_eur", gettext_lazy("Costs, EUR"), 2),
    ("cost_per_participant_hour", gettext_lazy("Cost per participant-hour, EUR"), 2),
]


def total_facts(totals: dict) -> list[tuple[str, object]]:
    """The totals as (label, value) for a document's facts."""
    return [(str(label), rounded(totals[key], decimals) if decimals else totals[key])
            for key, label, decimals in TOTALS]


@report_kind("mokymai.overview", label=gettext_lazy("Overview of trainings"),
             form=YearParams, staff_only=True,
             description=gettext_lazy("The year's events held, participants, "
                                      "participant-hours and costs, by kind, topic and "
                                      "municipality."))
def overview(*, params, user, progress) -> Document:
    return overview_document(params["year"])


# --- metrics (charter function 3.1) ------------------------------------------------------------

_METRICS = [
    ("events_held", "Įvykę mokymo renginiai", "Training events held", "vnt."),
    ("participants", "Mokymų dalyviai", "Training participants", "dalyv."),
    ("people_trained", "Apmokyti asmenys", "People trained", "asm."),
    ("participant_hours", "Dalyvio valandos", "Participant-hours", "ak. val."),
    ("completions", "Baigę mokymus", "Completions", "dalyv."),
    ("registrations", "Registracijos", "Registrations", "vnt."),
    ("no_shows", "Neatvykę užsiregistravę", "No-shows", "dalyv."),
    ("costs_eur", "Mokymų išlaidos", "Costs of trainings", "Eur"),
]
# as the annual report's tables print them: participant-hours to a tenth, costs in whole
# euros (the overview shows cents)
_DECIMALS = {"participant_hours": 1, "costs_eur": 0}
for _name, _lt, _en, _unit in _METRICS:
    register_metric(f"mokymai.{_name}", label_lt=_lt, label_en=_en, function="3.1",
                    unit=_unit, value=figures_of.FIGURES[_name],
                    records=figures_of.RECORDS.get(_name),
                    decimals=_DECIMALS.get(_name, 0))
register_metric("mokymai.cost_per_participant_hour",
                label_lt="Dalyvio valandos kaina", label_en="Cost per participant-hour",
                function="3.1", unit="Eur", numerator="mokymai.costs_eur",
                denominator="mokymai.participant_hours", decimals=2)


# --- the annual report's chapter ------------------------------------------------------------

@annual_report_section("mokymai", title=gettext_lazy("Trainings, internships and seminars"),
                       function="3.1", order=30)
def annual_chapter(year: int, user=None) -> list[Section]:
    from django.utils import formats

    def shown(value, decimals=0):
        return formats.number_format(rounded(value or 0, decimals), decimal_pos=decimals,
                                     use_l10n=True, force_grouping=True)

    data = figures_of.year_overview(year)
    totals = data.totals
    text = _("In %(year)s the department held %(events)s training events. They had "
             "%(participants)s participants (%(people)s different people), who attended "
             "%(hours)s participant-hours in all; %(completions)s participants completed "
             "their event.") % {
        "year": year, "events": shown(totals["events_held"]),
        "participants": shown(totals["participants"]),
        "people": shown(totals["people_trained"]),
        "hours": shown(totals["participant_hours"], 1),
        "completions": shown(totals["completions"])}
    table = Table(_("Training events by kind, %(year)s") % {"year": year}, [
        Column(_("Kind")), Column(_("Events"), "int"), Column(_("Participants"), "int"),
        Column(_("Participant-hours"), "decimal", 1)],
        [[g.label, g.events, g.participants, rounded(g.participant_hours, 1)]
         for g in data.by_kind]
        + [[_("Total"), totals["events_held"], totals["participants"],
            rounded(totals["participant_hours"], 1)]])
    return [Section(heading=str(_("Trainings, internships and seminars")), paragraphs=[text],
                    tables=[table], key="mokymai")]


# The feedback's metric and the records' metrics.
from mokymai import reports_feedback, reports_records  # noqa: E402, F401
