"""The results of a study, computed once for the page, the documents and the metrics.

Every number shown passes one rule: **fewer than ``MIN_CELL`` answers are never shown** —
not a question's results, not a table cell, not a mean or a percentage, after every filter
and cross-tab. A cell below the threshold is ``None`` (shown as "< 5"); where exactly one
cell of a row would be hidden and the row's total shown, the next smallest is hidden too,
so the hidden one cannot be worked out by subtraction.

``responses`` is always a queryset of counted responses (``Response.objects.counted()``)
already narrowed to a scope (territory, municipality, library) and to any filters by
answers (``filtered``)."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.utils.translation import gettext as _

from bibliotekos.models import Library
from bibliotekos.scoping import descendant_ids, visible_library_ids
from portalas.ordering import sorted_lt
from tyrimai import services
from tyrimai.models import (
    MIN_CELL,
    SCALE_KINDS,
    Answer,
    Question,
    QuestionKind,
    Response,
    Study,
    Tag,
    pick,
)

# Two-sided 95 % critical values of Student's t by degrees of freedom (beyond 30: 1.96).
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
       9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131,
       16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074,
       23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042}


def t95(df: int) -> float:
    return T95.get(df, 1.96)


# --- scopes and filters ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """Whose answers: the territory (every participating library), a municipality's
    libraries or one library with its outlets (``library_ids``)."""

    level: str                      # territory | municipality | library
    key: str = ""                   # "t", "m<id>", "l<id>" (the query parameter ``vieta``)
    label: str = ""
    library_ids: frozenset | None = None

    def narrow(self, responses):
        if self.library_ids is None:
            return responses
        return responses.filter(library_id__in=self.library_ids)


def counted(study: Study):
    return Response.objects.counted().filter(study=study)


TERRITORY = "t"


def scopes_for(user, study: Study) -> list[Scope]:
    """The scopes ``user`` may choose for the study's results: the territory's totals to
    everyone who may read them; every municipality with participating libraries and every
    participating library to the whole-territory roles; to a librarian the participating
    libraries they answer for (a director's with the outlets, which count in the library's
    scope). Empty: no results for this user."""
    if not services.may_read_results(user, study):
        return []
    whole = user.sees_whole_territory
    mine = services.participating_libraries(user, study)
    libraries = list(Library.objects.filter(pk__in=mine).select_related("municipality"))
    scopes = [Scope("territory", TERRITORY, _("All participating libraries"), None)]
    if whole:
        by_place: dict = {}
        for library in libraries:
            if library.municipality_id is not None:
                by_place.setdefault(library.municipality, set()).add(library.pk)
        for place in sorted_lt(by_place, key=lambda m: m.name):
            scopes.append(Scope("municipality", f"m{place.pk}", place.name,
                                frozenset(by_place[place])))
    allowed = None if whole else visible_library_ids(user)
    for library in sorted_lt(libraries, key=lambda lib: lib.name):
        ids = {library.pk} | descendant_ids([library.pk])
        if allowed is not None:
            ids &= allowed
        scopes.append(Scope("library", f"l{library.pk}", library.name, frozenset(ids)))
    return scopes


def chosen_scope(scopes: list[Scope], key: str | None, user) -> Scope | None:
    """The scope ``?vieta=`` names among those offered (None: not offered — the view's
    404); without one, a librarian's own library, else the territory."""
    if not scopes:
        return None
    if key:
        return next((scope for scope in scopes if scope.key == key), None)
    if not user.sees_whole_territory:
        own = [scope for scope in scopes if scope.level == "library"]
        if own:
            return own[0]
    return scopes[0]


#: The kinds of question responses may be filtered by (the answer is a code or a number).
FILTER_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT,
                QuestionKind.NPS, QuestionKind.NUMBER)
#: The kinds a cross-tab may be made by (a question's options are its columns).
CROSSTAB_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT)
#: The widest range of numbers one filter condition may name ("18-29").
RANGE_LIMIT = 1000


class BadCondition(ValueError):
    """A filter ``?f=`` that does not name a question's answers."""


def parse_codes(question: Question, text: str) -> set[int]:
    """ "1,2" or "18-29" (or both, "1,3-5") as the set of codes or numbers of
    ``question``; ``BadCondition`` when one is not an answer the question has."""
    codes: set[int] = set()
    for part in (text or "").replace(" ", "").split(","):
        if not part:
            continue
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high) if dash else int(low)
        except ValueError:
            raise BadCondition(part) from None
        if last < first or last - first > RANGE_LIMIT:
            raise BadCondition(part)
        codes |= set(range(first, last + 1))
    if not codes:
        raise BadCondition(text)
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT):
        known = {o.code for o in question.options.all() if not o.row}
        if codes - known:
            raise BadCondition(text)
    elif question.kind == QuestionKind.NPS and (min(codes) < 0 or max(codes) > 10):
        raise BadCondition(text)
    return codes


def filter_questions_of(questions: list[Question]) -> list[Question]:
    """The questions responses may be filtered by."""
    return [q for q in questions if q.kind in FILTER_KINDS and not q.personal]


def crosstab_questions_of(questions: list[Question]) -> list[Question]:
    """The questions a cross-tab may be made by."""
    return [q for q in questions if q.kind in CROSSTAB_KINDS and not q.personal]


def parse_conditions(questions: list[Question], values: list[str]) -> list[tuple]:
    """``?f=Q6:18-29&f=Q1:1,2`` as ``filtered``'s conditions; ``BadCondition`` for a
    code that is not a filterable question of the study or an answer it does not have."""
    by_code = {q.code: q for q in filter_questions_of(questions)}
    conditions = []
    for value in values:
        code, colon, codes = (value or "").partition(":")
        question = by_code.get(code)
        if question is None or not colon:
            raise BadCondition(value)
        conditions.append((question, parse_codes(question, codes)))
    return conditions


def condition_text(question: Question, codes: set[int]) -> str:
    """A condition in words: "Q1: Kas savaitę, Kas mėnesį" or "Q6: 18–29"."""
    labels = {o.code: pick(o.label) for o in question.options.all() if not o.row}
    if labels:
        return f"{question.code}: " + ", ".join(labels.get(c, str(c)) for c in sorted(codes))
    ordered = sorted(codes)
    if len(ordered) > 2 and ordered[-1] - ordered[0] + 1 == len(ordered):
        return f"{question.code}: {ordered[0]}–{ordered[-1]}"
    return f"{question.code}: " + ", ".join(str(c) for c in ordered)


def condition_value(question: Question, codes: set[int]) -> str:
    """The condition back as ``?f=`` (ranges kept short)."""
    ordered = sorted(codes)
    parts, start = [], None
    for i, code in enumerate(ordered):
        start = code if start is None else start
        if i + 1 == len(ordered) or ordered[i + 1] != code + 1:
            parts.append(str(start) if start == code else
                         f"{start},{code}" if code == start + 1 else f"{start}-{code}")
            start = None
    return f"{question.code}:{','.join(parts)}"


def filtered(responses, conditions: list[tuple[Question, set[int]]]):
    """Only the responses that answered each (question, option codes) — e.g. the age
    group "under 30". A matrix or scale question filters by its values (codes)."""
    for question, codes in conditions:
        if question.kind in (QuestionKind.NPS, QuestionKind.NUMBER):
            match = Answer.objects.filter(question=question, number__in=list(codes))
        else:
            match = Answer.objects.filter(question=question, option__code__in=list(codes),
                                          option__row=False)
        responses = responses.filter(pk__in=match.values("response_id"))
    return responses


# --- one question -------------------------------------------------------------------------------

@dataclass
class Cell:
    label: str
    code: int | None
    count: int | None               # None: hidden (fewer than MIN_CELL)
    percent: Decimal | None = None


@dataclass
class Mean:
    n: int
    mean: Decimal | None
    low: Decimal | None = None      # the 95 % confidence interval
    high: Decimal | None = None


@dataclass
class Result:
    question: Question
    answered: int                   # responses that answered (0 when hidden)
    hidden: bool                    # fewer than MIN_CELL answered: nothing shown
    cells: list[Cell] = field(default_factory=list)
    mean: Mean | None = None
    rows: list[tuple[str, list[Cell], Mean | None]] = field(default_factory=list)  # matrix
    nps: Decimal | None = None      # % promoters − % detractors
    texts: int = 0                  # open answers (listed on their own page)
    other: int | None = None        # answers "other" (a count, hidden below MIN_CELL)


def _d(value, places=1) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


def _percent(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return _d(Decimal(part) * 100 / Decimal(whole))


def suppress(cells: list[Cell], total_shown: bool = True) -> list[Cell]:
    """Hide every count below MIN_CELL (zero is shown: nobody chose it); with the total
    shown, never leave exactly one hidden cell among counts (it could be subtracted)."""
    small = [c for c in cells if c.count is not None and 0 < c.count < MIN_CELL]
    for cell in small:
        cell.count = None
    if total_shown and len(small) == 1:
        rest = sorted((c for c in cells if c.count), key=lambda c: c.count)
        if rest:
            rest[0].count = None
    return cells


SQUARE = ExpressionWrapper(F("number") * F("number"),
                          output_field=DecimalField(max_digits=24, decimal_places=4))


def _mean(n: int, total, squares) -> Mean:
    """The mean and its 95 % interval (Student's t) from the count, the sum and the sum of
    squares (portable: no database needs a standard deviation function)."""
    if n < MIN_CELL or total is None:
        return Mean(n=n, mean=None)
    mean = float(total) / n
    variance = max(0.0, (float(squares) - n * mean * mean) / (n - 1)) if n > 1 else 0.0
    half = t95(n - 1) * math.sqrt(variance) / math.sqrt(n)
    return Mean(n=n, mean=_d(mean, 2), low=_d(mean - half, 2), high=_d(mean + half, 2))


def mean_of(values_qs, n: int) -> Mean:
    if n < MIN_CELL:
        return Mean(n=n, mean=None)
    found = values_qs.aggregate(k=Count("number"), total=Sum("number"), squares=Sum(SQUARE))
    return _mean(found["k"], found["total"], found["squares"])


#: Kinds the service stores as at most one answer row per response (a choice or a
#: written "other", a scale point, a rating): one grouped query gives everything.
ONE_ROW_KINDS = (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.NPS)


def _grouped(answers) -> tuple[list, int, dict]:
    """The (option, other, number, count) groups of a one-row kind, how many answered
    and the sums for the mean — one query."""
    groups = list(answers.values_list("option_id", "other", "number")
                  .annotate(n=Count("pk")).order_by())
    sums = {"k": 0, "total": None, "squares": None}
    for _option, _other, number, n in groups:
        if number is not None:
            number = Decimal(number)
            sums["k"] += n
            sums["total"] = (sums["total"] or 0) + number * n
            sums["squares"] = (sums["squares"] or 0) + number * number * n
    return groups, sum(group[3] for group in groups), sums


def question_result(question: Question, responses) -> Result:
    """The counts, percentages (of those who answered), mean with its 95 % interval, and
    for a 0–10 question the net promoter score, of one question over ``responses``.

    One or two queries whatever the number of answers or options (the results page of a
    question must stay fast with tens of thousands of responses): a single choice, a Likert
    scale and a rating in one grouped query; the others one aggregate (how many answered,
    the sums for the mean) and, for a multiple choice or a matrix, one grouped count."""
    answers = Answer.objects.filter(question=question, response__in=responses)
    kind = question.kind
    groups: list = []
    if kind in ONE_ROW_KINDS:
        groups, answered, found = _grouped(answers)
    else:
        measures = {"answered": Count("response_id", distinct=True)}
        if kind in SCALE_KINDS:
            measures.update(k=Count("number"), total=Sum("number"), squares=Sum(SQUARE))
        found = answers.aggregate(**measures)
        answered = found["answered"]
    if answered < MIN_CELL:
        return Result(question=question, answered=answered, hidden=True)
    result = Result(question=question, answered=answered, hidden=False)
    options = list(question.options.all())
    columns = [o for o in options if not o.row]
    if kind in SCALE_KINDS:
        result.mean = _mean(found["k"], found["total"], found["squares"])
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT):
        if kind == QuestionKind.MULTIPLE:
            groups = [(option_id, is_other, None, n) for option_id, is_other, n in (
                answers.values_list("option_id", "other")
                .annotate(n=Count("response_id", distinct=True)).order_by())]
        counts, other = {}, 0
        for option_id, is_other, _number, n in groups:
            if option_id is not None:
                counts[option_id] = counts.get(option_id, 0) + n
            elif is_other:
                other += n
        result.cells = suppress([Cell(pick(o.label), o.code, counts.get(o.pk, 0))
                                 for o in columns])
        if question.allow_other:
            result.other = other if other == 0 or other >= MIN_CELL else None
    elif kind == QuestionKind.NPS:
        counts: dict = {}
        for _option, _other, number, n in groups:
            if number is not None:
                counts[Decimal(number)] = counts.get(Decimal(number), 0) + n
        result.cells = suppress([Cell(str(n), n, counts.get(Decimal(n), 0)) for n in range(11)])
        promoters = sum(c for v, c in counts.items() if v >= 9)
        detractors = sum(c for v, c in counts.items() if v <= 6)
        result.nps = _d(Decimal(promoters - detractors) * 100 / answered)
    elif kind == QuestionKind.MATRIX:
        _matrix_rows(result, answers, options, columns)
    elif kind in (QuestionKind.SHORT, QuestionKind.LONG):
        result.texts = answered
    for cell in result.cells:
        cell.percent = _percent(cell.count, answered)
    return result


def _matrix_rows(result: Result, answers, options, columns) -> None:
    """Each matrix row's counts and mean, from one grouped query (row, column)."""
    grouped: dict[int, dict] = {}
    for row_id, option_id, k, total, squares in (
            answers.filter(row__isnull=False).values_list("row_id", "option_id")
            .annotate(k=Count("pk"), total=Sum("number"), squares=Sum(SQUARE)).order_by()):
        row = grouped.setdefault(row_id, {"counts": {}, "n": 0, "k": 0, "total": Decimal(0),
                                          "squares": Decimal(0)})
        row["counts"][option_id] = row["counts"].get(option_id, 0) + k
        row["n"] += k
        if total is not None:
            row["k"] += k
            row["total"] += Decimal(total)
            row["squares"] += Decimal(squares)
    for row in (o for o in options if o.row):
        found = grouped.get(row.pk, {"counts": {}, "n": 0, "k": 0, "total": None,
                                     "squares": None})
        n = found["n"]
        if n < MIN_CELL:
            result.rows.append((pick(row.label), [Cell(pick(c.label), c.code, None)
                                                  for c in columns], Mean(n=n, mean=None)))
            continue
        cells = suppress([Cell(pick(c.label), c.code, found["counts"].get(c.pk, 0))
                          for c in columns])
        for cell in cells:
            cell.percent = _percent(cell.count, n)
        mean = (_mean(found["k"], found["total"], found["squares"]) if found["k"] >= MIN_CELL
                else Mean(n=n, mean=None))
        result.rows.append((pick(row.label), cells, mean))


# --- cross-tab ----------------------------------------------------------------------------------

@dataclass
class CrossTab:
    rows_question: Question
    columns_question: Question
    columns: list[tuple[int, str]]
    rows: list[tuple[int, str, list[int | None], int | None]]   # code, label, cells, total
    hidden: bool = False


def _hide_one_more(cells: list) -> bool:
    """With exactly one hidden cell and another shown, hide the smallest shown one (in
    place); True when something changed."""
    hidden = [i for i, value in enumerate(cells) if value is None]
    shown = [(value, i) for i, value in enumerate(cells) if value]
    if len(hidden) == 1 and shown:
        cells[min(shown)[1]] = None
        return True
    return False


def crosstab(rows_question: Question, columns_question: Question, responses) -> CrossTab:
    """Counts of responses by the answers to two choice questions (a respondent in several
    options of a multiple choice counts in each); every cell and total below MIN_CELL
    hidden, and one more where a single hidden cell could be subtracted."""
    def choices(question):
        return [(o.code, pick(o.label)) for o in question.options.all() if not o.row]

    # one grouped query: each response's row option against its column option
    counts: dict[tuple[int, int], int] = {}
    pairs = (Answer.objects.filter(question=rows_question, response__in=responses,
                                   option__isnull=False,
                                   response__answers__question=columns_question,
                                   response__answers__option__isnull=False)
             .values_list("option__code", "response__answers__option__code")
             .annotate(n=Count("response_id", distinct=True)).order_by())
    for row_code, column_code, n in pairs:
        counts[(row_code, column_code)] = n
    columns = choices(columns_question)
    table = CrossTab(rows_question, columns_question, columns, [])
    total_all = 0
    grid = []
    for code, label in choices(rows_question):
        cells = [counts.get((code, column), 0) for column, _l in columns]
        total_all += sum(cells)
        grid.append((code, label, [None if 0 < n < MIN_CELL else n for n in cells],
                     sum(cells)))
    # the margins are known (each question's own results): a row or a column with exactly
    # one hidden cell gives it away, so hide its smallest shown one too, until none does
    changed = True
    while changed:
        changed = False
        for row in grid:
            changed |= _hide_one_more(row[2])
        for column in range(len(columns)):
            cells = [row[2][column] for row in grid]
            if _hide_one_more(cells):
                for row, value in zip(grid, cells, strict=True):
                    row[2][column] = value
                changed = True
    for code, label, cells, total in grid:
        table.rows.append((code, label, cells,
                           total if total >= MIN_CELL or total == 0 else None))
    table.hidden = total_all < MIN_CELL
    return table


# --- a whole study -----------------------------------------------------------------------------

def study_questions(study: Study) -> list[Question]:
    """The questions results show (never a personal-data one), with their options."""
    return list(study.questions.exclude(personal=True).select_related("section")
                .prefetch_related("options"))


def study_results(study: Study, responses, questions: list[Question] | None = None
                  ) -> list[Result]:
    questions = study_questions(study) if questions is None else questions
    return [question_result(question, responses) for question in questions]


def response_count(responses) -> int | None:
    """How many responses, or None below MIN_CELL (the page then shows nothing)."""
    n = responses.count()
    return n if n >= MIN_CELL else None


def key_mean_by_library(study: Study) -> dict[int, Mean]:
    """The key satisfaction question's mean per participating library (for the table
    beside the libraries' statistics); libraries below MIN_CELL get ``mean=None``."""
    question = study.key_question
    if question is None:
        return {}
    rows = (Answer.objects.filter(question=question, response__excluded=False,
                                  number__isnull=False)
            .values("response__library_id")
            .annotate(n=Count("pk"), total=Sum("number"), squares=Sum(SQUARE)))
    return {row["response__library_id"]: _mean(row["n"], row["total"], row["squares"])
            for row in rows}


def previous_result(question: Question, scope: Scope) -> Result | None:
    """The same question (by code) of the study's previous round, over the same scope."""
    previous = question.study.previous
    if previous is None:
        return None
    match = previous.questions.filter(code=question.code, kind=question.kind).first()
    if match is None:
        return None
    return question_result(match, scope.narrow(counted(previous)))


def previous_results(study: Study, scope: Scope, conditions=(),
                     questions: list[Question] | None = None) -> dict[str, Result]:
    """The previous round's results of ``questions`` (default: all the study shows) that
    have a question of the same code and kind there, over the same scope and the same
    filters (each filter's question found by its code too; when one is missing there, no
    comparison: it would compare different people). By code."""
    previous = study.previous
    if previous is None:
        return {}
    earlier = {q.code: q for q in study_questions(previous)}
    mapped = []
    for question, chosen in conditions:
        match = earlier.get(question.code)
        if match is None or match.kind != question.kind:
            return {}
        mapped.append((match, chosen))
    current = study_questions(study) if questions is None else questions
    responses = filtered(scope.narrow(counted(previous)), mapped)
    return {q.code: question_result(earlier[q.code], responses) for q in current
            if q.code in earlier and earlier[q.code].kind == q.kind}


# --- open answers -------------------------------------------------------------------------------

def has_open_answers(question: Question) -> bool:
    """Short and long texts, and the "other" answers of a choice question."""
    return not question.personal and (question.is_text
                                       or (question.is_choice and question.allow_other))


def open_answers(question: Question, responses, tag: Tag | None = None):
    """The texts written to ``question`` by ``responses``, newest first (a personal-data
    question has none here: staff read those in the raw export only)."""
    if not has_open_answers(question):
        return Answer.objects.none()
    answers = (Answer.objects.filter(question=question, response__in=responses)
               .exclude(text=""))
    if question.is_choice:
        answers = answers.filter(other=True)
    if tag is not None:
        answers = answers.filter(tags=tag)
    return answers.select_related("response").order_by("-response__submitted_at", "-pk")


def tag_counts(study: Study, answers) -> list[Tag]:
    """The study's tags, each with ``n``: how many of ``answers`` carry it."""
    ids = answers.order_by().values("pk")
    return list(Tag.objects.filter(study=study)
                .annotate(n=Count("answers", filter=Q(answers__in=ids))).order_by("name"))


# --- beside the libraries' statistics ----------------------------------------------------------

def responses_by_library(study: Study) -> dict[int, int]:
    """Counted responses per library (shown or hidden by the caller: below MIN_CELL)."""
    return dict(counted(study).values_list("library_id").annotate(n=Count("pk")).order_by())


def responses_by_study(study_ids) -> dict[int, int]:
    """Counted responses of each study, the territory's totals; a study with fewer than
    MIN_CELL is left out (not shown)."""
    rows = (Response.objects.counted().filter(study_id__in=list(study_ids))
            .values_list("study_id").annotate(n=Count("pk")).order_by())
    return {study_id: n for study_id, n in rows if n >= MIN_CELL}
