"""Studies for tests, the benchmark and the demo: a questionnaire with every kind of
question, made through ``tyrimai.questionnaire.build``; answers through
``services.submit_response`` (as respondents send them) or, in bulk, ``load_responses``."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tyrimai import services
from tyrimai.models import (
    Answer,
    Channel,
    Option,
    Participation,
    Question,
    QuestionKind,
    Response,
    Study,
    StudyStatus,
)
from tyrimai.questionnaire import build

#: One question of every kind; "Q2" shows only to those who visit (Q1 = 1 or 2).
EVERY_KIND = {
    "intro": {"lt": "Ačiū, kad skiriate laiko.", "en": "Thank you for your time."},
    "thanks": {"lt": "Dėkojame!", "en": "Thank you!"},
    "key_question": "Q4",
    "sections": [
        {"title": {"lt": "Lankymasis", "en": "Visits"}, "questions": [
            {"code": "Q1", "kind": "single", "required": True,
             "text": {"lt": "Kaip dažnai lankotės bibliotekoje?",
                      "en": "How often do you visit the library?"},
             "options": [{"code": 1, "label": {"lt": "Kas savaitę", "en": "Weekly"}},
                         {"code": 2, "label": {"lt": "Kas mėnesį", "en": "Monthly"}},
                         {"code": 3, "label": {"lt": "Nesilankau", "en": "Never"}}]},
            {"code": "Q2", "kind": "multiple", "allow_other": True, "show_if": "Q1",
             "show_if_codes": [1, 2],
             "text": {"lt": "Kodėl lankotės?", "en": "Why do you visit?"},
             "options": [{"code": 1, "label": {"lt": "Knygos", "en": "Books"}},
                         {"code": 2, "label": {"lt": "Renginiai", "en": "Events"}},
                         {"code": 3, "label": {"lt": "Internetas", "en": "Internet"}}]},
            {"code": "Q3", "kind": "matrix", "text": {"lt": "Įvertinkite", "en": "Rate"},
             "options": [{"code": 1, "label": {"lt": "Prastai"}},
                         {"code": 2, "label": {"lt": "Vidutiniškai"}},
                         {"code": 3, "label": {"lt": "Gerai"}},
                         {"code": 1, "label": {"lt": "Fondas", "en": "Collection"},
                          "row": True},
                         {"code": 2, "label": {"lt": "Darbo laikas", "en": "Hours"},
                          "row": True}]},
        ]},
        {"title": {"lt": "Vertinimas", "en": "Rating"}, "questions": [
            {"code": "Q4", "kind": "likert", "required": True,
             "text": {"lt": "Esu patenkintas biblioteka", "en": "I am satisfied"}},
            {"code": "Q5", "kind": "nps",
             "text": {"lt": "Ar rekomenduotumėte?", "en": "Would you recommend it?"}},
            {"code": "Q6", "kind": "number", "minimum": 0, "maximum": 120,
             "text": {"lt": "Jūsų amžius", "en": "Your age"}},
            {"code": "Q7", "kind": "short", "text": {"lt": "Ko trūksta?"}},
            {"code": "Q8", "kind": "long", "text": {"lt": "Pasiūlymai"}},
            {"code": "Q9", "kind": "short", "personal": True,
             "text": {"lt": "El. paštas atsakymui", "en": "E-mail for a reply"}},
        ]},
    ],
}


def make_study(*, libraries=(), title="Vartotojų pasitenkinimo tyrimas 2026", data=None,
               status=StudyStatus.OPEN, by=None, days=30, previous=None,
               languages=("en",)) -> Study:
    today = timezone.localdate()
    study = Study.objects.create(title=title, opens_on=today - timedelta(days=1),
                                 closes_on=today + timedelta(days=days), status=status,
                                 languages=list(languages), created_by=by, previous=previous)
    build(study, data or EVERY_KIND)
    for library in libraries:
        Participation.objects.create(study=study, library=library)
    return study


def question(study: Study, code: str) -> Question:
    return study.questions.get(code=code)


def answer(participation: Participation, *, by=None, **by_code) -> Response:
    """One response through the service, answers given by code, e.g.
    ``answer(p, Q1={"option": 1, "other": ""}, Q4=4)``; Q1 and Q4 (required) default."""
    study = participation.study
    codes = {q.code: q.pk for q in study.questions.all()}
    by_code.setdefault("Q1", {"option": 1, "other": ""})
    by_code.setdefault("Q4", 4)
    raw = {codes[code]: value for code, value in by_code.items() if code in codes}
    channel = Channel.PAPER if by is not None else Channel.LINK
    return services.submit_response(participation=participation, raw=raw, channel=channel,
                                    entered_by=by)


def load_responses(study: Study, count: int, *, seed: int = 7, when=None,
                   batch: int = 2000) -> int:
    """``count`` random but plausible responses spread over the study's libraries, written
    in bulk (the benchmark's and the demo's way; the service checks one at a time)."""
    rng = random.Random(seed)
    participations = list(study.participations.all())
    questions = list(study.questions.prefetch_related("options"))
    when = when or timezone.now()
    made = 0
    while made < count:
        size = min(batch, count - made)
        responses = Response.objects.bulk_create(
            Response(study=study, participation=p, library_id=p.library_id,
                     submitted_at=when - timedelta(minutes=rng.randint(0, 60 * 24 * 20)),
                     channel=rng.choice([Channel.LINK, Channel.LINK, Channel.KIOSK,
                                         Channel.PAPER]),
                     language=rng.choice(["lt"] * 9 + ["en"]))
            for p in (rng.choice(participations) for _ in range(size)))
        answers = []
        for response in responses:
            answers += _random_answers(rng, response, questions)
        Answer.objects.bulk_create(answers, batch_size=5000)
        made += size
    return made


def _random_answers(rng, response, questions) -> list[Answer]:
    rows = []
    visits = None
    for q in questions:
        columns = [o for o in q.options.all() if not o.row]
        base = {"response": response, "question": q}
        if q.show_if_id is not None and visits not in (1, 2):
            continue
        if not q.required and rng.random() < 0.15:
            continue
        if q.personal:
            continue
        if q.kind == QuestionKind.SINGLE:
            chosen = rng.choices(columns, weights=range(len(columns), 0, -1))[0]
            visits = chosen.code if q.code == "Q1" else visits
            rows.append(Answer(**base, option=chosen))
        elif q.kind == QuestionKind.MULTIPLE:
            rows += [Answer(**base, option=o) for o in rng.sample(columns, rng.randint(1, 2))]
        elif q.kind == QuestionKind.MATRIX:
            rows += [Answer(**base, row=r, option=c, number=Decimal(c.code))
                     for r in q.options.all() if r.row
                     for c in [rng.choices(columns, weights=range(1, len(columns) + 1))[0]]]
        elif q.kind == QuestionKind.LIKERT:
            option = rng.choices(columns, weights=[1, 2, 4, 8, 6][:len(columns)])[0]
            rows.append(Answer(**base, option=option, number=Decimal(option.code)))
        elif q.kind == QuestionKind.NPS:
            rows.append(Answer(**base, number=Decimal(rng.choices(
                range(11), weights=[1, 1, 1, 1, 2, 3, 4, 6, 9, 8, 6])[0])))
        elif q.kind == QuestionKind.NUMBER:
            rows.append(Answer(**base, number=Decimal(rng.randint(12, 85))))
        elif rng.random() < 0.3:
            rows.append(Answer(**base, text=rng.choice(
                ["Ilgesnis darbo laikas šeštadieniais", "Daugiau naujų knygų",
                 "Patogesnės kėdės", "Renginių vaikams", "Greitesnis internetas"])))
    return rows


def option(question_obj: Question, code: int, row: bool = False) -> Option:
    return question_obj.options.get(code=code, row=row)
