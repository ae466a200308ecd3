"""The shipped questionnaires: they build into a study, every text is in every language,
codes are unique, the show-if and the key question point where they should."""

import re
from datetime import date

import pytest

from tyrimai import services
from tyrimai.models import LANGUAGE_CODES, Participation, QuestionKind, Study, StudyStatus
from tyrimai.questionnaire import build, serialize
from tyrimai.standard import TEMPLATE, TEMPLATES

LITHUANIAN_LETTERS = re.compile("[ąčęėįšųūž]", re.IGNORECASE)


def _texts(data: dict):
    """Every language dict of a questionnaire, with where it is."""
    yield "intro", data["intro"]
    yield "thanks", data["thanks"]
    for section in data["sections"]:
        yield "section", section["title"]
        for question in section["questions"]:
            yield question["code"], question["text"]
            if question.get("help_text"):
                yield f"{question['code']} help", question["help_text"]
            for option in question.get("options", []):
                yield f"{question['code']}/{option['code']}", option["label"]


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_text_of_a_shipped_template_is_in_all_four_languages(key):
    _label, data = TEMPLATES[key]
    for where, texts in _texts(data):
        assert set(texts) == set(LANGUAGE_CODES), where
        assert all(value.strip() for value in texts.values()), where


def test_lithuanian_texts_are_written_with_diacritics_and_russian_in_cyrillic():
    texts = [t for _where, t in _texts(TEMPLATE)]
    assert sum(bool(LITHUANIAN_LETTERS.search(t["lt"])) for t in texts) > len(texts) // 3
    assert all(re.search("[а-яё]", t["ru"], re.IGNORECASE) for t in texts
               if re.search("[a-z]", t["en"], re.IGNORECASE))


def test_question_codes_are_unique_and_option_codes_unique_within_a_question():
    questions = [q for s in TEMPLATE["sections"] for q in s["questions"]]
    codes = [q["code"] for q in questions]
    assert len(codes) == len(set(codes))
    for q in questions:
        for row in (False, True):
            option_codes = [o["code"] for o in q.get("options", []) if o.get("row") == row]
            assert len(option_codes) == len(set(option_codes)), q["code"]


def test_the_template_covers_the_kinds_a_satisfaction_study_needs():
    questions = {q["code"]: q for s in TEMPLATE["sections"] for q in s["questions"]}
    kinds = {q["kind"] for q in questions.values()}
    assert {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MATRIX,
            QuestionKind.LIKERT, QuestionKind.NPS, QuestionKind.LONG} <= kinds
    assert questions[TEMPLATE["key_question"]]["kind"] == QuestionKind.LIKERT
    personal = [q for q in questions.values() if q.get("personal")]
    assert len(personal) == 1 and not personal[0].get("required")
    matrix = next(q for q in questions.values() if q["kind"] == QuestionKind.MATRIX)
    assert len([o for o in matrix["options"] if o["row"]]) == 7


@pytest.mark.django_db
def test_the_template_builds_a_study_whose_copy_is_the_same_data():
    study = Study.objects.create(title="Pasitenkinimas", opens_on=date(2026, 3, 1),
                                 closes_on=date(2026, 4, 1), languages=["en", "ru", "pl"])
    build(study, TEMPLATE)
    assert study.questions.count() == 11
    assert study.key_question.code == "Q5"
    rare = study.questions.get(code="Q2")
    assert rare.show_if.code == "Q1" and rare.show_if_codes == [5, 6]
    copied = serialize(study)
    assert [q["code"] for s in copied["sections"] for q in s["questions"]] == [
        q["code"] for s in TEMPLATE["sections"] for q in s["questions"]]
    assert copied["sections"][1]["questions"][0]["options"] == [
        {"code": o["code"], "label": o["label"], "row": o["row"]}
        for o in sorted(TEMPLATE["sections"][1]["questions"][0]["options"],
                        key=lambda o: o["row"])]


@pytest.mark.django_db
def test_rare_visitors_are_asked_why_and_frequent_ones_are_not(territory):
    study = Study.objects.create(title="Pasitenkinimas", opens_on=date(2020, 1, 1),
                                 closes_on=date(2100, 1, 1), status=StudyStatus.OPEN)
    build(study, TEMPLATE)
    link = Participation.objects.create(study=study, library=territory.system_a)
    ids = {q.code: q.pk for q in study.questions.all()}
    why = {"options": [2], "other": "Nėra autobuso"}
    frequent = services.submit_response(participation=link, raw={
        ids["Q1"]: {"option": 1}, ids["Q2"]: why, ids["Q5"]: 4})
    rare = services.submit_response(participation=link, raw={
        ids["Q1"]: {"option": 6}, ids["Q2"]: why, ids["Q5"]: 2})
    assert not frequent.answers.filter(question_id=ids["Q2"]).exists()
    assert rare.answers.filter(question_id=ids["Q2"]).count() == 2


def test_templates_have_a_label():
    for label, data in TEMPLATES.values():
        assert str(label) and data["sections"]
