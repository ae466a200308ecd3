"""The questionnaire as a form: one reader and one renderer for the public page, the
preview and the paper-entry page.

Not a Django ``Form``: the questions are data (a study's sections, questions and options),
and the answers go to ``services.submit_response`` in its own shape (``raw``, see
``tyrimai.services``) — the service validates, this module only reads the posted fields
into that shape and puts the service's errors back next to each question.

Field names, by question id ``<id>``: ``q<id>`` (the answer), ``q<id>_other`` (the
"other" text), ``q<id>_r<row code>`` (a matrix row, public page). On the paper page every
question is one text input of codes: ``2`` (single), ``1 3`` (multiple), ``3 2`` or ``32``
(a matrix, a code per row in order, ``-`` for a row left empty)."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tyrimai import public_texts
from tyrimai.models import Question, QuestionKind, Section, Study, pick
from tyrimai.services import MAX_TEXT

OTHER = "other"
#: What the paper page's code inputs split on.
SEPARATORS = re.compile(r"[\s,;/]+")
#: A matrix row left empty on paper.
SKIPPED = {"-", ".", "_"}


@dataclass
class Choice:
    code: int
    label: str
    checked: bool = False


@dataclass
class Row:
    """A matrix row: its own radio group (``name``) over the question's columns."""

    code: int
    label: str
    name: str
    choices: list[Choice]


@dataclass
class Item:
    """One question as the form shows it, with what was typed and what is wrong."""

    question: Question
    text: str
    help: str
    choices: list[Choice] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    value: str = ""                 # a text/number/code input's value
    other: str = ""                 # the "other" text
    other_checked: bool = False
    error: str = ""
    show_if_codes: str = ""         # "1 2" for the script
    consent_before: bool = False    # the consent box goes before the first personal one
    paper: bool = False             # the paper page's code input

    @property
    def pk(self) -> int:
        return self.question.pk

    @property
    def name(self) -> str:
        return f"q{self.question.pk}"

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def first_id(self) -> str:
        """The id of the first input: where the error summary's link leads."""
        if self.kind == QuestionKind.MATRIX and self.rows:
            return f"{self.rows[0].name}-{self.rows[0].choices[0].code}" \
                if self.rows[0].choices else self.name
        if self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT,
                         QuestionKind.NPS) and self.choices:
            return f"{self.name}-{self.choices[0].code}"
        return self.name

    @property
    def show_if_name(self) -> str:
        return f"q{self.question.show_if_id}" if self.question.show_if_id else ""

    @property
    def template(self) -> str:
        return "tyrimai/_question_paper.html" if self.paper \
            else f"tyrimai/_question_{self.kind}.html"

    @property
    def codes_hint(self) -> str:
        """The paper page's list of codes: "1 Weekly · 2 Monthly"."""
        return " · ".join(f"{c.code} {c.label}" for c in self.choices)


@dataclass
class Part:
    """A section of the questionnaire: its title and questions."""

    number: int
    title: str
    items: list[Item]
    progress: str = ""


class AnswerForm:
    """The questionnaire of ``study`` in ``language``, filled from ``data`` (a POST) when
    given. ``paper=True``: the code inputs of the paper-entry page."""

    def __init__(self, study: Study, language: str = "lt", data=None, *, paper: bool = False):
        self.study = study
        self.language = language
        self.data = data
        self.paper = paper
        self.parse_errors: dict[int, str] = {}
        self.other_error = ""
        self.parts = self._parts()
        self.items = [item for part in self.parts for item in part.items]
        self.asks_personal = any(item.question.personal for item in self.items)
        self.consent = bool(data and data.get("sutikimas"))
        if data is not None:
            for item in self.items:
                self._fill(item)

    # --- building ------------------------------------------------------------------------

    def _parts(self) -> list[Part]:
        sections = list(Section.objects.filter(study=self.study).order_by("order", "pk"))
        questions = (self.study.questions.select_related(None).prefetch_related("options")
                     .order_by("section__order", "order", "pk"))
        by_section: dict[int, list[Item]] = {}
        for question in questions:
            by_section.setdefault(question.section_id, []).append(self._item(question))
        shown = [section for section in sections if by_section.get(section.pk)]
        personal = [item for section in shown for item in by_section[section.pk]
                    if item.question.personal]
        if personal:
            personal[0].consent_before = True
        return [Part(number=number, title=pick(section.title, self.language),
                     items=by_section[section.pk],
                     progress=public_texts.text("progress", self.language, number=number,
                                                total=len(shown)))
                for number, section in enumerate(shown, start=1)]

    def _item(self, question: Question) -> Item:
        language = self.language
        options = list(question.options.all())
        columns = [Choice(o.code, pick(o.label, language)) for o in options if not o.row]
        if question.kind == QuestionKind.NPS:
            columns = [Choice(n, str(n)) for n in range(11)]
        elif question.kind == QuestionKind.LIKERT and not columns:
            columns = [Choice(n, str(n)) for n in range(1, question.scale_points + 1)]
        rows = [Row(o.code, pick(o.label, language), f"q{question.pk}_r{o.code}",
                    [Choice(c.code, c.label) for c in columns])
                for o in options if o.row]
        return Item(question=question, text=pick(question.text, language),
                    help=pick(question.help_text, language), choices=columns, rows=rows,
                    show_if_codes=" ".join(str(c) for c in question.show_if_codes or []),
                    paper=self.paper)

    # --- reading the posted fields --------------------------------------------------------

    def _fill(self, item: Item) -> None:
        data, name = self.data, item.name
        item.value = (data.get(name) or "")[:5000]
        item.other = (data.get(f"{name}_other") or "")[:5000]
        if self.paper:
            return
        kind = item.kind
        if kind == QuestionKind.MULTIPLE:
            chosen = set(data.getlist(name))
            for choice in item.choices:
                choice.checked = str(choice.code) in chosen
        elif kind in (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.NPS):
            for choice in item.choices:
                choice.checked = item.value == str(choice.code)
            item.other_checked = item.value == OTHER
        elif kind == QuestionKind.MATRIX:
            for row in item.rows:
                picked = data.get(row.name) or ""
                for choice in row.choices:
                    choice.checked = picked == str(choice.code)

    def raw(self) -> dict:
        """The answers in the service's shape, by question id."""
        return {item.pk: self._raw_one(item) for item in self.items}

    def _raw_one(self, item: Item):
        kind = item.kind
        if self.paper:
            return self._raw_paper(item)
        if kind == QuestionKind.SINGLE:
            chosen_other = item.value == OTHER or (not item.value and item.other.strip())
            option = None if chosen_other or not item.value else item.value
            return {"option": option, "other": item.other}
        if kind == QuestionKind.MULTIPLE:
            return {"options": self.data.getlist(item.name), "other": item.other}
        if kind == QuestionKind.MATRIX:
            return {str(row.code): self.data.get(row.name) for row in item.rows
                    if self.data.get(row.name)}
        return item.value

    def _raw_paper(self, item: Item):
        kind, typed = item.kind, item.value.strip()
        codes = [code for code in SEPARATORS.split(typed) if code]
        if kind == QuestionKind.SINGLE:
            if len(codes) > 1:
                self.parse_errors[item.pk] = _("Type one code.")
            return {"option": codes[0] if len(codes) == 1 else None, "other": item.other}
        if kind == QuestionKind.MULTIPLE:
            return {"options": codes, "other": item.other}
        if kind == QuestionKind.MATRIX:
            if len(codes) == 1 and len(typed) > 1 and len(item.rows) > 1:
                codes = list(typed)              # "32": a digit per row
            if len(codes) > len(item.rows):
                self.parse_errors[item.pk] = _(
                    "Type one code per row (%(rows)d rows).") % {"rows": len(item.rows)}
                return {}
            return {str(row.code): code for row, code in zip(item.rows, codes, strict=False)
                    if code not in SKIPPED}
        return typed if kind in (QuestionKind.LIKERT, QuestionKind.NPS,
                                 QuestionKind.NUMBER) else item.value

    # --- errors ---------------------------------------------------------------------------

    def set_errors(self, errors: dict, *, public: bool = True) -> None:
        """Put the service's errors (and the paper codes' own) next to their questions; on
        the public page in the questionnaire's language (``public_error``)."""
        errors = {**errors, **self.parse_errors}
        by_pk = {item.pk: item for item in self.items}
        for question_id, message in errors.items():
            item = by_pk.get(question_id)
            if item is None:
                self.other_error = (public_texts.text("error_empty", self.language)
                                    if public else str(message))
                continue
            item.error = public_error(str(message), item.question, self.language) \
                if public else str(message)

    @property
    def error_items(self) -> list[Item]:
        return [item for item in self.items if item.error]

    @property
    def has_errors(self) -> bool:
        return bool(self.other_error or self.error_items)


# The service's messages (English source text, raised under ``translation.override("en")``)
# and the public text each stands for.
_ERROR_KEYS = {
    "Please answer this question.": "error_required",
    "This answer is not one of the choices.": "error_choice",
    "Choose one answer or write your own, not both.": "error_one_or_other",
    "Please answer every row.": "error_every_row",
}


def public_error(message: str, question: Question, language: str) -> str:
    """The service's error for ``question`` in the questionnaire's language. The public
    view validates under ``translation.override("en")``, so ``message`` is the English
    source text; anything unknown falls back to "not one of the choices"."""
    key = _ERROR_KEYS.get(message)
    if message.startswith("The answer is too long"):
        limit = 300 if question.kind == QuestionKind.SHORT else MAX_TEXT
        return public_texts.text("error_too_long", language, limit=limit)
    if message.startswith("The number must be between"):
        low, high = _limits(question)
        return public_texts.text("error_range", language,
                                 low=public_texts.plain_number(low, language),
                                 high=public_texts.plain_number(high, language))
    if key == "error_choice" and question.kind == QuestionKind.NUMBER:
        key = "error_number"
    return public_texts.text(key or "error_choice", language)


def _limits(question: Question):
    if question.kind == QuestionKind.LIKERT:
        return 1, question.scale_points
    if question.kind == QuestionKind.NPS:
        return 0, 10
    return question.minimum, question.maximum
