"""Writes of the study designer: a new study (empty, from a shipped questionnaire, or a copy
of an earlier round), its facts (safe against two editors), and the questionnaire's
sections, questions and options.

Once a study has answers (``Study.questionnaire_locked``) the answers point to its
questions and options by code, so only texts may change: codes, kinds, options, the order
and the show-if stay as they are, and nothing is added or deleted. The forms show those
fields disabled; these functions refuse them anyway (a form is not a guard)."""

import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tyrimai import questionnaire
from tyrimai.models import (
    CHOICE_KINDS,
    Option,
    Question,
    QuestionKind,
    Section,
    Study,
)
from tyrimai.services import Refused, may_edit
from tyrimai.standard import TEMPLATES

logger = logging.getLogger("regionas.research")

#: Fields of a question that only texts may change once answers came in.
STRUCTURE = ("code", "kind", "required", "allow_other", "scale_points", "minimum", "maximum",
             "show_if_id", "show_if_codes", "personal")
STEP = 10


def _editor(by) -> None:
    if not may_edit(by):
        raise PermissionDenied


def _unlocked(study: Study) -> None:
    if study.questionnaire_locked:
        raise Refused(_("The study already has answers: only the texts of its questionnaire "
                        "may change."), code="locked")


# --- the study --------------------------------------------------------------------------------

@transaction.atomic
def create_study(*, study: Study, by, template: str = "", copy_of: Study | None = None
                 ) -> Study:
    """Save a new study and fill its questionnaire: from a shipped template (its key kept
    in ``Study.template``) or as a copy of an earlier study (which becomes ``previous``:
    results compare round to round by question code)."""
    _editor(by)
    data = None
    if copy_of is not None:
        data = questionnaire.serialize(copy_of)
        study.previous = copy_of
        study.template = copy_of.template
        if not study.languages:
            study.languages = list(copy_of.languages or [])
    elif template:
        if template not in TEMPLATES:
            raise Refused({"start": _("There is no such questionnaire.")})
        data = TEMPLATES[template][1]
        study.template = template
    study.created_by = by
    study.version = 1
    study.save()
    if data is not None:
        questionnaire.build(study, data)
    logger.info("study %s created by user %s (%s)", study.pk, by.pk,
                f"copy of {copy_of.pk}" if copy_of else template or "empty")
    return study


def update_study(study: Study, *, by, seen_version: int | None) -> Study:
    """Save the study's facts the form changed; refused (``code="stale"``) when someone
    saved it after the user opened it."""
    _editor(by)
    with transaction.atomic():
        current = Study.objects.select_for_update().get(pk=study.pk)
        if seen_version is not None and current.version != seen_version:
            raise Refused(_("Someone else changed this study while you were editing it."),
                          code="stale")
        study.status = current.status
        study.version = current.version + 1
        study.save()
    return study


# --- sections ---------------------------------------------------------------------------------

def add_section(*, study: Study, title: dict, by) -> Section:
    _editor(by)
    _unlocked(study)
    last = study.sections.aggregate(last=Max("order"))["last"] or 0
    return Section.objects.create(study=study, order=last + STEP, title=title)


def update_section(section: Section, *, title: dict, by) -> Section:
    """A section's title (a text: allowed after answers too)."""
    _editor(by)
    Section.objects.filter(pk=section.pk).update(title=title)
    section.title = title
    return section


@transaction.atomic
def delete_section(section: Section, *, by) -> None:
    _editor(by)
    _unlocked(section.study)
    outside = (Question.objects.filter(show_if__section=section)
               .exclude(section=section).values_list("code", flat=True))
    if outside:
        raise Refused(_("Questions %(codes)s are shown depending on this section's answers: "
                        "change their condition first.") % {"codes": ", ".join(outside)},
                      code="depended")
    section.delete()


def _renumber(items) -> None:
    for position, item in enumerate(items, start=1):
        if item.order != position * STEP:
            type(item).objects.filter(pk=item.pk).update(order=position * STEP)
            item.order = position * STEP


def _swap(items: list, index: int, direction: int) -> bool:
    target = index + direction
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    return True


def _conditions_keep_order(study: Study) -> None:
    """Every show-if still points to a question asked before (checked after a move)."""
    position = {pk: n for n, pk in enumerate(study.questions.order_by(
        "section__order", "order", "pk").values_list("pk", flat=True))}
    for pk, depends_on in study.questions.filter(show_if__isnull=False).values_list(
            "pk", "show_if_id"):
        if position.get(depends_on, -1) >= position[pk]:
            raise Refused(_("A question shown depending on another must come after it."),
                          code="order")


@transaction.atomic
def move_section(section: Section, *, up: bool, by) -> bool:
    """One place up or down; False at the edge."""
    _editor(by)
    study = section.study
    _unlocked(study)
    sections = list(study.sections.select_for_update().order_by("order", "pk"))
    index = next(n for n, s in enumerate(sections) if s.pk == section.pk)
    if not _swap(sections, index, -1 if up else 1):
        return False
    _renumber(sections)
    _conditions_keep_order(study)
    return True


# --- questions --------------------------------------------------------------------------------

def earlier_questions(question: Question, study: Study, section: Section):
    """The questions asked before ``question`` (a new one: before the end of its section),
    which a show-if may depend on."""
    questions = list(study.questions.select_related("section").order_by(
        "section__order", "order", "pk"))
    if question.pk:
        index = next((n for n, q in enumerate(questions) if q.pk == question.pk), None)
        return questions[:index] if index is not None else questions
    return [q for q in questions if q.section.order <= section.order]


def _allowed_condition_codes(question: Question) -> set[int] | None:
    if question.kind == QuestionKind.NPS:
        return set(range(11))
    if question.kind == QuestionKind.LIKERT:
        return set(range(1, question.scale_points + 1))
    if question.kind in CHOICE_KINDS:
        return {o.code for o in question.options.all() if not o.row}
    return None


def _check_question(question: Question, options: list[dict]) -> None:
    errors = {}
    if not question.text.get("lt", "").strip():
        errors["text_lt"] = _("Write the question in Lithuanian.")
    if question.minimum is not None and question.maximum is not None \
            and question.minimum > question.maximum:
        errors["maximum"] = _("The largest number is smaller than the smallest.")
    if question.show_if_id:
        earlier = earlier_questions(question, question.study, question.section)
        condition = next((q for q in earlier if q.pk == question.show_if_id), None)
        if condition is None:
            errors["show_if"] = _("A question may depend only on a question asked before it.")
        else:
            allowed = _allowed_condition_codes(condition)
            if allowed is None:
                errors["show_if"] = _("Choose a choice, scale or 0–10 question.")
            elif not question.show_if_codes:
                errors["show_if_codes"] = _("List the answers that show this question.")
            elif set(question.show_if_codes) - allowed:
                errors["show_if_codes"] = _("These are not answers of that question: "
                                            "%(codes)s.") % {"codes": ", ".join(
                                                str(c) for c in sorted(
                                                    set(question.show_if_codes) - allowed))}
    columns = [o for o in options if not o.get("row")]
    rows = [o for o in options if o.get("row")]
    kind = question.kind
    if kind in CHOICE_KINDS and len(columns) < 2 and not (columns and question.allow_other):
        errors["options"] = _("A choice question needs at least two answers.")
    if kind == QuestionKind.MATRIX and (len(columns) < 2 or not rows):
        errors["options"] = _("A matrix needs rows and at least two columns of its scale.")
    if kind == QuestionKind.LIKERT and columns and sorted(o["code"] for o in columns) != list(
            range(1, question.scale_points + 1)):
        errors["options"] = _("A scale of %(points)d points has the answers coded 1 to "
                              "%(points)d.") % {"points": question.scale_points}
    for group in (columns, rows):
        codes = [o["code"] for o in group]
        if len(codes) != len(set(codes)):
            errors["options"] = _("Two answers have the same code.")
    if errors:
        raise Refused(errors)


def _structure(question: Question) -> tuple:
    """What only a questionnaire without answers may change, comparable."""
    def plain(name):
        value = getattr(question, name)
        if name in ("minimum", "maximum") and value is not None:
            return Decimal(str(value))
        if name == "show_if_codes":
            return sorted(int(code) for code in value or [])
        return value
    return tuple(plain(name) for name in STRUCTURE)


def _options_for(question: Question, options: list[dict] | None) -> list[dict]:
    kind = question.kind
    if kind in (QuestionKind.NPS, QuestionKind.NUMBER, QuestionKind.SHORT, QuestionKind.LONG):
        return []
    options = [o for o in (options or []) if not o.get("delete")]
    if kind != QuestionKind.MATRIX:
        options = [{**o, "row": False} for o in options]
    if kind == QuestionKind.LIKERT and not options:
        return questionnaire.default_options(kind, question.scale_points)
    return options


@transaction.atomic
def save_question(question: Question, *, options: list[dict] | None, by) -> Question:
    """Add or change a question and its options (``options``: dicts of ``id`` (an existing
    option's), ``code``, ``label``, ``row``, ``delete``). After answers only texts change:
    the question's and the options' labels."""
    _editor(by)
    study = question.study
    locked = study.questionnaire_locked
    if question.pk is None:
        _unlocked(study)
        last = question.section.questions.aggregate(last=Max("order"))["last"] or 0
        question.order = last + STEP
    stored = None
    if question.pk is not None:
        stored = Question.objects.select_for_update().get(pk=question.pk, study=study)
        if locked and _structure(stored) != _structure(question):
            raise Refused(_("The study already has answers: only the texts of its "
                            "questionnaire may change."), code="locked")
        question.order = stored.order
        question.section_id = stored.section_id
    wanted = _options_for(question, options)
    existing = {o.pk: o for o in question.options.all()} if question.pk else {}
    if locked and stored is not None:
        _locked_options(existing, options or [])
        wanted = [{**o, "code": existing[o["id"]].code, "row": existing[o["id"]].row}
                  for o in options or [] if o.get("id") in existing]
    _check_question(question, wanted)
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:
        raise Refused({"code": _("Another question of this study has this code.")}) from None
    _write_options(question, wanted, existing)
    return question


def _locked_options(existing: dict, options: list[dict]) -> None:
    given = {o.get("id"): o for o in options if o.get("id")}
    new = [o for o in options if not o.get("id") and not o.get("delete")]
    changed = [o for pk, o in given.items() if pk in existing and (
        o.get("delete") or o["code"] != existing[pk].code
        or bool(o.get("row")) != existing[pk].row)]
    if new or changed or set(existing) - set(given):
        raise Refused(_("The study already has answers: only the texts of its questionnaire "
                        "may change."), code="locked")


def _write_options(question: Question, wanted: list[dict], existing: dict) -> None:
    keep = {o["id"] for o in wanted if o.get("id") in existing}
    Option.objects.filter(question=question).exclude(pk__in=keep).delete()
    # codes may swap between options: park the kept ones on free codes first
    for n, pk in enumerate(keep, start=1):
        Option.objects.filter(pk=pk).update(code=-1000 - n)
    for order, data in enumerate(wanted, start=1):
        values = {"order": order, "code": data["code"], "label": data.get("label") or {},
                  "row": bool(data.get("row"))}
        if data.get("id") in existing:
            Option.objects.filter(pk=data["id"]).update(**values)
        else:
            Option.objects.create(question=question, **values)


@transaction.atomic
def delete_question(question: Question, *, by) -> None:
    _editor(by)
    _unlocked(question.study)
    dependants = list(question.dependants.values_list("code", flat=True))
    if dependants:
        raise Refused(_("Questions %(codes)s are shown depending on this one: change their "
                        "condition first.") % {"codes": ", ".join(dependants)},
                      code="depended")
    question.delete()


@transaction.atomic
def move_question(question: Question, *, up: bool, by) -> bool:
    """One place up or down within its section; False at the section's edge; refused
    when a show-if would point to a question asked later."""
    _editor(by)
    study = question.study
    _unlocked(study)
    siblings = list(Question.objects.select_for_update().filter(section_id=question.section_id)
                    .order_by("order", "pk"))
    index = next(n for n, q in enumerate(siblings) if q.pk == question.pk)
    if not _swap(siblings, index, -1 if up else 1):
        return False
    _renumber(siblings)
    _conditions_keep_order(study)
    return True
