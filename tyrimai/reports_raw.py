"""The raw answers of a study for SPSS or R (``tyrimai.raw``, staff only) and its codebook
(``tyrimai.codebook``).

One row per response, one column per answer — the codes documented in the codebook:

==============  ==================================================================
response        ``response_id``, ``library_code``, ``library``, ``municipality``,
                ``channel`` (link/kiosk/paper), ``language``, ``submitted`` (ISO 8601,
                Europe/Vilnius), ``excluded`` and ``consent`` (1/0)
single          ``<code>`` the chosen option's code; ``<code>_other`` the text written
                instead, when the question allows it
multiple        ``<code>_<option code>`` 1 chosen, 0 not (empty: the question was not
                answered at all); ``<code>_other``
likert, nps,    ``<code>`` the number
number
short, long     ``<code>`` the text
matrix          ``<code>_r<row code>`` the chosen column's code
==============  ==================================================================

An empty cell is a missing answer (not shown to the respondent, or skipped). Questions
asking for contact data are included — the export is staff only — with the ``consent`` the
respondent gave. CSV dialect: UTF-8 with a byte-order mark, comma-separated, fields quoted
with ``"`` only when needed (a quote inside doubled), one ``\\n`` per row, decimal point
``.``. Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``) starts with an apostrophe in both CSV and XLSX; HTML and emoji are kept as typed.

The answers are read in one pass ordered by response (plain values, no model instances):
20,000 responses are a few hundred thousand answer rows, and no response costs a query of
its own."""

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ataskaitos.document import Column, Document, Rows, Section, Table
from portalas.forms import ReportParamsForm
from portalas.registry import report_kind
from tyrimai import services
from tyrimai.models import (
    LANGUAGES,
    Answer,
    Channel,
    Question,
    QuestionKind,
    Response,
    Study,
    pick,
)

__all__: list[str] = []

#: The response's own columns, before the answers.
RESPONSE_COLUMNS = ("response_id", "library_code", "library", "municipality", "channel",
                    "language", "submitted", "excluded", "consent")


@dataclass
class Variable:
    """One column of the raw answers and its codebook entry."""

    name: str
    label: str                      # the question's Lithuanian text (and the option's)
    kind: str                       # what the codebook says the column holds
    numeric: bool = False
    codes: list[tuple[object, str]] = field(default_factory=list)


# --- the columns ------------------------------------------------------------------------------

def _options(question: Question, row: bool = False):
    return [o for o in question.options.all() if o.row == row]


def _kind_label(question: Question) -> str:
    return str(QuestionKind(question.kind).label)


def question_variables(question: Question) -> list[Variable]:
    """The columns of one question (see the module's table)."""
    code, text, kind = question.code, pick(question.text, "lt"), _kind_label(question)
    columns = _options(question)
    if question.kind == QuestionKind.SINGLE:
        found = [Variable(code, text, kind, True,
                          [(o.code, pick(o.label, "lt")) for o in columns])]
    elif question.kind == QuestionKind.MULTIPLE:
        found = [Variable(f"{code}_{o.code}", f"{text} — {pick(o.label, 'lt')}",
                          _("%(kind)s: 1 chosen, 0 not") % {"kind": kind}, True,
                          [(1, _("chosen")), (0, _("not chosen"))]) for o in columns]
    elif question.kind == QuestionKind.MATRIX:
        scale = [(o.code, pick(o.label, "lt")) for o in columns]
        found = [Variable(f"{code}_r{row.code}", f"{text} — {pick(row.label, 'lt')}", kind,
                          True, scale) for row in _options(question, row=True)]
    elif question.kind == QuestionKind.LIKERT:
        found = [Variable(code, text, kind, True,
                          [(o.code, pick(o.label, "lt")) for o in columns])]
    elif question.kind in (QuestionKind.NPS, QuestionKind.NUMBER):
        found = [Variable(code, text, kind, True)]
    else:
        found = [Variable(code, text, kind)]
    if question.is_choice and question.allow_other:
        found.append(Variable(f"{code}_other", f"{text} — {_('other (written)')}",
                              _("Text")))
    if question.personal:
        for variable in found:
            variable.kind = _("%(kind)s; contact data, kept only with consent") % {
                "kind": variable.kind}
    return found


def response_variables() -> list[Variable]:
    yes_no = [(1, _("yes")), (0, _("no"))]
    return [
        Variable("response_id", _("Response number"), _("Number"), True),
        Variable("library_code", _("Library's code"), _("Text")),
        Variable("library", _("Library"), _("Text")),
        Variable("municipality", _("Municipality"), _("Text")),
        Variable("channel", _("How the answers came in"), _("Code"),
                 codes=[(choice.value, str(choice.label)) for choice in Channel]),
        Variable("language", _("Language of the questionnaire"), _("Code"),
                 codes=list(LANGUAGES)),
        Variable("submitted", _("Submitted (Europe/Vilnius time)"),
                 _("Date and time, ISO 8601")),
        Variable("excluded", _("Excluded from the results by the department"), _("Code"),
                 True, yes_no),
        Variable("consent", _("Agreed to give contact data"), _("Code"), True, yes_no),
    ]


def study_questions(study: Study) -> list[Question]:
    return list(study.questions.select_related("section").prefetch_related("options"))


def variables(study: Study, questions: list[Question] | None = None) -> list[Variable]:
    questions = study_questions(study) if questions is None else questions
    found = response_variables()
    for question in questions:
        found += question_variables(question)
    return found


# --- the rows ----------------------------------------------------------------------------------

def plain_number(value: Decimal | None):
    """A stored number as the file writes it: 4, not 4.00; 12.5, not 12.50."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def _answer_cells(questions: list[Question]):
    """For each question id, a function putting one response's answers to it into the row
    (a dict by column name). Built once per export: option id → code looked up in dicts."""
    codes = {o.pk: o.code for q in questions for o in q.options.all()}

    def single(question):
        def put(row, answers):
            for _q, option_id, _row, _number, text, other in answers:
                if other:
                    row[f"{question.code}_other"] = text
                elif option_id is not None:
                    row[question.code] = codes[option_id]
        return put

    def multiple(question):
        names = [f"{question.code}_{o.code}" for o in _options(question)]

        def put(row, answers):
            for name in names:
                row[name] = 0
            for _q, option_id, _row, _number, text, other in answers:
                if other:
                    row[f"{question.code}_other"] = text
                elif option_id is not None:
                    row[f"{question.code}_{codes[option_id]}"] = 1
        return put

    def matrix(question):
        def put(row, answers):
            for _q, option_id, row_id, _number, _text, _other in answers:
                if row_id is not None and option_id is not None:
                    row[f"{question.code}_r{codes[row_id]}"] = codes[option_id]
        return put

    def number(question):
        def put(row, answers):
            for _q, _option, _row, value, _text, _other in answers:
                if value is not None:
                    row[question.code] = plain_number(value)
        return put

    def text(question):
        def put(row, answers):
            for _q, _option, _row, _number, value, _other in answers:
                row[question.code] = value
        return put

    makers = {QuestionKind.SINGLE: single, QuestionKind.MULTIPLE: multiple,
              QuestionKind.MATRIX: matrix, QuestionKind.LIKERT: number,
              QuestionKind.NPS: number, QuestionKind.NUMBER: number,
              QuestionKind.SHORT: text, QuestionKind.LONG: text}
    return {q.pk: makers[q.kind](q) for q in questions}


RESPONSE_FIELDS = ("pk", "library__code", "library__name", "library__municipality__name",
                   "channel", "language", "submitted_at", "excluded", "consent")
ANSWER_FIELDS = ("response_id", "question_id", "option_id", "row_id", "number", "text",
                 "other")


def raw_rows(study: Study, responses, questions: list[Question], names: list[str],
             progress=None):
    """One list per response (in ``names``' order), oldest response first: the responses'
    own columns read once, then every answer of the study in one pass ordered by response."""
    zone = timezone.get_default_timezone()
    put = _answer_cells(questions)
    heads = {}
    for (pk, code, library, place, channel, language, submitted, excluded,
         consent) in responses.order_by("pk").values_list(*RESPONSE_FIELDS):
        heads[pk] = {"response_id": pk, "library_code": code, "library": library,
                     "municipality": place or "", "channel": channel, "language": language,
                     "submitted": timezone.localtime(submitted, zone).isoformat(
                         timespec="seconds"),
                     "excluded": int(excluded), "consent": int(consent)}
    answers = (Answer.objects.filter(response__in=responses.values("pk"))
               .order_by("response_id", "question_id", "pk").values_list(*ANSWER_FIELDS)
               .iterator(chunk_size=10_000))
    by_response = groupby(answers, key=lambda a: a[0])
    waiting = next(by_response, None)
    total = max(1, len(heads))
    for number, (pk, row) in enumerate(heads.items(), start=1):
        while waiting is not None and waiting[0] < pk:      # answers of no listed response
            waiting = next(by_response, None)
        if waiting is not None and waiting[0] == pk:
            for question_id, answers_to in groupby((a[1:] for a in waiting[1]),
                                                   key=lambda a: a[0]):
                if question_id in put:
                    put[question_id](row, list(answers_to))
            waiting = next(by_response, None)
        if progress is not None and number % 5000 == 0:
            progress(10 + 50 * number // total)
        yield [row.get(name) for name in names]


# --- the codebook -----------------------------------------------------------------------------

def codebook_header() -> list[str]:
    return [_("Variable"), _("Question"), _("Type"), _("Code"), _("Label")]


def codebook_rows(found: list[Variable]) -> list[list]:
    """One row per code of a coded variable, one row for any other variable."""
    rows = []
    for variable in found:
        if not variable.codes:
            rows.append([variable.name, variable.label, variable.kind, None, None])
        for code, label in variable.codes:
            rows.append([variable.name, variable.label, variable.kind, code, label])
    return rows


def _filename(prefix: str, study: Study) -> str:
    return f"{prefix}-{study.pk}-{timezone.localdate().isoformat()}"


# --- the workbook --------------------------------------------------------------------------------

@dataclass
class RawWorkbook(Document):
    """The raw answers and the codebook as a Document (what every renderer can draw) that
    also writes its own XLSX, which the engine uses (``ataskaitos.renderers.render``):
    the rows streamed as sheet XML by ``ataskaitos.xlsx_stream`` — several times faster
    than openpyxl (even its write-only mode) on 20,000 rows × 50 columns. The cells are
    what openpyxl wrote: texts neutralised against formulas (``_xlsx_value``), numbers as
    numbers, an empty cell for no answer; a bold header row kept in view."""

    def render_xlsx(self) -> bytes:
        from ataskaitos.xlsx_stream import Sheet, workbook_bytes
        from portalas.tables import _xlsx_value, sheet_title

        def cells(rows):
            for row in rows:
                yield [_xlsx_value(value) if isinstance(value, str) else value
                       for value in row]

        used: set[str] = set()
        return workbook_bytes(
            [Sheet(sheet_title(table.sheet or table.title, used),
                   [_xlsx_value(column.label) for column in table.columns],
                   cells(table.rows))
             for table in self.sections[0].tables],
            title=self.title)


# --- the kinds -----------------------------------------------------------------------------------

class StudyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.opens_on.isoformat()})"


class RawParams(ReportParamsForm):
    """A study; only department staff get its raw answers (management read results)."""

    study = StudyChoiceField(Study.objects.none(), label=gettext_lazy("Study"))
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")], required=False,
                               widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["study"].queryset = Study.objects.visible_to(self.user)

    def clean(self):
        cleaned = super().clean()
        if not services.may_edit(self.user):
            raise ValidationError(_("The raw answers are open to the department's staff "
                                    "only."))
        return cleaned


class CodebookParams(RawParams):
    """The codebook names no respondent: whoever reads the questionnaire may have it."""

    def clean(self):
        return forms.Form.clean(self)


def raw_document(study: Study, user, progress=None, *, format: str = "xlsx"):
    """The raw answers as Rows (CSV) or a two-sheet Document (XLSX: the answers and the
    codebook)."""
    responses = Response.objects.visible_to(user).filter(study=study)
    questions = study_questions(study)
    found = variables(study, questions)
    names = [variable.name for variable in found]
    rows = list(raw_rows(study, responses, questions, names, progress))
    title = _("Raw answers: %(study)s") % {"study": study.title}
    filename = _filename("tyrimo-atsakymai", study)
    if format == "csv":
        return Rows(title=title, header=names, rows=rows, filename=filename)
    columns = [Column(variable.name, "number" if variable.numeric else "text")
               for variable in found]
    return RawWorkbook(title=title, subtitle=study.title, filename=filename, sections=[
        Section(heading=title, tables=[
            Table(title, columns, rows, sheet=_("Answers"), paper=False),
            Table(_("Codebook"), [Column(label) for label in codebook_header()],
                  codebook_rows(found), sheet=_("Codebook"))])])


@report_kind("tyrimai.raw", label=gettext_lazy("Raw answers of a study"), form=RawParams,
             output="rows", staff_only=True,
             description=gettext_lazy(
                 "One row per response, one column per answer, for SPSS or R; the XLSX has "
                 "the codebook on its second sheet. CSV: UTF-8, comma-separated, decimal "
                 "point, an empty cell is a missing answer."))
def raw(*, params, user, progress):
    return raw_document(params["study"], user, progress, format=params.get("format") or "xlsx")


@report_kind("tyrimai.codebook", label=gettext_lazy("Codebook of a study"),
             form=CodebookParams, output="rows",
             description=gettext_lazy("Every column of the raw answers: the question, its "
                                      "type and what each code means."))
def codebook(*, params, user, progress):
    study = params["study"]
    found = variables(study)
    return Rows(title=_("Codebook: %(study)s") % {"study": study.title},
                header=codebook_header(), rows=codebook_rows(found),
                filename=_filename("tyrimo-kodu-knyga", study))
