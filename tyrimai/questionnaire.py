"""A questionnaire as plain data, and back: the shipped templates are written in this
shape (``tyrimai.standard``), and copying last year's study goes through it, so a copy
keeps every code (and results compare year to year by question code).

::

    {"intro": {"lt": …}, "thanks": {"lt": …}, "key_question": "Q5",
     "sections": [{"title": {"lt": …, "en": …},
                   "questions": [{"code": "Q1", "kind": "single", "text": {…},
                                  "help_text": {…}, "required": true, "allow_other": false,
                                  "scale_points": 5, "minimum": null, "maximum": null,
                                  "personal": false, "show_if": "Q0", "show_if_codes": [1],
                                  "options": [{"code": 1, "label": {…}, "row": false}]}]}]}
"""

from decimal import Decimal

from django.db import transaction

from tyrimai.models import Option, Question, QuestionKind, Section, Study

#: A Likert scale's points when a template does not list them (agreement, 5 points).
LIKERT_LABELS = {
    5: [{"lt": "Visiškai nesutinku", "en": "Strongly disagree", "ru": "Совершенно не согласен",
         "pl": "Zdecydowanie się nie zgadzam"},
        {"lt": "Nesutinku", "en": "Disagree", "ru": "Не согласен", "pl": "Nie zgadzam się"},
        {"lt": "Nei sutinku, nei nesutinku", "en": "Neither agree nor disagree",
         "ru": "Ни да, ни нет", "pl": "Ani się zgadzam, ani nie"},
        {"lt": "Sutinku", "en": "Agree", "ru": "Согласен", "pl": "Zgadzam się"},
        {"lt": "Visiškai sutinku", "en": "Strongly agree", "ru": "Полностью согласен",
         "pl": "Zdecydowanie się zgadzam"}],
}


def _plain(value):
    return None if value is None else (str(value) if isinstance(value, Decimal) else value)


def serialize(study: Study) -> dict:
    questions = {}
    for question in study.questions.prefetch_related("options").select_related("show_if"):
        questions.setdefault(question.section_id, []).append({
            "code": question.code, "kind": question.kind, "text": question.text,
            "help_text": question.help_text, "required": question.required,
            "allow_other": question.allow_other, "scale_points": question.scale_points,
            "minimum": _plain(question.minimum), "maximum": _plain(question.maximum),
            "personal": question.personal,
            "show_if": question.show_if.code if question.show_if_id else None,
            "show_if_codes": list(question.show_if_codes or []),
            "options": [{"code": o.code, "label": o.label, "row": o.row}
                        for o in question.options.all()]})
    return {"intro": study.intro, "thanks": study.thanks,
            "key_question": study.key_question.code if study.key_question_id else None,
            "sections": [{"title": section.title, "questions": questions.get(section.pk, [])}
                         for section in study.sections.all()]}


def default_options(kind: str, scale_points: int = 5) -> list[dict]:
    """The options a Likert question gets when none are given."""
    if kind == QuestionKind.LIKERT:
        labels = LIKERT_LABELS.get(scale_points) or [{"lt": str(n)} for n in
                                                      range(1, scale_points + 1)]
        return [{"code": n, "label": label, "row": False}
                for n, label in enumerate(labels, start=1)]
    return []


@transaction.atomic
def build(study: Study, data: dict) -> Study:
    """Fill an empty study's questionnaire from ``data`` (see the module)."""
    by_code = {}
    pending_conditions = []
    for section_order, section_data in enumerate(data.get("sections", []), start=1):
        section = Section.objects.create(study=study, order=section_order * 10,
                                         title=section_data.get("title") or {})
        for order, q in enumerate(section_data.get("questions", []), start=1):
            question = Question.objects.create(
                study=study, section=section, order=order * 10, code=q["code"],
                kind=q["kind"], text=q.get("text") or {}, help_text=q.get("help_text") or {},
                required=q.get("required", False), allow_other=q.get("allow_other", False),
                scale_points=q.get("scale_points") or 5,
                minimum=q.get("minimum"), maximum=q.get("maximum"),
                personal=q.get("personal", False))
            options = q.get("options") or default_options(q["kind"], question.scale_points)
            Option.objects.bulk_create(
                Option(question=question, order=n, code=o["code"], label=o.get("label") or {},
                       row=o.get("row", False)) for n, o in enumerate(options, start=1))
            by_code[question.code] = question
            if q.get("show_if"):
                pending_conditions.append((question, q["show_if"], q.get("show_if_codes", [])))
    for question, code, codes in pending_conditions:
        Question.objects.filter(pk=question.pk).update(show_if=by_code[code],
                                                       show_if_codes=codes)
    Study.objects.filter(pk=study.pk).update(
        intro=data.get("intro") or {}, thanks=data.get("thanks") or {},
        key_question=by_code.get(data.get("key_question")))
    study.refresh_from_db()
    return study
