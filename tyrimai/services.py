"""Writes of the research app, and who may do what — decided here, once; the views ask.

Answers come in through one function, ``submit_response``, whatever the channel (a phone
through a library's link, a desk kiosk, a paper form typed in): it checks the study is
open, the library takes part, every shown required question is answered and every value
is one the question allows, and stores the response with the library it belongs to.

The answers' shape (``raw``), by question id, the same for the public form and the paper
entry page:

==========  ==============================================================================
single      ``{"option": code or None, "other": "text"}``
multiple    ``{"options": [code, …], "other": "text"}``
likert/nps  a number (Likert 1…points, recommendation 0–10)
number      a number within the question's limits
short/long  a text
matrix      ``{row code: column code}``
==========  ==============================================================================
"""

import hashlib
import hmac
import logging
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.scoping import visible_library_ids
from tyrimai.models import (
    Answer,
    Channel,
    Kiosk,
    Participation,
    Question,
    QuestionKind,
    Response,
    Study,
    StudyStatus,
    Tag,
)

logger = logging.getLogger("regionas.research")

#: The longest open answer kept (characters).
MAX_TEXT = 4000
#: Answers one address may send to one study in ``RATE_WINDOW`` seconds (a school class or a
#: library's public computer sends a few dozen; a script sends thousands and gets refused).
RATE_LIMIT = 60
RATE_WINDOW = 600
#: A kiosk may send one answer every this many seconds (a person needs longer to answer).
KIOSK_PAUSE = 10
#: A burst: this many answers from one source within ``BURST_MINUTES``.
BURST_SIZE = 5
BURST_MINUTES = 10


class Refused(ValidationError):
    """A change or an answer the rules do not allow; the message says why."""


class Invalid(Exception):
    """Answers that do not pass: ``errors`` maps a question id to what is wrong."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


# --- who may do what ------------------------------------------------------------------------

def may_edit(user) -> bool:
    """Department staff design, open and close studies and see the raw answers."""
    return user.is_authenticated and user.is_active and user.can_manage_territory


def may_read_studies(user) -> bool:
    """Studies and their questionnaires: staff and management."""
    return user.is_authenticated and user.is_active and user.sees_whole_territory


def participating_libraries(user, study: Study) -> set[int]:
    """The participating libraries whose own results the user sees: all for the
    whole-territory roles; a director their library and its outlets; a librarian their
    own unit."""
    ids = set(study.participations.values_list("library_id", flat=True))
    if user.is_authenticated and user.is_active and user.sees_whole_territory:
        return ids
    return ids & set(visible_library_ids(user))


def may_read_results(user, study: Study) -> bool:
    """Results: the whole-territory roles; a librarian whose library (or, for a director,
    an outlet) takes part — who then also sees the territory's totals."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.sees_whole_territory or bool(participating_libraries(user, study))


def studies_with_results_for(user):
    """The studies whose results the user may open (the list a librarian sees)."""
    studies = Study.objects.exclude(status=StudyStatus.DRAFT)
    if user.is_authenticated and user.is_active and user.sees_whole_territory:
        return studies
    return studies.filter(participations__library_id__in=visible_library_ids(user)).distinct()


def may_enter_paper(user, participation: Participation) -> bool:
    """Paper questionnaires are typed in by staff, or by the library's own people."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.can_manage_territory or participation.library_id in visible_library_ids(user)


# --- the questionnaire's rules ----------------------------------------------------------------

def shown(question: Question, answers: dict) -> bool:
    """Show-if: a question with a condition is shown when the answer to the question it
    depends on is one of the listed option codes (any of them, for a multiple choice)."""
    if question.show_if_id is None:
        return True
    given = answers.get(question.show_if_id)
    wanted = {int(code) for code in question.show_if_codes or []}
    if isinstance(given, dict):
        chosen = set(given.get("options") or [])
        if given.get("option") is not None:
            chosen.add(given["option"])
        return bool(chosen & wanted)
    if given is None or given == "":
        return False
    try:
        return int(Decimal(str(given))) in wanted
    except (InvalidOperation, ValueError):
        return False


def _number(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        raise ValueError from None


def clean_answers(study: Study, raw: dict, *, consent: bool = False) -> dict:
    """The answers as they will be stored, by question id; ``Invalid`` with the errors of
    every question that does not pass. Answers to questions not shown are dropped; answers
    to a personal-data question are dropped without the consent."""
    questions = list(study.questions.select_related("section").prefetch_related("options"))
    cleaned, errors = {}, {}
    for question in questions:                      # in order: show-if reads earlier ones
        if not shown(question, cleaned):
            continue
        if question.personal and not consent:
            continue
        try:
            value = _clean_one(question, raw.get(question.pk))
        except ValueError as problem:
            errors[question.pk] = str(problem) or _("This answer is not one of the choices.")
            continue
        if _empty(value):
            if question.required:
                errors[question.pk] = _("Please answer this question.")
            continue
        cleaned[question.pk] = value
    if errors:
        raise Invalid(errors)
    return cleaned


def _empty(value) -> bool:
    if value is None or value == "" or value == {} or value == []:
        return True
    if isinstance(value, dict) and set(value) <= {"option", "options", "other"}:
        return (value.get("option") is None and not value.get("options")
                and not (value.get("other") or "").strip())
    return False


def _clean_one(question: Question, value):
    kind = question.kind
    columns = {o.code for o in question.options.all() if not o.row}
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        value = value or {}
        other = (value.get("other") or "").strip()[:MAX_TEXT] if question.allow_other else ""
        if kind == QuestionKind.SINGLE:
            code = value.get("option")
            code = None if code in (None, "") else int(code)
            if code is not None and code not in columns:
                raise ValueError
            if code is not None and other:
                raise ValueError(_("Choose one answer or write your own, not both."))
            return {"option": code, "other": other}
        codes = sorted({int(c) for c in value.get("options") or [] if c not in (None, "")})
        if set(codes) - columns:
            raise ValueError
        return {"options": codes, "other": other}
    if kind == QuestionKind.MATRIX:
        rows = {o.code for o in question.options.all() if o.row}
        value = value or {}
        chosen = {}
        for row, column in value.items():
            if column in (None, ""):
                continue
            row, column = int(row), int(column)
            if row not in rows or column not in columns:
                raise ValueError
            chosen[row] = column
        if question.required and chosen and len(chosen) < len(rows):
            raise ValueError(_("Please answer every row."))
        return chosen
    if kind in (QuestionKind.SHORT, QuestionKind.LONG):
        text = (value or "").strip() if isinstance(value, str) else ""
        limit = 300 if kind == QuestionKind.SHORT else MAX_TEXT
        if len(text) > limit:
            raise ValueError(_("The answer is too long (at most %(limit)d characters).")
                             % {"limit": limit})
        return text
    number = _number(value)
    if number is None:
        return None
    if kind == QuestionKind.LIKERT:
        low, high = 1, question.scale_points
    elif kind == QuestionKind.NPS:
        low, high = 0, 10
    else:
        low, high = question.minimum, question.maximum
    if kind != QuestionKind.NUMBER and number != number.to_integral_value():
        raise ValueError
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(_("The number must be between %(low)s and %(high)s.")
                         % {"low": low if low is not None else "…",
                            "high": high if high is not None else "…"})
    return number


# --- answers --------------------------------------------------------------------------------

def source_of(address: str, when=None) -> str:
    """A keyed hash of the address and the day: answers from one place can be grouped on
    that day, and the address itself is never stored."""
    day = timezone.localdate(when or timezone.now()).isoformat()
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{day}|{address}".encode(), hashlib.sha256).hexdigest()[:16]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rate_allows(participation: Participation, source: str) -> bool:
    """At most ``RATE_LIMIT`` answers to one study from one source in ``RATE_WINDOW``
    seconds (counted in the cache; a kiosk has its own rule)."""
    key = f"tyrimai:rate:{participation.study_id}:{source}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:                      # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count <= RATE_LIMIT


def kiosk_allows(kiosk: Kiosk) -> bool:
    return cache.add(f"tyrimai:kiosk:{kiosk.pk}", 1, KIOSK_PAUSE)


@transaction.atomic
def submit_response(*, participation: Participation, raw: dict, channel: str = Channel.LINK,
                    language: str = "lt", source: str = "", form_token: str = "",
                    kiosk: Kiosk | None = None, entered_by=None, paper_number: str = "",
                    consent: bool = False, today=None) -> Response:
    """Store one respondent's answers (see the module for ``raw``). Refused when the study
    is not open, the library does not take part or the form was sent before; ``Invalid``
    with the errors when answers do not pass."""
    study = participation.study
    if not study.accepts_answers(today):
        raise Refused(_("This study does not accept answers now."), code="closed")
    if not participation.active:
        raise Refused(_("This library does not collect answers for the study."),
                      code="not_participating")
    if channel == Channel.PAPER and entered_by is None:
        raise Refused(_("A paper questionnaire is typed in by a signed-in user."),
                      code="paper")
    answers = clean_answers(study, raw, consent=consent)
    if not answers:
        raise Invalid({None: _("The questionnaire is empty.")})
    language = language if language in study.all_languages else "lt"
    response = Response(study=study, participation=participation,
                        library_id=participation.library_id, channel=channel,
                        language=language, source=source, kiosk=kiosk,
                        entered_by=entered_by, paper_number=paper_number[:20],
                        consent=consent and _asks_personal(study),
                        form_token=token_hash(form_token) if form_token else None)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise Refused(_("These answers were already received. Thank you!"),
                      code="again") from None
    Answer.objects.bulk_create(_answer_rows(response, study, answers))
    logger.info("study %s: response %s (%s, library %s)", study.pk, response.pk, channel,
                participation.library_id)
    return response


def _asks_personal(study: Study) -> bool:
    return study.questions.filter(personal=True).exists()


def _answer_rows(response: Response, study: Study, answers: dict) -> list[Answer]:
    questions = {q.pk: q for q in study.questions.prefetch_related("options")}
    rows = []
    for question_id, value in answers.items():
        question = questions[question_id]
        options = {(o.row, o.code): o for o in question.options.all()}
        base = {"response": response, "question": question}
        if question.kind == QuestionKind.SINGLE:
            if value["option"] is not None:
                rows.append(Answer(**base, option=options[(False, value["option"])]))
            if value["other"]:
                rows.append(Answer(**base, text=value["other"], other=True))
        elif question.kind == QuestionKind.MULTIPLE:
            rows += [Answer(**base, option=options[(False, code)]) for code in value["options"]]
            if value["other"]:
                rows.append(Answer(**base, text=value["other"], other=True))
        elif question.kind == QuestionKind.MATRIX:
            rows += [Answer(**base, row=options[(True, row)], option=options[(False, column)],
                            number=Decimal(column)) for row, column in value.items()]
        elif question.kind == QuestionKind.LIKERT:
            rows.append(Answer(**base, number=value, option=options.get((False, int(value)))))
        elif question.is_text:
            rows.append(Answer(**base, text=value))
        else:
            rows.append(Answer(**base, number=value))
    return rows


# --- the department's care of the answers -------------------------------------------------------

def exclude_responses(*, study: Study, ids, reason: str, by, exclude: bool = True) -> int:
    """Exclude answers from the results (a burst of ballot stuffing, a test), or count them
    again; the answers themselves stay. Returns how many changed."""
    if not may_edit(by):
        raise PermissionDenied
    if exclude and not reason.strip():
        raise Refused(_("Say why the answers are excluded."), code="reason")
    responses = study.responses.filter(pk__in=list(ids)).exclude(excluded=exclude)
    changed = responses.update(excluded=exclude, excluded_reason=reason.strip()[:200]
                               if exclude else "", excluded_by=by if exclude else None)
    logger.info("study %s: %s responses %s by user %s", study.pk, changed,
                "excluded" if exclude else "counted again", by.pk)
    return changed


def bursts(study: Study) -> list[dict]:
    """Groups of at least ``BURST_SIZE`` answers from one source (address and day) within
    ``BURST_MINUTES`` of each other — kiosks and paper excluded, they are expected to send
    many. Each: source, library, first and last time, the response ids, how many are
    excluded already."""
    found = []
    window = timedelta(minutes=BURST_MINUTES)
    rows = (study.responses.filter(channel=Channel.LINK).exclude(source="")
            .order_by("source", "submitted_at")
            .values_list("pk", "source", "submitted_at", "library_id", "excluded"))
    current: list = []

    def close():
        if len(current) >= BURST_SIZE:
            found.append({"source": current[0][1], "library_id": current[0][3],
                          "first": current[0][2], "last": current[-1][2],
                          "ids": [row[0] for row in current],
                          "excluded": sum(1 for row in current if row[4])})

    for row in rows:
        if current and (row[1] != current[-1][1] or row[2] - current[-1][2] > window):
            close()
            current = []
        current.append(row)
    close()
    return sorted(found, key=lambda burst: burst["first"], reverse=True)


# --- tags on open answers -------------------------------------------------------------------

@transaction.atomic
def tag_answer(*, answer: Answer, name: str, by) -> Tag:
    """Staff tag an open answer ("opening hours", "parking"); a tag of the same name (any
    case) in the study is reused."""
    if not may_edit(by):
        raise PermissionDenied
    study = answer.question.study
    tag = Tag.objects.filter(study=study, name__iexact=name).first()
    if tag is None:
        tag = Tag.objects.create(study=study, name=name[:60])
    answer.tags.add(tag)
    return tag


def untag_answer(*, answer: Answer, tag: Tag, by) -> None:
    if not may_edit(by):
        raise PermissionDenied
    answer.tags.remove(tag)


# --- kiosks ---------------------------------------------------------------------------------------

KIOSK_HOURS = 12


def authorise_kiosk(*, participation: Participation, name: str, by,
                    hours: int = KIOSK_HOURS) -> tuple[Kiosk, str]:
    """Staff (or the library's director or librarian) turn a shared desk tablet into a
    kiosk for the library's link for ``hours``; the key goes into the tablet's cookie and
    only its hash is kept."""
    import secrets

    if not may_enter_paper(by, participation):
        raise PermissionDenied
    key = secrets.token_urlsafe(24)
    kiosk = Kiosk.objects.create(participation=participation, name=name.strip()[:80] or "—",
                                 key_hash=token_hash(key), authorised_by=by,
                                 expires_at=timezone.now() + timedelta(hours=hours))
    logger.info("study %s: kiosk %s authorised by user %s", participation.study_id, kiosk.pk,
                by.pk)
    return kiosk, key


def kiosk_for(participation: Participation, key: str | None) -> Kiosk | None:
    if not key:
        return None
    kiosk = Kiosk.objects.filter(participation=participation, key_hash=token_hash(key)).first()
    return kiosk if kiosk is not None and kiosk.is_valid() else None


def end_kiosk(kiosk: Kiosk, by) -> None:
    if not may_enter_paper(by, kiosk.participation):
        raise PermissionDenied
    Kiosk.objects.filter(pk=kiosk.pk).update(active=False)


# --- studies ----------------------------------------------------------------------------------

def set_status(*, study: Study, to: str, by) -> Study:
    """Draft → open (needs a question and a participating library) → closed (and open
    again, e.g. to extend the period). Opening a draft tells the participating libraries'
    directors their link, once the change is committed."""
    if not may_edit(by):
        raise PermissionDenied
    with transaction.atomic():
        study = Study.objects.select_for_update().get(pk=study.pk)
        was = study.status
        if to == StudyStatus.OPEN:
            if not study.questions.exists():
                raise Refused(_("Add at least one question first."), code="empty")
            if not study.participations.filter(active=True).exists():
                raise Refused(_("Add at least one participating library first."),
                              code="no_libraries")
        elif to == StudyStatus.DRAFT and study.responses.exists():
            raise Refused(_("A study with answers cannot go back to a draft."),
                          code="answered")
        study.status, study.version = to, study.version + 1
        study._change_reason = f"status {was} → {to}"
        study.save(update_fields=["status", "version"])     # a history row says who
        if was == StudyStatus.DRAFT and to == StudyStatus.OPEN:
            from tyrimai.tasks_studies import notify_study_opened

            study_id = study.pk
            transaction.on_commit(lambda: notify_study_opened.delay(study_id))
    logger.info("study %s → %s by user %s", study.pk, to, by.pk)
    return study


def set_participants(*, study: Study, libraries, by) -> None:
    """The libraries taking part: new ones get a link; removed ones without answers are
    dropped, with answers they stop accepting (their answers stay)."""
    if not may_edit(by):
        raise PermissionDenied
    wanted = {library.pk for library in libraries}
    with transaction.atomic():
        existing = {p.library_id: p for p in study.participations.all()}
        for library_id in wanted - existing.keys():
            Participation.objects.create(study=study, library_id=library_id)
        for library_id, participation in existing.items():
            if library_id in wanted and not participation.active:
                Participation.objects.filter(pk=participation.pk).update(active=True)
            elif library_id not in wanted:
                if participation.responses.exists():
                    Participation.objects.filter(pk=participation.pk).update(active=False)
                else:
                    participation.delete()
