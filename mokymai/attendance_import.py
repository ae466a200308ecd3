"""Online attendance from a meeting tool's participant report (Zoom, Microsoft Teams).

``read_report(data)`` turns the uploaded file into one row per person with the time they
spent in the meeting: the type is decided by the content (a PDF, a workbook saved as .xls,
a picture or any other binary is refused with a reason), the text encoding and the column
separator are sniffed, the header row is found by its column names (English and
Lithuanian), a meeting summary above it and further sections below it are skipped, and
rejoins (several rows of one person) are summed. Cells are only ever read as text: nothing
in the file is evaluated.

``match_report(rows, registrations)`` matches the rows to an event's registered
participants: by e-mail first (case-insensitive), then by name (case, diacritics,
punctuation and the order of the names do not matter); a row that fits two participants
is never guessed. ``plan_import`` says what applying it would change at one session and
``apply_import`` writes it through ``services.mark_attendance``.
"""

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from mokymai.models import Attendance

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000              # rows of the participant table
MAX_HEADER_LINE = 300         # the header is looked for in the file's first lines
MAX_SECONDS = 24 * 3600       # one row's duration: more is a typing or export error
NAME_LENGTH = 200

# Column names as the tools write them (compared case-folded, spaces collapsed), in order
# of preference: the first one present is used.
NAME_COLUMNS = (
    "name (original name)", "name(original name)", "full name", "name", "display name",
    "participant", "participant name", "attendee", "attendee name",
    "vardas (pradinis vardas)", "vardas (originalus vardas)", "vardas ir pavardė",
    "vardas, pavardė", "vardas pavardė", "visas vardas", "vardas", "dalyvis",
    "dalyvio vardas", "rodomas vardas",
)
EMAIL_COLUMNS = (
    "user email", "email", "e-mail", "email address", "e-mail address", "attendee email",
    "el. paštas", "el.paštas", "el. pašto adresas", "elektroninis paštas",
    "vartotojo el. paštas", "naudotojo el. paštas", "dalyvio el. paštas",
)
UPN_COLUMNS = ("participant id (upn)", "upn", "dalyvio id (upn)", "dalyvio id")
DURATION_COLUMNS = (
    "total duration (minutes)", "in-meeting duration", "duration (minutes)",
    "duration (mins)", "duration (min)", "attendance duration", "time in meeting",
    "duration", "bendra trukmė (minutėmis)", "trukmė susitikime", "susitikimo trukmė",
    "dalyvavimo susitikime trukmė", "dalyvavimo trukmė", "trukmė (minutėmis)",
    "trukmė (min.)", "trukmė (min)", "trukmė",
)
ROLE_COLUMNS = ("role", "vaidmuo")
# Teams' old join/leave log has no durations: it is recognised only to say so.
EVENT_LOG_COLUMNS = ("user action", "naudotojo veiksmas", "vartotojo veiksmas")

SECTION = re.compile(r"^\d{1,2}\.\s*\S")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BRACKETED = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ReportError(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


@dataclass
class ReportRow:
    """One person of the report (their rows summed): the first line they appear on."""

    line: int
    name: str
    email: str
    seconds: int
    role: str = ""
    lines: int = 1

    @property
    def minutes(self) -> int:
        return minutes_of(self.seconds)

    def as_data(self) -> list:
        return [self.line, self.name, self.email, self.seconds, self.role, self.lines]

    @classmethod
    def from_data(cls, data) -> "ReportRow":
        line, name, email, seconds, role, lines = data
        return cls(line=int(line), name=str(name), email=str(email), seconds=int(seconds),
                   role=str(role), lines=int(lines))


@dataclass
class Report:
    tool: str                                   # "zoom", "teams" or "" (not known)
    rows: list[ReportRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)   # rows left out, why
    file_lines: int = 0                         # rows of the participant table read

    def as_data(self) -> dict:
        return {"tool": self.tool, "rows": [row.as_data() for row in self.rows],
                "problems": [list(problem) for problem in self.problems],
                "file_lines": self.file_lines}

    @classmethod
    def from_data(cls, data: dict) -> "Report":
        return cls(tool=str(data.get("tool", "")),
                   rows=[ReportRow.from_data(row) for row in data.get("rows", [])],
                   problems=[(int(line), str(message))
                             for line, message in data.get("problems", [])],
                   file_lines=int(data.get("file_lines", 0)))


def minutes_of(seconds: int) -> int:
    """Whole minutes, half a minute and more rounded up."""
    return (int(seconds) + 30) // 60


# --- reading the file ----------------------------------------------------------------------

def read_report(data: bytes) -> Report:
    """The participant rows of a meeting report; ReportError when the file cannot be one."""
    if len(data) > MAX_BYTES:
        raise ReportError(_("The file is larger than %(max)s MB. A participant report is "
                            "much smaller: check that this is the right file.")
                          % {"max": MAX_BYTES // (1024 * 1024)})
    if not data.strip():
        raise ReportError(_("The file is empty."))
    _refuse_other_kinds(data)
    if data.startswith(b"PK\x03\x04"):
        return _read_lines(_workbook_lines(data))
    text = decode(data)
    return _read_lines(_text_lines(text))


def _refuse_other_kinds(data: bytes) -> None:
    if data.startswith(b"%PDF"):
        raise ReportError(_("This is a PDF. Download the participant report as a .csv "
                            "file and upload that."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportError(_("This is an old Excel (.xls) workbook. Download the participant "
                            "report as a .csv file and upload that."))
    images = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"BM")
    archives = (b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"MZ", b"\x7fELF")
    if data.startswith(images):
        raise ReportError(_("This is a picture, not a participant report. Download the "
                            "report as a .csv file and upload that."))
    if data.startswith(archives):
        raise ReportError(_("This is not a participant report (an archive or a program). "
                            "Upload the .csv file the meeting tool gives."))


def _binary():
    return ReportError(_("The file is not text: it may be damaged or of another kind. "
                         "Upload the participant report as the meeting tool saved it "
                         "(.csv)."))


def _utf16_without_bom(data: bytes) -> str:
    """"le" or "be" when the start of the file looks like UTF-16 text without a BOM."""
    sample = data[:400]
    pairs = len(sample) // 2
    if pairs < 4:
        return ""
    even_nul = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd_nul = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd_nul > pairs * 0.6 and even_nul == 0:
        return "le"
    if even_nul > pairs * 0.6 and odd_nul == 0:
        return "be"
    return ""


def decode(data: bytes) -> str:
    """The file's text: UTF-16 or UTF-8 by their BOM (Teams writes UTF-16 LE), UTF-16
    recognised without one, else UTF-8, else Windows-1257 (Baltic). NUL bytes in a file
    that is not UTF-16, or control characters in the text, mean a binary file."""
    try:
        if data.startswith(codecs.BOM_UTF16_LE):
            text = data[2:].decode("utf-16-le")
        elif data.startswith(codecs.BOM_UTF16_BE):
            text = data[2:].decode("utf-16-be")
        elif data.startswith(codecs.BOM_UTF8):
            text = data[3:].decode("utf-8")
        elif order := _utf16_without_bom(data):
            text = data.decode(f"utf-16-{order}")
        else:
            if b"\x00" in data:
                raise _binary()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1257")
    except UnicodeDecodeError:
        raise _binary() from None
    text = text.lstrip("\ufeff")
    controls = len(CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 200):
        raise _binary()
    return CONTROL.sub("", text)


def _text_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _workbook_lines(data: bytes):
    """A workbook's first sheet as rows of text cells (the values saved in the file;
    formulas are never computed)."""
    from portalas.tables import TableError, _check_zip

    try:
        _check_zip(data)
    except TableError as error:
        raise ReportError(str(error)) from None
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                          keep_links=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ReportError(_("The workbook is damaged and could not be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + MAX_HEADER_LINE:
                break
            rows.append(["" if v is None else _cell_text(v) for v in values])
    finally:
        workbook.close()
    return rows


def _cell_text(value) -> str:
    from datetime import time, timedelta

    if isinstance(value, timedelta):
        return str(int(value.total_seconds()) // 60)
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}:{value.second:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def normal_header(cell: str) -> str:
    return " ".join(str(cell).replace("\ufeff", "").strip().strip('"').casefold().split())


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


@dataclass
class _Columns:
    name: int
    duration: int
    email: int | None
    upn: int | None
    role: int | None


def _columns(cells: list[str]) -> _Columns | None:
    header = [normal_header(c) for c in cells]
    name, duration = _find(header, NAME_COLUMNS), _find(header, DURATION_COLUMNS)
    if name is None or duration is None or name == duration:
        return None
    return _Columns(name=name, duration=duration, email=_find(header, EMAIL_COLUMNS),
                    upn=_find(header, UPN_COLUMNS), role=_find(header, ROLE_COLUMNS))


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []


def _locate_header(lines) -> tuple[int, str, _Columns]:
    """The header row's index, the separator and the columns; ReportError if none."""
    event_log = False
    for index, line in enumerate(lines[:MAX_HEADER_LINE]):
        candidates = [("", line)] if isinstance(line, list) else \
            [(d, _split(line, d)) for d in ("\t", ",", ";") if d in line]
        for delimiter, cells in candidates:
            columns = _columns(cells)
            if columns is not None:
                return index, delimiter, columns
            header = [normal_header(c) for c in cells]
            event_log = event_log or any(name in header for name in EVENT_LOG_COLUMNS)
    if event_log:
        raise ReportError(_("This is a log of joins and leaves without durations. Download "
                            "the meeting's attendance report (with each participant's time "
                            "in the meeting) and upload that."))
    raise ReportError(_("No participant table was found. The report needs a column with "
                        "the participant's name and one with the time in the meeting, as "
                        "Zoom's (“Name (Original Name)”, “Total Duration (Minutes)”) and "
                        "Teams' (“Name”, “In-Meeting Duration”) reports have."))


def _tool(lines, index: int, columns_header: list[str]) -> str:
    header = " ".join(columns_header)
    if "original name" in header or "(minutes)" in header or "user email" in header:
        return "zoom"
    above = " ".join(str(line) for line in lines[:index]).casefold()
    if "in-meeting duration" in header or "trukmė susitikime" in header or \
            "participant id (upn)" in header or "summary" in above or "santrauka" in above:
        return "teams"
    return ""


def _read_lines(lines) -> Report:
    index, delimiter, columns = _locate_header(lines)
    if isinstance(lines[index], list):
        header_cells = lines[index]
        body = ((index + 1 + offset + 1, cells) for offset, cells in
                enumerate(lines[index + 1:]))
    else:
        header_cells = _split(lines[index], delimiter)
        reader = csv.reader(io.StringIO("\n".join(lines[index + 1:])), delimiter=delimiter)
        body = _numbered(reader, first_line=index + 2)
    report = Report(tool=_tool(lines, index, [normal_header(c) for c in header_cells]))
    header_key = [normal_header(c) for c in header_cells]
    people: dict[tuple[str, str], ReportRow] = {}
    try:
        for line, cells in body:
            if not any(str(c).strip() for c in cells):
                continue
            first = str(cells[0]).strip() if cells else ""
            if SECTION.match(first) and not any(str(c).strip() for c in cells[1:]):
                break                       # the next section of a Teams report
            if [normal_header(c) for c in cells] == header_key:
                continue                    # the header repeated
            report.file_lines += 1
            if report.file_lines > MAX_ROWS:
                raise ReportError(_("The report has more than %(max)s participant rows.")
                                  % {"max": MAX_ROWS})
            _add_row(report, people, columns, line, cells)
    except csv.Error:
        raise ReportError(_("The file's quotes do not pair up: it is not a report as the "
                            "meeting tool saved it.")) from None
    report.rows = sorted(people.values(), key=lambda row: row.line)
    if not report.rows:
        raise ReportError(_("The participant table of the report is empty."))
    return report


def _numbered(reader, *, first_line: int):
    for cells in reader:
        yield first_line + reader.line_num - 1, cells


def clean_text(value) -> str:
    """A cell as plain text: control characters removed, spaces collapsed, shortened."""
    text = " ".join(CONTROL.sub(" ", str(value or "")).split())
    return text[:NAME_LENGTH]


def _cell(cells, index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return clean_text(cells[index])


def _add_row(report: Report, people: dict, columns: _Columns, line: int, cells) -> None:
    name = _cell(cells, columns.name)
    email = _cell(cells, columns.email).casefold()
    if not EMAIL.match(email):
        upn = _cell(cells, columns.upn).casefold()
        email = upn if EMAIL.match(upn) else ""
    if not name and not email:
        report.problems.append((line, _("no name and no e-mail")))
        return
    raw = _cell(cells, columns.duration)
    seconds = parse_duration(raw)
    if seconds is None:
        report.problems.append((line, _("the time in the meeting “%(value)s” is not "
                                        "understood") % {"value": raw[:40]}))
        return
    # Rejoins: the same name with the same e-mail (a shared mailbox keeps people apart).
    key = (email, " ".join(name_tokens(name)) or name.casefold())
    row = people.get(key)
    if row is None:
        people[key] = ReportRow(line=line, name=name or email, email=email,
                                seconds=seconds, role=_cell(cells, columns.role)[:60])
    else:
        row.seconds = min(row.seconds + seconds, MAX_SECONDS)
        row.lines += 1


DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\d\s.,]+\.?)")


def _unit(word: str) -> int | None:
    word = word.rstrip(".").casefold()
    if word in {"h", "hr", "hrs", "hour", "hours", "val", "valanda", "valandos", "valandų"}:
        return 3600
    if word in {"m", "min", "mins", "minute", "minutes", "minutė", "minutės", "minučių"}:
        return 60
    if word in {"s", "sec", "secs", "second", "seconds", "sek", "sekundė", "sekundės",
                "sekundžių"}:
        return 1
    return None


def parse_duration(value: str) -> int | None:
    """Seconds from a duration as the tools write it: ``1h 5m 3s``, ``45m 12s``,
    ``1 val. 5 min. 3 s``, ``01:05:03`` (h:mm:ss), ``1:05`` (h:mm), or a plain number of
    minutes (``95``, ``95,5``). None when it is none of these, negative or over a day."""
    text = " ".join(str(value).strip().casefold().split())
    if not text:
        return None
    seconds = None
    clock = re.fullmatch(r"(\d{1,3}):(\d{1,2})(?::(\d{1,2}))?", text)
    if clock:
        hours, mins, secs = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        if mins < 60 and secs < 60:
            seconds = hours * 3600 + mins * 60 + secs
    elif re.fullmatch(r"\d{1,6}(?:[.,]\d{1,3})?", text):
        seconds = round(float(text.replace(",", ".")) * 60)
    else:
        rest = DURATION_PART.sub("", text)
        if re.fullmatch(r"[\s,;]*(?:(?:and|ir)[\s,;]*)*", rest):
            total, seen = 0, False
            for number, word in DURATION_PART.findall(text):
                unit = _unit(word)
                if unit is None:
                    return None
                total += round(float(number.replace(",", ".")) * unit)
                seen = True
            seconds = total if seen else None
    if seconds is None or seconds < 0 or seconds > MAX_SECONDS:
        return None
    return seconds


# --- matching ----------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Lower case without diacritics (Žemaitė → zemaite)."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_tokens(text: str) -> list[str]:
    """The words of a name, folded and sorted: "Jonaitis, Jonas" and "jonas  JONAITIS"
    give the same words."""
    return sorted(re.sub(r"[^\w]+", " ", fold(text)).replace("_", " ").split())


def name_keys(name: str) -> set[tuple[str, ...]]:
    """The ways a report's name may be read: the whole, without what is in brackets
    (Zoom's original name, Teams' "(Guest)"), and what is in the brackets."""
    keys = set()
    inside = [a or b for a, b in BRACKETED.findall(name)]
    for candidate in [name, BRACKETED.sub(" ", name), *inside]:
        tokens = tuple(name_tokens(candidate))
        if len(tokens) >= 2:
            keys.add(tokens)
    return keys


def person_key(person) -> tuple[str, ...]:
    return tuple(name_tokens(f"{person.first_name} {person.last_name}"))


@dataclass
class Match:
    registration: object
    rows: list[ReportRow]
    how: str                      # "email", "name" or "manual" (chosen by staff)

    @property
    def seconds(self) -> int:
        return min(sum(row.seconds for row in self.rows), MAX_SECONDS)

    @property
    def minutes(self) -> int:
        return minutes_of(self.seconds)


@dataclass
class Unmatched:
    row: ReportRow
    ambiguous: bool = False       # the row fits several participants


@dataclass
class Matching:
    matched: list[Match] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    missing: list = field(default_factory=list)     # registered, not in the report


def _emails(registration) -> set[str]:
    person = registration.person
    found = {person.email}
    if person.user_id is not None:
        found.add(person.user.email)
    return {e.strip().casefold() for e in found if e and e.strip()}


def match_report(rows: list[ReportRow], registrations) -> Matching:
    """Rows to registrations: the e-mail first, then the name; never a guess between two.
    ``registrations``: the registered participants, with ``person`` and ``person__user``
    selected."""
    registrations = list(registrations)
    by_email: dict[str, list] = {}
    by_name: dict[tuple[str, ...], list] = {}
    for registration in registrations:
        for email in _emails(registration):
            by_email.setdefault(email, []).append(registration)
        by_name.setdefault(person_key(registration.person), []).append(registration)
    result = Matching()
    found: dict[int, Match] = {}
    for row in rows:
        registration, how, ambiguous = None, "", False
        candidates = by_email.get(row.email, []) if row.email else []
        if len(candidates) == 1:
            registration, how = candidates[0], "email"
        else:
            keys = name_keys(row.name)
            named = {r.pk: r for key in keys for r in by_name.get(key, [])}
            if candidates:                       # a shared mailbox: the name decides
                named = {pk: r for pk, r in named.items()
                         if any(r.pk == c.pk for c in candidates)}
                ambiguous = len(named) != 1
            if len(named) == 1:
                registration, how, ambiguous = next(iter(named.values())), "name", False
            elif len(named) > 1:
                ambiguous = True
        if registration is None:
            result.unmatched.append(Unmatched(row=row, ambiguous=ambiguous))
            continue
        if registration.pk in found:
            found[registration.pk].rows.append(row)
        else:
            found[registration.pk] = Match(registration=registration, rows=[row], how=how)
    result.matched = list(found.values())
    result.missing = [r for r in registrations if r.pk not in found]
    return result


def add_manual_matches(matching: Matching, chosen: dict[int, int]) -> Matching:
    """``matching`` with the rows staff matched by hand: ``chosen`` maps a report row (its
    line) to a registration's id. Only a row left unmatched and a registered participant
    no row matched count (anything else is ignored: the page offered no such choice); two
    rows given to one person are added up, as rejoins are."""
    rows = {item.row.line: item.row for item in matching.unmatched}
    missing = {registration.pk: registration for registration in matching.missing}
    found: dict[int, Match] = {}
    for line, registration_pk in chosen.items():
        row, registration = rows.get(line), missing.get(registration_pk)
        if row is None or registration is None:
            continue
        if registration.pk in found:
            found[registration.pk].rows.append(row)
        else:
            found[registration.pk] = Match(registration=registration, rows=[row], how="manual")
    used = {row.line for match in found.values() for row in match.rows}
    return Matching(
        matched=[*matching.matched, *found.values()],
        unmatched=[item for item in matching.unmatched if item.row.line not in used],
        missing=[r for r in matching.missing if r.pk not in found])


# --- what applying does --------------------------------------------------------------------------

@dataclass
class Planned:
    match: Match
    present: bool
    current: Attendance | None
    action: str                  # "new", "change", "same", "keep" (a mark on site stays)

    @property
    def writes(self) -> bool:
        return self.action in {"new", "change"}


def present_for(minutes: int, session, event) -> bool:
    """Present when the minutes reach the event's completion share of the session."""
    return minutes * 100 >= event.completion_percent * session.minutes


def threshold_minutes(session, event) -> int:
    """The fewest minutes that count as present at ``session``."""
    return -(-event.completion_percent * session.minutes // 100)


def plan_import(matching: Matching, session, event) -> list[Planned]:
    """What applying the matched rows would do at ``session``. A participant marked
    present on the list or by the QR code stays present when the report has too few
    minutes (they may have been in the room)."""
    current = {a.registration_id: a for a in
               Attendance.objects.filter(session=session,
                                         registration_id__in=[m.registration.pk
                                                              for m in matching.matched])}
    planned = []
    for match in matching.matched:
        minutes = match.minutes
        present = present_for(minutes, session, event)
        attendance = current.get(match.registration.pk)
        if attendance is None:
            action = "new"
        elif attendance.present and not present and \
                attendance.source != Attendance.Source.IMPORT:
            action = "keep"
        elif (attendance.present, attendance.minutes, attendance.source) == \
                (present, minutes, Attendance.Source.IMPORT):
            action = "same"
        else:
            action = "change"
        planned.append(Planned(match=match, present=present, current=attendance,
                               action=action))
    return planned


@transaction.atomic
def apply_import(planned: list[Planned], session, by) -> int:
    """Write the planned marks in one transaction; returns how many changed. Applying the
    same report again changes nothing."""
    from mokymai.services import mark_attendance

    written = 0
    for item in planned:
        if not item.writes:
            continue
        mark_attendance(registration=item.match.registration, session=session, by=by,
                        present=item.present, minutes=item.match.minutes,
                        source=Attendance.Source.IMPORT)
        written += 1
    return written
